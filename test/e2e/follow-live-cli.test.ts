import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { lines, until, withE2e } from './with-e2e.js';

/**
 * Issue 18 headless: `channels follow-live on|off --account LOGIN [--max N] [--max-viewers V]`
 * while nothing runs and while `run` runs, `status --json` per channel `source`, the
 * followed channels switched like any other, and the store's format 1 upgraded by the
 * built CLI with the old file kept.
 */
const TIMEOUT = 60_000;
const WITH_FOLLOWS = ['user:read:chat', 'user:manage:chat_color', 'user:read:follows'];

interface FollowLiveJson {
  enabled: boolean;
  max: number;
  maxViewers: number | null;
  state: string;
  reason: string | null;
}
interface ChannelJson {
  source: string;
  login: string;
  enabled: boolean;
  state: string;
}

describe.concurrent('channels follow-live (the built CLI) against the fake Twitch', () => {
  it('on with --max/--max-viewers while nothing runs; run listens in the live followed channel (source followed-live); disable/enable it and off while run runs', { timeout: TIMEOUT }, async ({ expect }) => {
    await withE2e(async (e) => {
      const dir = e.newDataDir();
      const alice = e.seedAccount(dir, { login: 'alice', channels: ['alice'], scopes: WITH_FOLLOWS });
      const on = await e.ok(dir, 'channels', 'follow-live', 'on', '--account', 'alice', '--max', '20', '--max-viewers', '5000');
      expect(on).toBe('alice: live channels I follow on (at most 20, up to 5000 viewers)\n');
      const account = (json: string) => (JSON.parse(json) as { accounts: Array<{ followLive: FollowLiveJson; channels: ChannelJson[] }> }).accounts[0];
      const offline = account(await e.ok(dir, 'status', '--json'));
      expect(offline?.followLive).toEqual({ enabled: true, max: 20, maxViewers: 5000, state: 'stopped', reason: null });
      expect(offline?.channels.map((c) => [c.source, c.login])).toEqual([['manual', 'alice']]);
      expect(await e.ok(dir, 'channels', 'follow-live', 'on', '--account', 'alice', '--max-viewers', 'none')).toBe('alice: live channels I follow on (at most 20, any number of viewers)\n');

      const bob = e.ensureUser('bob');
      e.fake.follow('alice', 'bob');
      e.fake.startStream('bob', { viewers: 12 });
      const run = await e.startRun(dir);
      await until(() => e.liveChannels(alice.id).includes('bob'), 'bob subscribed from the first poll');
      const running = account(await e.ok(dir, 'status', '--json'));
      expect(running?.followLive).toMatchObject({ enabled: true, state: 'active' });
      expect(running?.channels).toEqual([
        expect.objectContaining({ source: 'manual', login: 'alice', state: 'listening' }),
        expect.objectContaining({ source: 'followed-live', login: 'bob', enabled: true, state: 'listening' }),
      ]);
      expect(await e.ok(dir, 'status')).toMatch(/following live channels \(at most 20\)\n {4}#bob: listening/);

      expect(await e.ok(dir, 'channels', 'disable', '--account', 'alice', 'bob')).toBe('alice: #bob disabled\n');
      await until(() => !e.liveChannels(alice.id).includes('bob'), 'bob unsubscribed');
      const stored = () => (JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { accounts: Array<{ followLive: { off: unknown[]; enabled: boolean } }> }).accounts[0]?.followLive;
      await until(() => stored()?.off.length === 1, 'the switch-off is saved');
      expect(stored()?.off).toEqual([{ id: bob.id, login: 'bob' }]);
      await e.ok(dir, 'channels', 'enable', '--account', 'alice', 'bob');
      await until(() => e.liveChannels(alice.id).includes('bob'), 'bob subscribed again');

      expect(await e.ok(dir, 'channels', 'follow-live', 'off', '--account', 'alice')).toBe('alice: live channels I follow off\n');
      await until(() => e.liveChannels(alice.id).join() === 'alice', 'only the hand-listed channel');
      expect((await run.stop('SIGTERM')).code).toBe(0);
      expect(stored()?.enabled).toBe(false);
    });
  });

  it('usage errors exit 2 before touching the data dir; an unknown channel name is one clear line', { timeout: TIMEOUT }, async ({ expect }) => {
    await withE2e(async (e) => {
      const absent = join(e.newDataDir(), 'never-created');
      const cases = [
        ['channels', 'follow-live', '--account', 'alice'],
        ['channels', 'follow-live', 'maybe', '--account', 'alice'],
        ['channels', 'follow-live', 'on'],
        ['channels', 'follow-live', 'on', '--account', 'alice', '--max', '0'],
        ['channels', 'follow-live', 'on', '--account', 'alice', '--max', '501'],
        ['channels', 'follow-live', 'on', '--account', 'alice', '--max-viewers', 'lots'],
        ['channels', 'add', '--account', 'alice', 'bob', '--max', '3'],
      ];
      for (const args of cases) {
        const result = await e.cli(absent, ...args);
        expect(result.code, args.join(' ')).toBe(2);
        expect(result.stderr, args.join(' ')).toMatch(/^twitch-colorchanger: .+\n\nUsage: twitch-colorchanger <command>/);
      }
      expect(existsSync(absent)).toBe(false);

      const dir = e.newDataDir();
      e.seedAccount(dir, { login: 'alice' });
      const unknown = await e.cli(dir, 'channels', 'disable', '--account', 'alice', 'nobody');
      expect(unknown.code).toBe(1);
      expect(lines(unknown.stderr).filter((l) => l.startsWith('twitch-colorchanger:'))).toEqual(["twitch-colorchanger: nobody is not in this account's channels (nor a live channel it follows)"]);
    });
  });

  it('a store of format 1 is upgraded by run (its accounts keep listening only where listed; the old file kept as config.v1.json); a newer one is refused untouched', { timeout: TIMEOUT }, async ({ expect }) => {
    await withE2e(async (e) => {
      const dir = e.newDataDir();
      const alice = e.seedAccount(dir, { login: 'alice', channels: ['alice'], scopes: WITH_FOLLOWS });
      const file = join(dir, 'config.json');
      const state = JSON.parse(readFileSync(file, 'utf8')) as { version: number; accounts: Array<Record<string, unknown>> };
      state.version = 1;
      for (const account of state.accounts) delete account.followLive;
      const v1 = `${JSON.stringify(state, undefined, 2)}\n`;
      writeFileSync(file, v1, { mode: 0o600 });
      e.ensureUser('bob');
      e.fake.follow('alice', 'bob');
      e.fake.startStream('bob');

      const run = await e.startRun(dir);
      await until(() => e.liveChannels(alice.id).includes('alice'), 'alice listening');
      await until(() => existsSync(join(dir, 'config.v1.json')), 'the format 1 file kept');
      expect((await run.stop('SIGTERM')).code).toBe(0);
      expect(readFileSync(join(dir, 'config.v1.json'), 'utf8')).toBe(v1);
      const upgraded = JSON.parse(readFileSync(file, 'utf8')) as { version: number; accounts: Array<{ followLive: unknown }> };
      expect(upgraded.version).toBe(2);
      expect(upgraded.accounts[0]?.followLive).toEqual({ enabled: false, max: 50, off: [] });
      expect(e.liveChannels(alice.id)).not.toContain('bob');

      // What an older app sees of ours, one version up: refused, untouched, and told where the way back is.
      const newer = readFileSync(file, 'utf8').replace('"version": 2', '"version": 3');
      writeFileSync(file, newer, { mode: 0o600 });
      writeFileSync(join(dir, 'config.v2.json'), readFileSync(join(dir, 'config.v1.json')));
      const refused = await e.cli(dir, 'run');
      expect(refused.code).toBe(1);
      expect(lines(refused.stderr).filter((l) => l.startsWith('twitch-colorchanger:'))).toEqual([
        expect.stringMatching(/format version 3; this one reads up to 2\); it was left as it is\. Update the app, or, to go back to this version, replace config\.json with .+config\.v2\.json/),
      ]);
      expect(readFileSync(file, 'utf8')).toBe(newer);
    });
  });
});
