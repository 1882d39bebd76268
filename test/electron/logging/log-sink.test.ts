import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import log from 'electron-log/node.js';
import { afterAll, describe, expect, it } from 'vitest';
import { LOG_FILE, createElectronLogSink } from '../../../electron/logging/electron-log.js';
import { type ElectronLogFunctions, electronLogSink, redactionHook } from '../../../electron/logging/log-sink.js';
import { SecretRegistry, createLogger } from '../../../src-core/runtime/logger.js';
import { waitFor } from '../../support/wait-for.js';

const TOKEN = 'abcdefghijklmnopqrstuvwxyz0123';

function recorder() {
  const lines: Array<[string, unknown[]]> = [];
  const fake: ElectronLogFunctions = {
    error: (...p) => void lines.push(['error', p]),
    warn: (...p) => void lines.push(['warn', p]),
    info: (...p) => void lines.push(['info', p]),
    debug: (...p) => void lines.push(['debug', p]),
  };
  return { fake, lines };
}

describe('the electron-log sink', () => {
  it('writes one line per record at its level, with the event and context fields', () => {
    const { fake, lines } = recorder();
    const logger = createLogger(electronLogSink(fake));
    logger.warn('eventsub.reconnect', 'Reconnecting', { account: 'alice', attempt: 2 });
    logger.debug('x', 'no fields');
    expect(lines).toEqual([
      ['warn', ['[eventsub.reconnect] Reconnecting {"account":"alice","attempt":2}']],
      ['debug', ['[x] no fields']],
    ]);
  });

  it('R34 the hook masks registered secrets, bearer tokens and secret-named fields in anything logged', () => {
    const secrets = new SecretRegistry();
    secrets.add(TOKEN);
    const hook = redactionHook(secrets);
    const message = {
      level: 'error' as const,
      date: new Date(),
      data: [`refresh with ${TOKEN}`, 'Authorization: Bearer zzzzzzzzzzzz', { refresh_token: 'rt-value-123456', nested: { note: TOKEN } }, new Error(`failed for ${TOKEN}`)],
    };
    const out = hook(message);
    expect(out).not.toBe(false);
    const text = JSON.stringify(out && out.data);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('zzzzzzzzzzzz');
    expect(text).not.toContain('rt-value-123456');
    expect(text).toContain('[redacted]');
  });
});

describe('the app’s electron-log', () => {
  const logDir = mkdtempSync(join(tmpdir(), 'cc-logs-'));
  afterAll(() => rmSync(logDir, { recursive: true, force: true }));

  it('R34 writes to logs/main.log with secrets redacted, even for lines that bypass the core’s logger', async () => {
    const secrets = new SecretRegistry();
    secrets.add(TOKEN);
    const logger = createLogger(createElectronLogSink({ logDir, secrets, catchErrors: false }), { secrets });
    log.transports.console.level = false;
    logger.info('tokens.refreshed', `Refreshed ${TOKEN}`, { accessToken: TOKEN });
    // A library logging through electron-log directly, past our logger.
    log.warn(`raw line with ${TOKEN} and OAuth ${TOKEN}x`);
    const file = join(logDir, LOG_FILE);
    const text = await waitFor(() => {
      const content = readFileSync(file, 'utf8');
      return content.includes('raw line') ? content : null;
    });
    expect(text).toContain('[tokens.refreshed] Refreshed [redacted]');
    expect(text).not.toContain(TOKEN);
  });
});
