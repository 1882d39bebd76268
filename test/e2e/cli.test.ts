import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { controlSocketPath } from '../../src-core/app/instance-lock.js';
import { CRASH_MOMENTS, killAfterRefresh, refreshStatus } from './crash-moments.js';
import { jsonLogLineSchema } from './e2e-harness.js';
import { lines, until, withE2e } from './with-e2e.js';

/**
 * The built CLI against the fake Twitch: what Twitch sees (the fake's log) and what the
 * user sees (stdout, stderr, exit codes, `status --json`). The tests run concurrently (most
 * of their time is spent waiting for processes); each has its own fake Twitch and data dirs.
 * Every management command is run twice: while `run` runs (the change goes through the
 * process and Twitch sees its effect) and while nothing runs (the store is edited and the
 * next `run` follows it).
 */
const TIMEOUT = 60_000;

/** Every entry of a folder with its size, mode and modification time (and content for files). */
function listing(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir).map((name) => {
      const stat = statSync(join(dir, name));
      const content = stat.isFile() ? readFileSync(join(dir, name), 'utf8') : '(not a file)';
      return [name, `${stat.size} ${stat.mode} ${stat.mtimeMs} ${content}`];
    }),
  );
}

describe.concurrent('twitch-colorchanger (the built CLI) against the fake Twitch', () => {
  it('R21 login: Ctrl+C cancels a device login with one line, the next one is approved and stores the account with --channels', { timeout: TIMEOUT }, async ({ expect }) => {
    await withE2e(async (e) => {
      const dir = e.newDataDir();
      const alice = e.fake.createUser({ login: 'alice', prime: true });
      e.ensureUser('bob');

      const abandoned = e.spawn(dir, ['login', '--client-id', e.clientId]);
      await abandoned.waitForStdout(/confirm the code ([A-Z]{8})/);
      const cancelled = await abandoned.stop('SIGINT');
      // Code and signal together, with the output: a process ended by a signal says which.
      expect({ code: cancelled.code, signal: cancelled.signal }, abandoned.describe()).toEqual({ code: 1, signal: null });
      expect(lines(cancelled.stderr).filter((l) => l.startsWith('twitch-colorchanger:'))).toEqual(['twitch-colorchanger: Login cancelled']);

      const login = e.spawn(dir, ['login', '--client-id', e.clientId, '--channels', 'bob,#Carol']);
      const [, url, code] = await login.waitForStdout(/open (\S+)\s+and confirm the code ([A-Z]{8})/);
      expect(url).toContain(new URL(e.fake.urls.auth).host);
      e.fake.approveDevice(code as string, 'alice');
      const result = await login.exited;
      expect(result.code, login.describe()).toBe(0);
      expect(result.stdout).toContain('Logged in as alice.');
      expect(result.stdout).toContain('Added #bob');
      expect(result.stdout).toContain('Added #carol');
      expect(e.fake.deviceLogins().map((d) => d.state).sort()).toEqual(['pending', 'used']);

      const store = join(dir, 'config.json');
      expect(statSync(store).mode & 0o777).toBe(0o600);
      const status = await e.status(dir);
      expect(status.accounts).toEqual([
        expect.objectContaining({
          login: 'alice',
          userId: alice.id,
          enabled: true,
          state: 'stopped',
          channels: [expect.objectContaining({ login: 'alice', enabled: true }), expect.objectContaining({ login: 'bob', enabled: true }), expect.objectContaining({ login: 'carol', enabled: true })],
        }),
      ]);
    });
  });

  it('R34 run --log-format json: own messages change the color, others\' do not; cce/ccd/ccc; status; second run refused; SIGTERM exits 0 cleanly', { timeout: TIMEOUT }, async ({ expect }) => {
    await withE2e(async (e) => {
      const dir = e.newDataDir();
      const alice = e.seedAccount(dir, { login: 'alice', prime: true, channels: ['alice', 'bob'] });
      e.ensureUser('carol');
      const run = await e.startRun(dir, ['--log-format', 'json']);
      await until(() => e.liveChannels(alice.id).length === 2, 'both channels subscribed at Twitch');

      const running = await e.status(dir);
      expect(running).toMatchObject({ running: true });
      expect(running.accounts).toEqual([
        expect.objectContaining({ login: 'alice', state: 'active', enabled: true, channels: [expect.objectContaining({ login: 'alice', enabled: true, subscription: 'live' }), expect.objectContaining({ login: 'bob', enabled: true, subscription: 'live' })] }),
      ]);

      const changes = () => e.fake.log.colorChanges(alice.id);
      e.fake.say({ channel: 'bob', chatter: 'carol', text: 'hello from someone else' });
      e.fake.say({ channel: 'bob', chatter: 'alice', text: 'my own message' });
      await until(() => changes().length === 1, 'one color change');
      e.fake.say({ channel: 'alice', chatter: 'carol', text: 'another message from carol' });
      e.fake.say({ channel: 'alice', chatter: 'alice', text: 'second own message' });
      await until(() => changes().length === 2, 'second color change');
      expect(changes()[1]?.hex).not.toBe(changes()[0]?.hex);

      // ccd from someone else is ignored; from alice it switches changes off until cce.
      e.fake.say({ channel: 'bob', chatter: 'carol', text: 'ccd' });
      e.fake.say({ channel: 'bob', chatter: 'alice', text: 'ccd' });
      await e.waitForSnapshot(dir, (s) => s.accounts[0]?.enabled === false, 'ccd switched alice off');
      expect((await e.status(dir)).accounts[0]).toMatchObject({ enabled: false, state: 'paused' });
      e.fake.say({ channel: 'bob', chatter: 'alice', text: 'no change while switched off' });
      e.fake.say({ channel: 'bob', chatter: 'alice', text: 'ccc hot pink' });
      await until(() => changes().length === 3, 'ccc sets a color even while off');
      expect(changes()[2]?.color).toBe('hot_pink');
      e.fake.say({ channel: 'alice', chatter: 'carol', text: 'cce' });
      e.fake.say({ channel: 'alice', chatter: 'alice', text: 'cce' });
      await e.waitForSnapshot(dir, (s) => s.accounts[0]?.enabled === true && s.accounts[0].state === 'active', 'cce switched alice on');
      e.fake.say({ channel: 'alice', chatter: 'alice', text: 'back on' });
      await until(() => changes().length === 4, 'color change after cce');

      const second = await e.cli(dir, 'run');
      expect(second.code).toBe(1);
      expect(lines(second.stderr)).toEqual([expect.stringMatching(/^twitch-colorchanger: Another Twitch ColorChanger is already running on .+; stop it first/)]);
      expect(second.stdout).toBe('');

      const stopped = await run.stop('SIGTERM');
      expect(stopped.code, run.describe()).toBe(0);
      expect(stopped.ms).toBeLessThan(5000);
      // No temp file of an atomic write, no control socket: only the store is left (R23).
      expect(readdirSync(dir)).toEqual(['config.json']);

      const logLines = lines(run.stderr);
      expect(logLines.length).toBeGreaterThan(3);
      for (const line of logLines) expect(jsonLogLineSchema.safeParse(JSON.parse(line)).success, line).toBe(true);
      const events = logLines.map((line) => jsonLogLineSchema.parse(JSON.parse(line)));
      expect(events.filter((l) => l.event === 'color.changed' && l.account === 'alice')).toHaveLength(4);
      expect(run.stdout).toBe('');

      // State survives the restart: the last color, the detected Prime, alice switched on.
      const after = await e.status(dir);
      expect(after.accounts[0]).toMatchObject({ state: 'stopped', prime: 'yes', enabled: true, currentColor: changes()[3]?.hex });
      const again = await e.startRun(dir);
      await until(() => e.liveChannels(alice.id).length === 2, 'subscribed again after restart');
      e.fake.say({ channel: 'alice', chatter: 'alice', text: 'after the restart' });
      await until(() => changes().length === 5, 'color change after restart');
      expect((await again.stop('SIGTERM')).code).toBe(0);
    });
  });

  it('while run runs: accounts, channels, mode, pause, resume and login change the running process and reach Twitch', { timeout: TIMEOUT }, async ({ expect }) => {
    await withE2e(async (e) => {
      const dir = e.newDataDir();
      const alice = e.seedAccount(dir, { login: 'alice', prime: true, channels: ['alice'] });
      e.ensureUser('bob');
      e.ensureUser('dave');
      const run = await e.startRun(dir);
      const live = () => e.liveChannels(alice.id).join(',');
      await until(() => live() === 'alice', 'alice subscribed');
      const changes = () => e.fake.log.colorChanges(alice.id);
      const say = (text: string) => e.fake.say({ channel: 'alice', chatter: 'alice', text });

      expect(await e.ok(dir, 'accounts', 'list')).toBe('alice\tenabled\tactive\t1 channel(s)\n');

      // R07: what the channel list says is what Twitch has subscriptions for.
      expect(await e.ok(dir, 'channels', 'add', '--account', 'alice', 'bob', '#Dave')).toBe('alice: #bob added\nalice: #dave added\n');
      await until(() => live() === 'alice,bob,dave', 'bob and dave subscribed at Twitch');
      const unknown = await e.cli(dir, 'channels', 'add', '--account', 'alice', 'nosuchchannel');
      expect(unknown.code).toBe(1);
      expect(lines(unknown.stderr)).toEqual([expect.stringMatching(/^twitch-colorchanger: .*nosuchchannel/)]);
      expect(await e.ok(dir, 'channels', 'disable', '--account', 'alice', 'bob')).toBe('alice: #bob disabled\n');
      await until(() => live() === 'alice,dave', 'bob unsubscribed at Twitch');
      expect(await e.ok(dir, 'channels', 'remove', '--account', 'alice', 'dave')).toBe('alice: #dave removed\n');
      await until(() => live() === 'alice', 'dave unsubscribed at Twitch');
      expect(e.fake.log.requests({ method: 'DELETE', path: '/helix/eventsub/subscriptions', status: 204 })).toHaveLength(2);
      expect(await e.ok(dir, 'channels', 'enable', '--account', 'alice', 'bob')).toBe('alice: #bob enabled\n');
      await until(() => live() === 'alice,bob', 'bob subscribed again');
      await e.waitForSnapshot(dir, (s) => s.accounts[0]?.channels.every((c) => c.subscription === 'live') === true, 'channels live');
      expect((await e.status(dir)).accounts[0]?.channels).toEqual([
        expect.objectContaining({ login: 'alice', enabled: true, subscription: 'live' }),
        expect.objectContaining({ login: 'bob', enabled: true, subscription: 'live' }),
      ]);

      expect(await e.ok(dir, 'mode', '--account', 'alice', 'palette', 'blue', '#123456')).toBe('alice: mode palette (blue, #123456)\n');
      say('first palette color');
      await until(() => changes().length === 1, 'first palette color');
      say('second palette color');
      await until(() => changes().length === 2, 'second palette color');
      expect(changes().map((c) => c.hex).sort()).toEqual(['#0000FF', '#123456']);
      expect(await e.ok(dir, 'mode', '--account', 'alice', 'rainbow')).toBe('alice: mode rainbow\n');
      say('rainbow');
      await until(() => changes().length === 3, 'rainbow color');
      expect(changes()[2]?.color).toMatch(/^#[0-9A-F]{6}$/i);
      expect(await e.ok(dir, 'mode', '--account', 'alice', 'random')).toBe('alice: mode random\n');
      expect(await e.ok(dir, 'status')).toMatch(/^alice: active; enabled; Turbo\/Prime yes; mode random/m);

      // Messages while paused or switched off change nothing; the next one after does.
      expect(await e.ok(dir, 'pause')).toBe('All accounts paused\n');
      expect(await e.status(dir)).toMatchObject({ running: true, paused: true, accounts: [{ state: 'paused' }] });
      say('while paused');
      expect(await e.ok(dir, 'resume')).toBe('Resumed\n');
      say('after resume');
      await until(() => changes().length === 4, 'color change after resume');
      expect(await e.ok(dir, 'accounts', 'disable', 'alice')).toBe('alice: disabled\n');
      expect((await e.status(dir)).accounts[0]).toMatchObject({ enabled: false, state: 'paused' });
      say('while disabled');
      expect(await e.ok(dir, 'accounts', 'enable', 'alice')).toBe('alice: enabled\n');
      say('after enable');
      await until(() => changes().length === 5, 'color change after enable');
      expect(changes()).toHaveLength(5);

      expect(await e.ok(dir, 'accounts', 'remove', 'alice')).toBe('alice: removed\n');
      await until(() => live() === '', 'no subscription left at Twitch');
      expect((await e.status(dir)).accounts).toEqual([]);

      // A login while run runs goes through it too, and the process serves the account at once.
      const login = e.spawn(dir, ['login', '--client-id', e.clientId]);
      const [, code] = await login.waitForStdout(/confirm the code ([A-Z]{8})/);
      e.fake.approveDevice(code as string, 'alice');
      const loggedIn = await login.exited;
      expect(loggedIn.code, login.describe()).toBe(0);
      expect(loggedIn.stdout).toContain('The running process picked the account up.');
      await until(() => live() === 'alice', 'alice subscribed again after the login');
      expect((await e.status(dir)).accounts).toEqual([expect.objectContaining({ login: 'alice', state: 'active' })]);

      expect((await run.stop('SIGTERM')).code).toBe(0);
      expect(e.storedState(dir)?.accounts.map((a) => a.login)).toEqual(['alice']);
    });
  });

  it('while nothing runs: the same commands edit the store without calling Twitch, and run follows it', { timeout: TIMEOUT }, async ({ expect }) => {
    await withE2e(async (e) => {
      const dir = e.newDataDir();
      const alice = e.seedAccount(dir, { login: 'alice', prime: true, channels: ['alice'] });
      e.ensureUser('bob');
      e.ensureUser('dave');

      expect(await e.ok(dir, 'accounts', 'list')).toBe('alice\tenabled\tstopped\t1 channel(s)\n');
      expect(await e.ok(dir, 'channels', 'add', '--account', 'alice', 'bob', 'dave')).toBe('alice: #bob added\nalice: #dave added\n');
      expect(await e.ok(dir, 'channels', 'disable', '--account', 'alice', 'bob')).toBe('alice: #bob disabled\n');
      expect(await e.ok(dir, 'channels', 'remove', '--account', 'alice', 'dave')).toBe('alice: #dave removed\n');
      expect(await e.ok(dir, 'mode', '--account', 'alice', 'rainbow')).toBe('alice: mode rainbow\n');
      expect(e.storedState(dir)?.accounts[0]?.color.mode).toBe('rainbow');
      expect(await e.ok(dir, 'mode', '--account', 'alice', 'palette', 'blue', '#123456')).toBe('alice: mode palette (blue, #123456)\n');
      expect(await e.ok(dir, 'pause')).toBe('All accounts paused\n');
      expect(await e.ok(dir, 'accounts', 'disable', 'alice')).toBe('alice: disabled\n');

      expect(await e.status(dir)).toMatchObject({
        running: false,
        paused: true,
        accounts: [
          {
            login: 'alice',
            enabled: false,
            state: 'stopped',
            channels: [expect.objectContaining({ login: 'alice', enabled: true }), expect.objectContaining({ login: 'bob', enabled: false })],
          },
        ],
      });
      expect(e.storedState(dir)?.accounts[0]?.color).toMatchObject({ mode: 'palette', palette: ['blue', '#123456'] });

      expect(await e.ok(dir, 'resume')).toBe('Resumed\n');
      expect(await e.ok(dir, 'accounts', 'enable', 'alice')).toBe('alice: enabled\n');
      expect(await e.status(dir)).toMatchObject({ running: false, paused: false, accounts: [{ enabled: true, state: 'stopped' }] });
      // Offline edits never talk to Twitch.
      expect(e.fake.log.requests()).toEqual([]);

      const run = await e.startRun(dir);
      await until(() => e.liveChannels(alice.id).join(',') === 'alice', 'only the enabled channel subscribed');
      e.fake.say({ channel: 'alice', chatter: 'alice', text: 'palette please' });
      await until(() => e.fake.log.colorChanges(alice.id).length === 1, 'color change');
      expect(['#0000FF', '#123456']).toContain(e.fake.log.colorChanges(alice.id)[0]?.hex);
      expect((await run.stop('SIGTERM')).code).toBe(0);

      expect(await e.ok(dir, 'accounts', 'remove', 'alice')).toBe('alice: removed\n');
      expect((await e.status(dir)).accounts).toEqual([]);
      const gone = await e.cli(dir, 'mode', '--account', 'alice', 'random');
      expect(gone.code).toBe(1);
      expect(lines(gone.stderr)).toEqual(['twitch-colorchanger: No account named alice (accounts: none)']);
    });
  });
  it('R32 kill -9 right after a token refresh leaves a store whose tokens still work; the stale socket is taken over', { timeout: TIMEOUT }, async ({ expect }) => {
    await withE2e(async (e) => {
      const dir = e.newDataDir();
      const alice = e.seedAccount(dir, { login: 'alice', prime: true, channels: ['alice'] });
      const spent: string[] = [];
      for (const moment of CRASH_MOMENTS) {
        const { before, after } = await killAfterRefresh(e, dir, 'alice', moment);
        expect(existsSync(controlSocketPath(dir)), `${moment.name}: the killed process left its socket`).toBe(true);
        // Booleans, so a failure message never prints a token.
        expect(before !== undefined && after !== undefined && after !== before, `${moment.name}: the store holds the rotated refresh token`).toBe(true);
        spent.push(before as string);
      }

      // status reads past the stale socket without touching it (R38); a new run takes it over, refreshes with the stored token and works.
      expect((await e.status(dir)).accounts[0]).toMatchObject({ login: 'alice', state: 'stopped' });
      e.fake.expireUserTokens('alice');
      const refreshes = e.fake.log.refreshGrants({ status: 200 });
      const run = await e.startRun(dir);
      await until(() => e.liveChannels(alice.id).length === 1, 'subscribed after the crashes');
      expect(e.fake.log.refreshGrants({ status: 200 })).toBe(refreshes + 1);
      expect((await e.status(dir)).accounts[0]).toMatchObject({ state: 'active' });
      const changes = e.fake.log.colorChanges(alice.id).length;
      e.fake.say({ channel: 'alice', chatter: 'alice', text: 'still here' });
      await until(() => e.fake.log.colorChanges(alice.id).length === changes + 1, 'color change after the crashes');
      expect((await run.stop('SIGTERM')).code).toBe(0);
      expect(readdirSync(dir)).toEqual(['config.json']);

      // The tokens the store no longer holds were rotated at Twitch, not lost: they are spent.
      expect(e.fake.log.refreshGrants({ status: 400 })).toBe(0);
      for (const token of spent) expect(await refreshStatus(e, token)).toBe(400);
    });
  });

  it('import-legacy: the old bot file (Prime and not) is imported and run serves both accounts', { timeout: TIMEOUT }, async ({ expect }) => {
    await withE2e(async (e) => {
      const dir = e.newDataDir();
      const alice = e.fake.createUser({ login: 'alice', prime: true });
      const bob = e.fake.createUser({ login: 'bob', prime: false });
      const aliceTokens = e.issueToken('alice');
      const bobTokens = e.issueToken('bob');
      const file = join(e.scratchDir(), 'twitch_colorchanger.conf');
      const legacy = (username: string, tokens: { accessToken: string; refreshToken: string }, prime: boolean, channels: unknown) => ({
        username,
        client_id: e.clientId,
        client_secret: '',
        channels,
        is_prime_or_turbo: prime,
        enabled: true,
        access_token: `oauth:${tokens.accessToken}`,
        refresh_token: tokens.refreshToken,
      });
      writeFileSync(file, JSON.stringify({ users: [legacy('Alice', aliceTokens, true, ['#Alice', 'bob']), legacy('bob', bobTokens, false, 'bob')] }));

      const missing = await e.cli(dir, 'import-legacy', join(dir, 'nope.conf'));
      expect(missing.code).toBe(1);
      expect(lines(missing.stderr)).toEqual([expect.stringMatching(/Cannot read .*nope\.conf/)]);

      const imported = await e.cli(dir, 'import-legacy', file);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toContain('Imported: alice, bob');
      const before = await e.status(dir);
      expect(before.accounts.map((a) => [a.login, a.prime, a.state])).toEqual([
        ['alice', 'yes', 'stopped'],
        ['bob', 'no', 'stopped'],
      ]);

      const run = await e.startRun(dir);
      await until(() => e.liveChannels(alice.id).length === 2 && e.liveChannels(bob.id).length === 1, 'both accounts subscribed');
      const status = await e.status(dir);
      expect(status.accounts.map((a) => [a.login, a.userId, a.state])).toEqual([
        ['alice', alice.id, 'active'],
        ['bob', bob.id, 'active'],
      ]);
      e.fake.say({ channel: 'bob', chatter: 'alice', text: 'hi bob' });
      e.fake.say({ channel: 'bob', chatter: 'bob', text: 'hi alice' });
      await until(() => e.fake.log.colorChanges(alice.id).length === 1 && e.fake.log.colorChanges(bob.id).length === 1, 'both changed color');
      // Without Turbo/Prime only Twitch's named colors are asked for: no hex attempt, no 400.
      expect(e.fake.log.colorChanges(bob.id)[0]?.color).not.toMatch(/^#/);
      expect(e.fake.log.requests({ method: 'PUT', path: '/helix/chat/color', status: 400 })).toHaveLength(0);
      expect((await run.stop('SIGTERM')).code).toBe(0);
    });
  });

  it('run --ui-port serves the desktop UI from the bundled CLI: page and modules with the printed token, nothing without it', { timeout: TIMEOUT }, async ({ expect }) => {
    await withE2e(async (e) => {
      const dir = e.newDataDir();
      e.seedAccount(dir, { login: 'alice', channels: ['alice'] });
      const run = await e.startRun(dir, ['--ui-port', '0']);
      const [printed] = await run.waitForStdout(/http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/);
      const page = await fetch(printed, { signal: AbortSignal.timeout(5_000) });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toMatch(/<html/i);
      // The page's scripts come from out/renderer/, found from the bundle's own place.
      const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const origin = new URL(printed).origin;
      const script = await fetch(`${origin}/app.js`, { headers: { cookie }, signal: AbortSignal.timeout(5_000) });
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect((await fetch(`${origin}/app.js`, { signal: AbortSignal.timeout(5_000) })).status).toBe(403);
      expect((await run.stop()).code).toBe(0);
    });
  });

  it('usage errors exit 2 with the usage text on stderr and touch no data dir', { timeout: TIMEOUT }, async ({ expect }) => {
    await withE2e(async (e) => {
      const dir = join(e.newDataDir(), 'never-created');
      const cases = [
        [],
        ['bogus'],
        ['status', '--data-dir'],
        ['run', '--log-format', 'xml'],
        ['login'],
        ['channels', 'add', 'bob'],
        ['mode', '--account', 'alice', 'palette'],
        ['accounts', 'rename', 'alice'],
      ];
      const results = await Promise.all(cases.map((args) => e.cli(args.includes('--data-dir') ? undefined : dir, ...args)));
      results.forEach((result, i) => {
        const what = cases[i]?.join(' ');
        expect(result.code, what).toBe(2);
        expect(result.stderr, what).toMatch(/^twitch-colorchanger: .+\n\nUsage: twitch-colorchanger <command>/);
        expect(result.stdout, what).toBe('');
      });
      expect(existsSync(dir)).toBe(false);

      const help = await e.cli(undefined, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^Usage: twitch-colorchanger <command>/);
    });
  });

  it('R38 status, status --json, accounts list, --version and --help leave the data dir exactly as it was: no dir created, a stale socket and a crash\'s temp file kept, a damaged or old-format file not moved or rewritten', { timeout: 2 * TIMEOUT }, async ({ expect }) => {
    await withE2e(async (e) => {
      const readOnly = [['status'], ['status', '--json'], ['accounts', 'list'], ['accounts', 'list', '--json'], ['--version'], ['--help']];
      const runAll = async (dir: string): Promise<void> => {
        for (const args of readOnly) {
          const result = await e.cli(dir, ...args);
          expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
        }
      };

      // A data dir that does not exist is not created.
      const absent = join(e.newDataDir(), 'not-yet');
      await runAll(absent);
      expect(existsSync(absent)).toBe(false);
      expect((await e.cli(undefined, '--version')).stdout).toMatch(/^twitch-colorchanger \d+\.\d+\.\d+\n$/);

      // A dir holding what a crash leaves (a stale socket, a temp file of a write) and a damaged store.
      const dir = e.newDataDir();
      writeFileSync(join(dir, 'config.json'), '{"version": 1, "accounts": [', { mode: 0o600 });
      writeFileSync(join(dir, 'config.json.tmp-l0x1a2b3c4d'), '{}', { mode: 0o600 });
      // A process that owned the socket dies without removing it (kill -9).
      const owner = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(controlSocketPath(dir))}, () => process.kill(process.pid, 'SIGKILL'))`]);
      await new Promise((resolve) => owner.once('exit', resolve));
      expect(existsSync(controlSocketPath(dir))).toBe(true);
      const before = listing(dir);
      await runAll(dir);
      expect(listing(dir)).toEqual(before);

      // An old-format store (no version) is read as it is, not migrated on disk.
      const old = e.newDataDir();
      writeFileSync(join(old, 'config.json'), '{"settings": {"pauseAll": true}, "accounts": []}\n', { mode: 0o600 });
      const oldBefore = listing(old);
      expect(JSON.parse(await e.ok(old, 'status', '--json'))).toMatchObject({ paused: true });
      expect((await e.cli(old, 'accounts', 'list')).code).toBe(0);
      expect(listing(old)).toEqual(oldBefore);
    });
  });

  it('R33 a corrupt store is reported by status and left as it is, moved aside by run, never overwritten; an unknown store version stops with one line', { timeout: TIMEOUT }, async ({ expect }) => {
    await withE2e(async (e) => {
      const dir = e.newDataDir();
      const store = join(dir, 'config.json');
      const corrupt = '{"version": 1, "accounts": [{"login": "alice", ';
      writeFileSync(store, corrupt, { mode: 0o600 });
      const status = await e.cli(dir, 'status');
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(/Warning: The settings file .+config\.json is damaged .+; it was left as it is/);
      expect(status.stderr).toMatch(/damaged .+ left as it is/);
      expect(readdirSync(dir)).toEqual(['config.json']);
      expect(readFileSync(store, 'utf8')).toBe(corrupt);
      expect(JSON.parse(await e.ok(dir, 'status', '--json')).store).toMatchObject({ recoveredCorruptFile: null, loadProblem: expect.stringMatching(/damaged/) });

      // run repairs: the damaged file is kept aside, reported in the JSON log.
      const first = await e.startRun(dir, ['--log-format', 'json']);
      await first.waitForStderr(/"event":"store\.recovered"/);
      expect((await first.stop('SIGTERM')).code).toBe(0);
      const [keptAs] = readdirSync(dir).filter((name) => name.startsWith('config.corrupt-'));
      expect(readFileSync(join(dir, keptAs as string), 'utf8')).toBe(corrupt);

      // Again: the first kept file untouched.
      writeFileSync(store, 'not json at all', { mode: 0o600 });
      const run = await e.startRun(dir, ['--log-format', 'json']);
      const [recovered] = await run.waitForStderr(/\{[^\n]*"event":"store\.recovered"[^\n]*\}/);
      expect(JSON.parse(recovered)).toMatchObject({ level: 'error' });
      expect((await run.stop('SIGTERM')).code).toBe(0);
      const kept = readdirSync(dir).filter((name) => name.startsWith('config.corrupt-'));
      expect(kept).toHaveLength(2);
      expect(kept.map((name) => readFileSync(join(dir, name), 'utf8')).sort()).toEqual([corrupt, 'not json at all'].sort());

      const future = '{"version": 99, "accounts": []}\n';
      writeFileSync(store, future, { mode: 0o600 });
      const refused = await e.cli(dir, 'status', '--json');
      expect(refused.code).toBe(1);
      expect(lines(refused.stderr).filter((l) => l.startsWith('twitch-colorchanger:'))).toHaveLength(1);
      expect(refused.stdout).toBe('');
      expect(readFileSync(store, 'utf8')).toBe(future);
    });
  });
});
