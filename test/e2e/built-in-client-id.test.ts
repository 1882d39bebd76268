import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { bundleScript } from '../build/build-scripts.js';
import { lines, withE2e } from './with-e2e.js';
import type { E2e } from './e2e-harness.js';

/**
 * A CLI bundled the way a distributor builds it, with the fake Twitch's public client as
 * its built-in client ID: `login` needs no --client-id, --client-id overrides it, and each
 * account keeps the ID it logged in with (its tokens belong to that application).
 */
const TIMEOUT = 60_000;
const BUILT_IN = 'b3u1tinc1ient1d0f7h1sbu1ld000a';
let bundleDir: string;
let cli: string;

beforeAll(async () => {
  bundleDir = mkdtempSync(join(tmpdir(), 'cc-cli-built-in-'));
  const { bundleCli } = await bundleScript();
  cli = join(await bundleCli({ outDir: bundleDir, distribution: { twitchClientId: BUILT_IN, updates: null } }), 'main.js');
}, TIMEOUT);
afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

async function deviceLogin(e: E2e, dir: string, args: string[], user: string) {
  const login = e.spawn(dir, ['login', ...args], {}, cli);
  const [, code] = await login.waitForStdout(/confirm the code ([A-Z]{8})/);
  e.fake.approveDevice(code as string, user);
  return login.exited;
}

describe.concurrent('a CLI with a built-in client ID', () => {
  it('logs in without --client-id; --client-id wins for later logins; each account keeps its own', { timeout: TIMEOUT }, async ({ expect }) => {
    await withE2e(async (e) => {
      e.fake.registerClient({ type: 'public', clientId: BUILT_IN });
      const own = e.fake.registerClient({ type: 'public' }).clientId;
      const dir = e.newDataDir();
      e.fake.createUser({ login: 'alice' });
      e.fake.createUser({ login: 'bob' });

      const first = await deviceLogin(e, dir, [], 'alice');
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toContain('Logged in as alice.');
      const second = await deviceLogin(e, dir, ['--client-id', own], 'bob');
      expect(second.code, second.stderr).toBe(0);

      expect(e.fake.deviceLogins().map((d) => [d.userId !== undefined, d.clientId])).toEqual([
        [true, BUILT_IN],
        [true, own],
      ]);
      const state = e.storedState(dir);
      expect(state?.settings.clientId).toBe(own);
      expect(state?.accounts.map((a) => [a.login, a.clientId])).toEqual([
        ['alice', BUILT_IN],
        ['bob', own],
      ]);

      // Both run with their own application's tokens (a wrong client ID fails Twitch's validation).
      const run = e.spawn(dir, ['run'], {}, cli);
      await run.waitForStderr(/run\.started|Running \d+ account/, 15_000);
      await e.waitForSnapshot(dir, (s) => s.accounts.length === 2 && s.accounts.every((a) => a.state === 'active'), 'both accounts active').catch((error: unknown) => {
        throw new Error(`${(error as Error).message}\n${run.describe()}`);
      });
      const stopped = await run.stop('SIGTERM');
      expect(stopped.code, run.describe()).toBe(0);
    });
  });

  it('the built CLI without one still asks for --client-id, in one line', { timeout: TIMEOUT }, async ({ expect }) => {
    await withE2e(async (e) => {
      const result = await e.cli(e.newDataDir(), 'login');
      expect(result.code).toBe(2);
      expect(lines(result.stderr)[0]).toBe('twitch-colorchanger: login needs --client-id ID (from your application at dev.twitch.tv/console); this build has none of its own');
    });
  });
});
