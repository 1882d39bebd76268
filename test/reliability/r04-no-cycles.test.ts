import { describe, expect, it } from 'vitest';
import { MemoryLogSink, SecretRegistry, createLogger } from '../../src-core/runtime/logger.js';
import { openTokens, sealTokens } from '../../src-core/store/account-secrets.js';
import { PlainSecretBox } from '../../src-core/store/plain-secret-box.js';
import { buildAccount } from '../../src-core/store/schema.js';
import { StateStore } from '../../src-core/store/state-store.js';
import type { TokenGrant } from '../../src-core/tokens/oauth-port.js';
import { TokenSupervisor } from '../../src-core/tokens/token-supervisor.js';
import { FakeOAuth } from '../core/tokens/fake-oauth.js';
import { ManualClock } from '../support/manual-clock.js';
import { mulberry32, seedFromEnv } from './support/prng.js';

const SEED = seedFromEnv(4);

/** Settles within `ms` of real time, or says what is stuck. */
async function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms: something waits on itself`)), ms);
  });
  try {
    return await Promise.race([work, stuck]);
  } finally {
    clearTimeout(timer);
  }
}

describe('R04 no cycle between the token supervisor and the store', () => {
  it(`R04 refreshes, saves, validations and reads interleaved with tokens dying under them: 1000 operations all settle and the file ends with the live token (seed ${SEED})`, async () => {
    const prng = mulberry32(SEED);
    const clock = new ManualClock();
    const oauth = new FakeOAuth(() => clock.now());
    const secrets = new SecretRegistry();
    const logger = createLogger(new MemoryLogSink(), { secrets });
    const box = new PlainSecretBox();
    let disk: Record<string, unknown> | undefined;
    // A store whose writes take a turn of the event loop, so saves overlap everything else.
    const store = new StateStore({
      storage: {
        path: '/virtual/config.json',
        read: () => disk,
        write: async (data) => {
          await new Promise((resolve) => setImmediate(resolve));
          disk = structuredClone(data) as Record<string, unknown>;
        },
      },
      clock,
      logger,
      coalesceMs: 0,
    });
    store.load();
    const initial: TokenGrant = oauth.grant();
    const initialTokens = await sealTokens(box, initial);
    store.update((draft) => {
      draft.accounts.push(buildAccount({ id: 'a', login: 'alice', clientId: 'client', tokens: initialTokens, addedAt: 0 }));
    });
    const owner = new AbortController();
    const supervisor = new TokenSupervisor({
      clientId: 'client',
      initial,
      oauth,
      clock,
      logger,
      secrets,
      signal: owner.signal,
      random: mulberry32(SEED + 1).next,
      persist: async (grant) => {
        const tokens = await sealTokens(box, grant);
        await store.persistNow((draft) => {
          const account = draft.accounts[0];
          if (account) account.tokens = tokens;
        });
      },
      // The supervisor writes to the store from its callbacks...
      onIdentity: (identity) => {
        store.update((draft) => {
          const account = draft.accounts[0];
          if (account) account.userId = identity.userId;
        });
      },
      onInvalid: () => {
        throw new Error('the login must stay valid');
      },
    });
    // ...and a store listener reads the token (as a UI snapshot would): the loop that deadlocked.
    store.subscribe(() => void supervisor.accessToken().catch(() => {}));

    let current = initial.accessToken;
    const ops = [
      'kill-token',
      'validate',
      'validate',
      'refresh-after-401',
      'read',
      'update',
      'flush',
    ] as const;
    for (let round = 0; round < 200; round += 1) {
      const batch: Promise<unknown>[] = [];
      for (let n = 0; n < 5; n += 1) {
        const op = prng.pick(ops);
        if (op === 'kill-token') oauth.live.delete(current);
        else if (op === 'validate') batch.push(supervisor.validateNow());
        else if (op === 'refresh-after-401') batch.push(supervisor.refreshAfterUnauthorized(current).then((token) => (current = token)));
        else if (op === 'read') batch.push(supervisor.accessToken().then((token) => (current = token)));
        else if (op === 'update') store.update((draft) => void (draft.settings.pauseAll = !draft.settings.pauseAll));
        else batch.push(store.flush());
      }
      const settled = await within(3000, Promise.allSettled(batch), `round ${round}`);
      const failed = settled.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason));
      expect(failed, `round ${round} (seed ${SEED})`).toEqual([]);
    }
    await within(3000, store.flush(), 'the last flush');
    // Whatever interleaving happened, the file holds the refresh token Twitch will accept next.
    const saved = store.get().accounts[0]?.tokens;
    const onDisk = (disk?.accounts as Array<{ tokens: typeof saved }> | undefined)?.[0]?.tokens;
    expect(saved && onDisk).toBeTruthy();
    if (!saved || !onDisk) return;
    expect(oauth.liveRefresh.has((await openTokens(box, onDisk)).refreshToken)).toBe(true);
    expect(oauth.refreshCalls).toBeGreaterThan(20);
    owner.abort();
    await store.stop();
  });
});
