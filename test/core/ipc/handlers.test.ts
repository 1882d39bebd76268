import { describe, expect, it, vi } from 'vitest';
import { isAllowedActivationUrl } from '../../../src-core/ipc/activation-url.js';
import { type CommandName, commandNames, commands } from '../../../src-core/ipc/contract.js';
import type { CoreEvent, PlatformPort } from '../../../src-core/ipc/core-port.js';
import { createIpcHandlers } from '../../../src-core/ipc/handlers.js';
import { IpcFailure } from '../../../src-core/ipc/result.js';
import { ColorChangerError, RetryExhaustedError, TimeoutError } from '../../../src-core/runtime/errors.js';
import { MemoryLogSink, SecretRegistry, createLogger } from '../../../src-core/runtime/logger.js';
import { AuthError, HexColorRejectedError, NetworkError, TwitchApiError } from '../../../src-core/twitch/errors.js';
import { commandExamples, exampleNames, prepareExample } from './command-examples.js';
import { FakeCore, FakeCoreError } from './fake-core.js';
import { fakeStartOnBoot } from '../../support/fake-start-on-boot.js';

function setup(options: { autoStart?: PlatformPort['autoStart']; core?: FakeCore; secrets?: SecretRegistry } = {}) {
  const sink = new MemoryLogSink();
  const core = options.core ?? new FakeCore();
  const platform = {
    openExternal: vi.fn(async (_url: string) => {}),
    openPath: vi.fn(async (_path: string) => {}),
    ...(options.autoStart ? { autoStart: options.autoStart } : {}),
  };
  const handlers = createIpcHandlers({ core, platform, logger: createLogger(sink), secrets: options.secrets });
  return { core, platform, handlers, sink };
}

describe('createIpcHandlers: commands', () => {
  it('has an example for every command of the contract', () => {
    expect([...exampleNames].sort()).toEqual([...commandNames].sort());
  });

  it.each(exampleNames)('%s answers ok with data matching its response schema', async (name) => {
    const { core, handlers } = setup();
    const ctx = await prepareExample(core);
    const example = commandExamples[name] as { request(c: typeof ctx): unknown; verify(d: unknown, c: typeof ctx): void };
    const result = await handlers.dispatch(name, example.request(ctx));
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(commands[name].response.safeParse(result.data).success).toBe(true);
    example.verify(result.data, ctx);
  });

  it('takes a missing payload as {} for commands without fields', async () => {
    const { handlers } = setup();
    expect(await handlers.dispatch('app:snapshot', undefined)).toMatchObject({ ok: true });
  });

  it('app:open-folder opens the folder named in the snapshot', async () => {
    const { core, handlers, platform } = setup();
    await handlers.dispatch('app:open-folder', { which: 'data' });
    await handlers.dispatch('app:open-folder', { which: 'logs' });
    expect(platform.openPath.mock.calls).toEqual([[core.snapshot().paths.dataDir], [core.snapshot().paths.logDir]]);
  });
});

