import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src-core/runtime/clock.js';
import { MemoryLogSink, createLogger } from '../../src-core/runtime/logger.js';
import { sealTokens } from '../../src-core/store/account-secrets.js';
import { createFileBackend } from '../../src-core/store/file-storage.js';
import { PlainSecretBox } from '../../src-core/store/plain-secret-box.js';
import { buildAccount } from '../../src-core/store/schema.js';
import { StateStore } from '../../src-core/store/state-store.js';
import { startFakeTwitch, type FakeTwitch } from '../fake-twitch/index.js';
import { waitFor } from '../support/wait-for.js';
import { mulberry32, seedFromEnv } from './support/prng.js';
import { SecretLedger } from './support/secret-ledger.js';

/** The built CLI (`npx tsc -b`); TCC_CLI_PATH points at another build (e.g. a mutated one). */
const CLI = process.env.TCC_CLI_PATH ?? fileURLToPath(new URL('../../out/cli/main.js', import.meta.url));
const SEED = seedFromEnv(32);
const ITERATIONS = 16;

let fake: FakeTwitch | undefined;
let child: ChildProcess | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  child?.kill('SIGKILL');
  child = undefined;
  await fake?.close();
  fake = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

interface StoredTokens {
  access: string;
  refresh: string;
}

function readStore(dir: string): { tokens: StoredTokens | undefined; colors: number } {
  const raw = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as {
    accounts: Array<{ tokens?: { accessToken: { value: string }; refreshToken: { value: string } }; recentColors: unknown[] }>;
  };
  const account = raw.accounts[0];
  return {
    tokens: account?.tokens ? { access: account.tokens.accessToken.value, refresh: account.tokens.refreshToken.value } : undefined,
    colors: account?.recentColors.length ?? 0,
  };
}

describe('R32 crash durability', () => {
  it(`R32 kill -9 at random points of a run (right after token refreshes, during store writes), ${ITERATIONS} times: every restart loads the store and works with the latest tokens (seed ${SEED})`, async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx tsc -b\` first`);
    const prng = mulberry32(SEED);
    const f = await startFakeTwitch({ timings: { deviceIntervalSeconds: 1 } });
    fake = f;
    const { clientId } = f.registerClient({ type: 'public' });
    const user = f.createUser({ login: 'alice', prime: true });
    const grant = f.issueToken({ user: user.id, clientId });
    const ledger = new SecretLedger();
    ledger.add(grant.access_token);
    ledger.add(grant.refresh_token);
    const dir = mkdtempSync(join(tmpdir(), 'tcc-crash-'));
    dataDir = dir;
    await seedStore(dir, clientId, user.id, grant);

    const env = {
      PATH: process.env.PATH,
      HOME: dir,
      TWITCH_AUTH_URL: f.urls.auth,
      TWITCH_API_URL: f.urls.api,
      TWITCH_EVENTSUB_URL: f.urls.eventsub,
    };
    const output: string[] = [];
    const kills: string[] = [];
    let refreshesSeen = 0;
    for (let i = 0; i < ITERATIONS; i += 1) {
      // The store left by the last kill loads cleanly: never corrupt, never set aside.
      const before = readStore(dir);
      expect(before.tokens, `iteration ${i}: tokens in the store`).toBeDefined();
      for (const secret of [before.tokens?.access, before.tokens?.refresh]) ledger.add(secret);
      expect(readdirSync(dir).filter((name) => name.includes('.corrupt-'))).toEqual([]);

      const proc = spawn(process.execPath, [CLI, 'run', '--data-dir', dir, '--log-format', 'json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      let text = '';
      proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      const exited = new Promise<void>((resolve) => proc.once('close', () => resolve()));
      const context = (): string => `iteration ${i} (seed ${SEED}), kills so far: ${kills.join(', ')}\n${text.slice(-3000)}`;

      // It comes up with what is on disk: the subscription is live and a message changes the color.
      const live = (): boolean => f.subscriptions().some((s) => s.userId === user.id && s.status === 'enabled' && f.sessions().some((x) => x.id === s.sessionId && x.state === 'connected'));
      await waitFor(live, { timeoutMs: 8000, message: `account live after restart\n${context()}` });
      const changes = f.log.colorChanges(user.id).length;
      f.say({ channel: 'alice', chatter: 'alice', text: `hello ${i}` });
      await waitFor(() => f.log.colorChanges(user.id).length > changes, { timeoutMs: 5000, message: `color change after restart\n${context()}` });

      const point = prng.pick(['after-refresh', 'after-refresh', 'store-writes', 'store-writes', 'anywhere'] as const);
      const delay = prng.int(point === 'after-refresh' ? 30 : 250);
      let rotatedFrom: string | undefined;
      if (point === 'after-refresh') {
        // Twitch expires the token; the next color change gets 401, refreshes and retries with
        // the new token. Once Twitch has seen that token used, the app relied on it: it must be
        // on disk already (R32), so a kill right then must not lose it.
        f.expireUserTokens(user.id);
        rotatedFrom = readStore(dir).tokens?.refresh;
        const seen = f.log.colorChanges(user.id).length;
        f.say({ channel: 'alice', chatter: 'alice', text: `after expiry ${i}` });
        await waitFor(() => f.log.colorChanges(user.id).length > seen, { timeoutMs: 5000, intervalMs: 1, message: `color change with the new token\n${context()}` });
        refreshesSeen += 1;
      } else if (point === 'store-writes') {
        // A burst of messages: every color change is saved (coalesced writes in flight).
        for (let n = 0; n < 5; n += 1) f.say({ channel: 'alice', chatter: 'alice', text: `burst ${i}.${n}` });
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      kills.push(`${point}+${delay}ms`);
      proc.kill('SIGKILL');
      await exited;
      child = undefined;
      output.push(text);
      if (rotatedFrom !== undefined) expect(readStore(dir).tokens?.refresh !== rotatedFrom, `iteration ${i}: the rotated refresh token was on disk before it was used`).toBe(true);
    }

    expect(refreshesSeen).toBeGreaterThanOrEqual(3);
    // R34: the logs of all those runs name no token.
    expect(ledger.leaksIn(output.join('\n'))).toEqual([]);
  }, 120_000);
});

async function seedStore(dir: string, clientId: string, userId: string, grant: { access_token: string; refresh_token: string; expires_in: number }): Promise<void> {
  const store = new StateStore({ storage: createFileBackend(dir), clock: systemClock, logger: createLogger(new MemoryLogSink()) });
  store.load();
  const box = new PlainSecretBox();
  const tokens = await sealTokens(box, { accessToken: grant.access_token, refreshToken: grant.refresh_token, expiresAt: Date.now() + grant.expires_in * 1000, scopes: ['user:read:chat', 'user:manage:chat_color'] });
  await store.persistNow((draft) => {
    draft.settings.clientId = clientId;
    draft.accounts.push(
      buildAccount({
        id: 'acct-alice',
        userId,
        login: 'alice',
        clientId,
        tokens,
        channels: [{ login: 'alice', id: userId, enabled: true }],
        addedAt: Date.now(),
      }),
    );
  });
  await store.stop();
}
