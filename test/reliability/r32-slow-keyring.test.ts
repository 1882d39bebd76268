import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SecretBox } from '../../src-core/store/secret-box.js';
import type { HttpRequest } from '../../src-core/twitch/http/http-client.js';
import { settleIo } from '../support/wait-for.js';
import { isLive, startCoreRig, type CoreRig } from './support/core-rig.js';

let rig: CoreRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** A keyring that answers a few event-loop turns later, as Electron's asynchronous safeStorage does. */
function slowKeyring(inner: SecretBox): SecretBox {
  return {
    scheme: inner.scheme,
    encryptedAtRest: inner.encryptedAtRest,
    description: inner.description,
    seal: async (plain) => {
      await settleIo(3);
      return inner.seal(plain);
    },
    open: async (sealed) => {
      await settleIo(3);
      return inner.open(sealed);
    },
    canOpen: (sealed) => inner.canOpen(sealed),
  };
}

/** The access tokens in the store file right now (the headless box keeps them readable). */
function accessTokensOnDisk(dataDir: string): string[] {
  const file = JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8')) as { accounts: Array<{ tokens?: { accessToken: { value?: string } } }> };
  return file.accounts.map((account) => account.tokens?.accessToken.value ?? '');
}

function bearerOf(req: HttpRequest): string | undefined {
  const header = Object.entries(req.headers ?? {}).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
  return header ? /^(?:Bearer|OAuth) (.+)$/.exec(header)?.[1] : undefined;
}

describe('R32 with an asynchronous secret box', () => {
  it('R32 a keyring that takes its time to seal: every request with an access token finds that token (and its refresh token) already in the file', async () => {
    const r = (rig = await startCoreRig({ start: false, box: slowKeyring, coalesceMs: 1_000 }));
    const alice = await r.addAccount({ login: 'alice', channels: ['alice'], resolved: true });
    const usedBeforeSaved: string[] = [];
    r.hooks.beforeSend = (req) => {
      const token = bearerOf(req);
      if (token && !accessTokensOnDisk(r.dataDir).includes(token)) usedBeforeSaved.push(req.operation);
    };
    r.core.start();
    await r.until(() => isLive(r.account(alice.accountId)), { message: 'alice live' });
    for (let round = 1; round <= 3; round += 1) {
      // Twitch expires the token; the next color change gets a 401, refreshes, and retries.
      r.fake.expireUserTokens('alice');
      r.fake.say({ channel: 'alice', chatter: 'alice', text: `message ${round}` });
      await r.until(() => r.fake.log.colorChanges(alice.userId).length === round, { message: `color change ${round}` });
    }
    expect(r.fake.log.requests({ path: '/oauth2/token', grantType: 'refresh_token' }).length).toBeGreaterThanOrEqual(3);
    expect(usedBeforeSaved).toEqual([]);
  });
});