describe('R33 bad input is refused with a clear, typed error', () => {
  it.each([42, null, '', 'nope', 'app:', 'toString', '__proto__', 'constructor', { name: 'app:snapshot' }])(
    'unknown command %j -> unknown_command',
    async (name) => {
      const { handlers } = setup();
      const result = await handlers.dispatch(name, {});
      expect(result).toEqual({ ok: false, error: { code: 'unknown_command', message: expect.stringMatching(/no command named/) } });
    },
  );

  it.each<[CommandName, unknown, RegExp]>([
    ['accounts:set-enabled', { accountId: 'acc-1' }, /enabled: .*expected boolean/],
    ['accounts:set-enabled', { accountId: 7, enabled: true }, /accountId: .*expected string/],
    ['accounts:remove', { accountId: '' }, /accountId: /],
    ['accounts:remove', { accountId: 'a'.repeat(65) }, /accountId: .*64/],
    ['channels:add', { accountId: 'acc-1', login: 'x'.repeat(31) }, /login: /],
    ['app:snapshot', { extra: true }, /Unrecognized key.*extra/],
    ['app:open-folder', { which: '../../etc' }, /which: .*"data"\|"logs"/],
    ['settings:set-client-id', { clientId: 'short' }, /clientId: A Twitch client ID is 30 letters and digits/],
    ['colors:set-options', { accountId: 'a', minIntervalSec: -1 }, /minIntervalSec: /],
    ['colors:set-options', { accountId: 'a', palette: Array(51).fill('red') }, /palette: /],
    ['app:set-paused', 'paused', /payload: .*expected object/],
    ['app:set-paused', [true], /payload: .*expected object/],
    ['app:set-paused', null, /payload: .*expected object/],
    ['legacy:import', { contents: 'x'.repeat(1_000_001) }, /contents: /],
  ])('%s with %j -> invalid_request naming the field', async (name, payload, message) => {
    const { core, handlers } = setup();
    const before = JSON.stringify(core.snapshot());
    const result = await handlers.dispatch(name, payload);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_request');
    expect(result.error.message).toMatch(new RegExp(`^Invalid request for ${name}: `));
    expect(result.error.message).toMatch(message);
    expect(JSON.stringify(core.snapshot())).toBe(before);
  });

  it('a payload that is not data at all (a function, a huge nesting) still gets an answer', async () => {
    const { handlers } = setup();
    let deep: unknown = {};
    for (let i = 0; i < 10_000; i += 1) deep = { accountId: deep };
    await expect(handlers.dispatch('accounts:remove', deep)).resolves.toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    await expect(handlers.dispatch('accounts:remove', () => 1)).resolves.toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });
});

class StoreBrokenError extends ColorChangerError {
  readonly code = 'store_write_failed';
}

describe('errors thrown by the core cross as data', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['AuthError', new AuthError('invalid_refresh_token'), 'auth', /log in again/],
    ['NetworkError', new NetworkError('setting the color'), 'network', /Could not reach Twitch/],
    ['TimeoutError', new TimeoutError('PUT /chat/color', 10_000), 'network', /did not answer within 10000 ms/],
    ['TwitchApiError', new TwitchApiError(500, 'PUT', '/helix/chat/color', 'Internal Server Error'), 'twitch_error', /Twitch answered 500/],
    ['HexColorRejectedError', new HexColorRejectedError('#123456'), 'twitch_error', /Turbo or Prime/],
    ['a core error coded not_found', new FakeCoreError('not_found', 'There is no such account'), 'not_found', /no such account/],
    ['a core error coded conflict', new FakeCoreError('conflict', '#x is already there'), 'conflict', /already/],
    ['a core error coded unknown_channel', new FakeCoreError('unknown_channel', 'Twitch has no channel named x'), 'unknown_channel', /no channel/],
    ['IpcFailure', new IpcFailure('unsupported', 'Not here'), 'unsupported', /Not here/],
    ['RetryExhaustedError of network errors', new RetryExhaustedError('PUT', 3, new NetworkError('PUT')), 'network', /failed after 3 attempts/],
    ['a ColorChangerError with no IPC code', new StoreBrokenError('Could not save your settings: the disk is full'), 'internal', /disk is full/],
  ])('%s -> %s', async (_label, error, code, message) => {
    const { core, handlers } = setup();
    const ctx = await prepareExample(core);
    core.failNext('setAccountEnabled', error);
    const result = await handlers.dispatch('accounts:set-enabled', { accountId: ctx.accountId, enabled: true });
    expect(result).toEqual({ ok: false, error: { code, message: expect.stringMatching(message) } });
  });

  it('R19 a thrown TypeError is internal, with a generic message, and reaches the log with its stack', async () => {
    const { core, handlers, sink } = setup();
    const ctx = await prepareExample(core);
    core.failNext('setAccountEnabled', new TypeError("Cannot read properties of undefined (reading 'channels') at /home/me/secret/path"));
    const result = await handlers.dispatch('accounts:set-enabled', { accountId: ctx.accountId, enabled: true });
    expect(result).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Something went wrong in the app while handling "accounts:set-enabled"; the log has the details' },
    });
    const line = sink.records.find((r) => r.event === 'ipc.internal');
    expect(line?.level).toBe('error');
    expect(line?.fields.command).toBe('accounts:set-enabled');
    expect(JSON.stringify(line?.fields.error)).toMatch(/TypeError.*reading 'channels'.*\\n\s+at /);
  });

  it('a thrown non-Error value is internal too', async () => {
    const { core, handlers } = setup();
    core.failNext('setPaused', 'just a string');
    expect(await handlers.dispatch('app:set-paused', { paused: true })).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('a response that breaks its schema is internal and logged by path, without values', async () => {
    const { core, handlers, sink } = setup();
    vi.spyOn(core, 'setColorNow').mockResolvedValue({ color: 'Red', at: 'yesterday-secret' } as never);
    const ctx = await prepareExample(core);
    const result = await handlers.dispatch('colors:set-now', { accountId: ctx.accountId, color: 'red' });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    const line = sink.records.find((r) => r.event === 'ipc.bad_response');
    expect(line?.fields.issues).toEqual(['at: invalid_type']);
    expect(JSON.stringify(sink.records)).not.toContain('yesterday-secret');
  });
});

