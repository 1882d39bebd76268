import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeDesktop } from '../../electron/composition.js';
import type { TraySupport } from '../../electron/tray/tray-support.js';
import { DataDirInUseError } from '../../src-core/app/instance-lock.js';
import type { PlatformPort } from '../../src-core/ipc/core-port.js';
import { systemClock } from '../../src-core/runtime/clock.js';
import { MemoryLogSink, SecretRegistry, createLogger } from '../../src-core/runtime/logger.js';
import { EndpointConfigError } from '../../src-core/twitch/endpoints.js';
import { resetFakeElectron, safeStorage } from '../fakes/electron.js';
import { fakeStartOnBoot } from '../support/fake-start-on-boot.js';

let dataDir: string;
beforeEach(() => {
  resetFakeElectron();
  dataDir = mkdtempSync(join(tmpdir(), 'cc-compose-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
  resetFakeElectron();
});

const platform: PlatformPort = { openExternal: async () => {}, openPath: async () => {}, autoStart: fakeStartOnBoot() };

function compose(env: NodeJS.ProcessEnv = {}, traySupport: TraySupport = 'yes') {
  const sink = new MemoryLogSink();
  return composeDesktop({
    dataDir,
    logDir: join(dataDir, 'logs'),
    env,
    version: '0.1.0-test',
    platform,
    clock: systemClock,
    logger: createLogger(sink),
    secrets: new SecretRegistry(),
    traySupport,
  });
}

describe('the desktop composition', () => {
  it('builds a started core on the data folder, and shutdown flushes the store and frees the folder', async () => {
    const first = await compose();
    const snapshot = first.core.snapshot();
    expect(snapshot.paths.dataDir).toBe(dataDir);
    expect(snapshot.settings.startOnBootSupported).toBe(true);
    expect(snapshot.secrets.encryptedAtRest).toBe(true);
    expect(await first.handlers.dispatch('app:set-paused', { paused: true })).toEqual({ ok: true, data: null });
    await first.shutdown();
    expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).toContain('"pauseAll": true');

    const second = await compose();
    expect(second.core.snapshot().paused).toBe(true);
    await second.shutdown();
  });

  it('refuses a data folder another process (a headless run) already works on', async () => {
    const running = await compose();
    try {
      await expect(compose()).rejects.toBeInstanceOf(DataDirInUseError);
    } finally {
      await running.shutdown();
    }
  });

  it('Settings tell the truth about logins at rest: no keyring on Linux means stored unencrypted, and why', async () => {
    safeStorage.linux = { backend: 'gnome_libsecret', keyringAnswers: false };
    const composed = await compose();
    try {
      expect(composed.core.snapshot().secrets).toEqual({
        encryptedAtRest: false,
        description: expect.stringMatching(/^Logins are stored unencrypted, readable only by your user .*did not answer/),
      });
    } finally {
      await composed.shutdown();
    }
  });

  it.each<[TraySupport, boolean]>([
    ['yes', true],
    ['unknown', false],
    ['no', false],
  ])('offers "Start hidden in the tray" only where the tray is sure to show (tray support %s: %s)', async (support, offered) => {
    const composed = await compose({}, support);
    try {
      expect(composed.core.snapshot().settings.startHiddenSupported).toBe(offered);
    } finally {
      await composed.shutdown();
    }
  });

  it('refuses to start with an insecure endpoint variable', async () => {
    await expect(compose({ TWITCH_API_URL: 'http://api.example.com/helix' })).rejects.toBeInstanceOf(EndpointConfigError);
  });
});