describe('R34 no secret leaves through the handlers', () => {
  it('fields the contract does not declare are stripped from responses and events', async () => {
    const core = new FakeCore();
    const account = core.addAccount('leaky', { channels: ['a_channel'] });
    const realSnapshot = core.snapshot.bind(core);
    const leak = (snapshot: ReturnType<typeof realSnapshot>) => ({
      ...snapshot,
      refreshToken: 'top-level-refresh-token-123',
      accounts: snapshot.accounts.map((a) => ({ ...a, accessToken: 'account-access-token-456', channels: a.channels.map((c) => ({ ...c, deviceCode: 'dc-789-secret' })) })),
    });
    vi.spyOn(core, 'snapshot').mockImplementation(() => leak(realSnapshot()));
    const { handlers } = setup({ core });
    const sent: unknown[] = [];
    handlers.forwardEvents((event, payload) => sent.push({ event, payload }));
    const response = await handlers.dispatch('app:snapshot', {});
    await handlers.dispatch('accounts:set-enabled', { accountId: account.id, enabled: false });
    const everything = JSON.stringify([response, sent, handlers.currentSnapshot()]);
    expect(everything).toContain('a_channel');
    for (const secret of ['top-level-refresh-token-123', 'account-access-token-456', 'dc-789-secret', ...core.secrets()]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('a secret the host registered is masked in an error message', async () => {
    const secrets = new SecretRegistry();
    secrets.add('oauth-token-abcdef123456');
    const { core, handlers } = setup({ secrets });
    core.failNext('setPaused', new FakeCoreError('conflict', 'refused with oauth-token-abcdef123456 and Bearer xyz.abc'));
    const result = await handlers.dispatch('app:set-paused', { paused: true });
    expect(JSON.stringify(result)).not.toMatch(/oauth-token-abcdef123456|xyz\.abc/);
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('[redacted]') } });
  });
});

describe('login:open-activation', () => {
  it('opens exactly the login’s Twitch activation URL', async () => {
    const { core, handlers, platform } = setup();
    const { loginId, verificationUri } = await core.startLogin();
    expect(await handlers.dispatch('login:open-activation', { loginId })).toEqual({ ok: true, data: null });
    expect(platform.openExternal.mock.calls).toEqual([[verificationUri]]);
    expect(verificationUri).toMatch(/^https:\/\/www\.twitch\.tv\/activate\?public=true&device-code=/);
  });

  it('opens a loopback activation page (the fake Twitch)', async () => {
    const { core, handlers, platform } = setup({ core: new FakeCore({ activationBase: 'http://127.0.0.1:41999/activate' }) });
    const { loginId } = await core.startLogin();
    expect(await handlers.dispatch('login:open-activation', { loginId })).toEqual({ ok: true, data: null });
    expect(platform.openExternal).toHaveBeenCalledTimes(1);
  });

  it('refuses any other URL, and opens nothing', async () => {
    const { core, handlers, platform, sink } = setup({ core: new FakeCore({ activationBase: 'https://www.twitch.tv.evil.example/activate' }) });
    const { loginId } = await core.startLogin();
    const result = await handlers.dispatch('login:open-activation', { loginId });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(platform.openExternal).not.toHaveBeenCalled();
    expect(sink.records.find((r) => r.event === 'ipc.activation_refused')?.fields.origin).toBe('https://www.twitch.tv.evil.example');
  });

  it('an unknown login is not_found', async () => {
    const { handlers, platform } = setup();
    expect(await handlers.dispatch('login:open-activation', { loginId: 'login-404' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(platform.openExternal).not.toHaveBeenCalled();
  });

  it.each([
    ['https://www.twitch.tv/activate', true],
    ['https://www.twitch.tv/activate?public=true&device-code=ABCDEFGH', true],
    ['https://www.twitch.tv/activate?device-code=ABCDEFGH', true],
    ['http://127.0.0.1:8080/activate?device-code=X', true],
    ['http://localhost:8080/activate', true],
    ['http://[::1]:8080/activate', true],
    ['http://www.twitch.tv/activate', false],
    ['https://www.twitch.tv/settings/security', false],
    ['https://www.twitch.tv:8443/activate', false],
    ['https://user:pass@www.twitch.tv/activate', false],
    ['https://www.twitch.tv.evil.example/activate', false],
    ['https://twitch.tv/activate', false],
    ['http://127.0.0.2.evil.example/activate', false],
    ['http://10.0.0.1/activate', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('isAllowedActivationUrl(%s) is %s', (url, allowed) => {
    expect(isAllowedActivationUrl(url)).toBe(allowed);
  });
});

describe('settings:update and start on boot', () => {
  it('applies start on boot through the platform, then persists what the system reports', async () => {
    const autoStart = fakeStartOnBoot();
    const { core, handlers } = setup({ autoStart });
    expect(await handlers.dispatch('settings:update', { startOnBoot: true, startHidden: true })).toEqual({ ok: true, data: null });
    expect(autoStart.calls).toEqual([true]);
    expect(core.snapshot().settings).toMatchObject({ startOnBoot: true, startHidden: true });
  });

  it('a login item the system holds for the user’s approval counts as on, with no error (the status says how to approve)', async () => {
    const autoStart = fakeStartOnBoot({ holds: true, note: 'macOS needs your approval' });
    const { core, handlers } = setup({ autoStart });
    expect(await handlers.dispatch('settings:update', { startOnBoot: true })).toEqual({ ok: true, data: null });
    expect(core.snapshot().settings.startOnBoot).toBe(true);
    expect(autoStart.current()).toEqual({ state: 'needs-approval', note: 'macOS needs your approval' });
  });

  it('where this run cannot offer it, says why and changes nothing', async () => {
    const autoStart = fakeStartOnBoot({ state: 'unavailable', note: 'Start on boot needs the installed app' });
    const { core, handlers } = setup({ autoStart });
    const result = await handlers.dispatch('settings:update', { startOnBoot: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'unsupported', message: 'Start on boot needs the installed app' } });
    expect(autoStart.calls).toEqual([]);
    expect(core.snapshot().settings.startOnBoot).toBe(false);
  });

  it('is unsupported without an auto-start (headless), and changes nothing', async () => {
    const { core, handlers } = setup();
    const result = await handlers.dispatch('settings:update', { startOnBoot: true, startHidden: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'unsupported', message: expect.stringMatching(/not available/) } });
    expect(core.snapshot().settings).toMatchObject({ startOnBoot: false, startHidden: false });
  });

  it('when the system does not take the change, the real state is persisted and the user told', async () => {
    const autoStart = fakeStartOnBoot({ refuses: true });
    const { core, handlers } = setup({ autoStart });
    const result = await handlers.dispatch('settings:update', { startOnBoot: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'unsupported', message: expect.stringMatching(/did not enable/) } });
    expect(core.snapshot().settings.startOnBoot).toBe(false);
  });

  it('startHidden alone never touches auto-start', async () => {
    const autoStart = fakeStartOnBoot();
    const { handlers } = setup({ autoStart });
    expect(await handlers.dispatch('settings:update', { startHidden: false })).toEqual({ ok: true, data: null });
    expect(autoStart.calls).toEqual([]);
  });
});

describe('event forwarding', () => {
  it('R18 forwards every core event in order, each checked against its schema', async () => {
    const { core, handlers } = setup();
    const sent: Array<{ event: string; payload: unknown }> = [];
    handlers.forwardEvents((event, payload) => sent.push({ event, payload }));
    const account = core.addAccount('streamer', { channels: ['chan'] });
    const { loginId } = await core.startLogin();
    core.chatMessage(account.id, 'chan');
    core.approveLogin(loginId, 'second');
    expect(sent.map((m) => m.event)).toEqual(['state:changed', 'login:progress', 'color:changed', 'state:changed', 'login:progress', 'state:changed']);
    expect(sent[2]?.payload).toMatchObject({ accountId: account.id, login: 'streamer' });
    expect(sent[4]?.payload).toMatchObject({ loginId, status: 'success', login: 'second' });
  });

  it('an event that breaks its schema is dropped and logged; the next one still goes out', async () => {
    const sink = new MemoryLogSink();
    let emit: (event: CoreEvent) => void = () => {};
    const core = new FakeCore();
    vi.spyOn(core, 'subscribe').mockImplementation((listener) => ((emit = listener), () => {}));
    const handlers = createIpcHandlers({ core, platform: { openExternal: vi.fn(), openPath: vi.fn() }, logger: createLogger(sink) });
    const sent: unknown[] = [];
    handlers.forwardEvents((event, payload) => sent.push([event, payload]));
    emit({ type: 'color:changed', payload: { accountId: 'a', login: 'b', color: 'Red', at: 'now' } as never });
    emit({ type: 'color:changed', payload: { accountId: 'a', login: 'b', color: 'Red', at: 1 } });
    expect(sent).toEqual([['color:changed', { accountId: 'a', login: 'b', color: 'Red', at: 1 }]]);
    expect(sink.records.find((r) => r.event === 'ipc.bad_event')?.fields).toMatchObject({ event: 'color:changed', issues: ['at: invalid_type'] });
  });

  it('R12 a throwing send is logged and does not stop later events', async () => {
    const { core, handlers, sink } = setup();
    const sent: string[] = [];
    handlers.forwardEvents((event) => {
      sent.push(event);
      if (sent.length === 1) throw new Error('window gone');
    });
    await core.setPaused(true);
    await core.setPaused(false);
    expect(sent).toEqual(['state:changed', 'state:changed']);
    expect(sink.records.filter((r) => r.event === 'ipc.send_failed')).toHaveLength(1);
  });

  it('unsubscribing stops forwarding and releases the core listener', async () => {
    const { core, handlers } = setup();
    const send = vi.fn();
    const stop = handlers.forwardEvents(send);
    expect(core.listenerCount).toBe(1);
    stop();
    await core.setPaused(true);
    expect(send).not.toHaveBeenCalled();
    expect(core.listenerCount).toBe(0);
  });

  it('currentSnapshot gives the checked snapshot, or null (logged) when the core cannot give one', () => {
    const { core, handlers, sink } = setup();
    expect(handlers.currentSnapshot()).toEqual(core.snapshot());
    vi.spyOn(core, 'snapshot').mockImplementation(() => {
      throw new Error('boom');
    });
    expect(handlers.currentSnapshot()).toBeNull();
    expect(sink.records.some((r) => r.event === 'ipc.internal')).toBe(true);
  });
});
