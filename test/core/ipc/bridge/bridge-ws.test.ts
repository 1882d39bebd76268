import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BridgeStartError, startUiBridge } from '../../../../src-core/ipc/bridge/server.js';
import { commands, type CommandName } from '../../../../src-core/ipc/contract.js';
import { createIpcHandlers } from '../../../../src-core/ipc/handlers.js';
import { createLogger, silentSink } from '../../../../src-core/runtime/logger.js';
import { commandExamples, exampleNames, prepareExample } from '../command-examples.js';
import { FakeCore } from '../fake-core.js';
import { type TestBridge, refusedSocket, startTestBridge, tempRendererAssets } from './bridge-harness.js';

let t: TestBridge | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function bridge(): Promise<TestBridge> {
  t = await startTestBridge();
  return t;
}

describe('the bridge over WebSocket: access', () => {
  it.each([
    ['no token', (b: TestBridge) => b.bridge.wsUrl.replace(/\?token=.*/, ''), (b: TestBridge) => b.bridge.origin, 'missing_token'],
    ['a wrong token', (b: TestBridge) => b.bridge.wsUrl.replace(/token=.*/, `token=${'A'.repeat(43)}`), (b: TestBridge) => b.bridge.origin, 'bad_token'],
    ['a foreign Origin', (b: TestBridge) => b.bridge.wsUrl, () => 'http://evil.example', 'bad_origin'],
    ['the page’s Origin on another port', (b: TestBridge) => b.bridge.wsUrl, () => 'http://127.0.0.1:1', 'bad_origin'],
    ['no Origin at all', (b: TestBridge) => b.bridge.wsUrl, () => undefined, 'missing_origin'],
    ['a rebound Host name', (b: TestBridge) => b.bridge.wsUrl, (b: TestBridge) => b.bridge.origin, 'bad_host', 'evil.example'],
    ['localhost with the 127.0.0.1 Origin', (b: TestBridge) => b.bridge.wsUrl, (b: TestBridge) => b.bridge.origin, 'bad_origin', 'localhost:PORT'],
  ])('R33 a WebSocket with %s is refused before the upgrade (HTTP 403) and logged', async (_label, url, origin, reason, host?: string) => {
    const b = await bridge();
    const ended = await refusedSocket(url(b), { origin: origin(b), ...(host ? { host: host.replace('PORT', String(b.bridge.port)) } : {}) });
    // Issue 20: no WebSocket handshake completes for a stranger.
    expect(ended).toEqual({ status: 403 });
    expect(b.sink.records.find((r) => r.event === 'bridge.refused')).toMatchObject({ level: 'warn', fields: { transport: 'ws', reason } });
    expect(b.bridge.clients).toBe(0);
    expect(JSON.stringify(b.sink.records)).not.toContain(b.bridge.token);
  });

  it('a page opened at localhost:PORT connects with its own Origin (issue 17)', async () => {
    const b = await bridge();
    const socket = await b.connect({ origin: `http://localhost:${b.bridge.port}`, host: `localhost:${b.bridge.port}` });
    expect((await socket.nextEvent('state:changed')).payload).toEqual(b.core.snapshot());
    await socket.close();
  });

  it('a WebSocket on another path gets a 404', async () => {
    const b = await bridge();
    expect(await refusedSocket(b.bridge.wsUrl.replace('/ws?', '/other?'), { origin: b.bridge.origin })).toEqual({ status: 404 });
  });

  it('the first message of a connection is the full snapshot', async () => {
    const b = await bridge();
    b.core.addAccount('firstone');
    const socket = await b.connect();
    const first = await socket.nextEvent('state:changed');
    expect(first.payload).toEqual(b.core.snapshot());
    expect(socket.messages[0]).toBe(first);
  });
});

describe('the bridge over WebSocket: every command and event round-trips', () => {
  it.each(exampleNames)('%s', async (name: CommandName) => {
    const b = await bridge();
    const socket = await b.connect();
    const ctx = await prepareExample(b.core);
    const example = commandExamples[name] as { request(c: typeof ctx): unknown; verify(d: unknown, c: typeof ctx): void };
    const result = await socket.request(name, example.request(ctx));
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(commands[name].response.safeParse(result.data).success).toBe(true);
    example.verify(result.data, ctx);
  });

  it('state:changed, color:changed and every kind of login:progress reach every connected UI in order', async () => {
    const b = await bridge();
    const one = await b.connect();
    const two = await b.connect();
    await one.nextEvent('state:changed');
    await two.nextEvent('state:changed');
    const before = one.messages.length;
    const account = b.core.addAccount('caster', { channels: ['chan'], prime: true });
    const first = await b.core.startLogin();
    b.core.approveLogin(first.loginId, 'newbie');
    const denied = await b.core.startLogin();
    b.core.denyLogin(denied.loginId);
    const expired = await b.core.startLogin();
    b.core.expireLogin(expired.loginId);
    const cancelled = await b.core.startLogin();
    expect(await one.request('login:cancel', { loginId: cancelled.loginId })).toEqual({ ok: true, data: null });
    b.core.chatMessage(account.id, 'chan');
    const lastSnapshot = b.core.snapshot();
    await one.next((m) => 'event' in m && m.event === 'state:changed' && JSON.stringify(m.payload) === JSON.stringify(lastSnapshot));
    await two.next((m) => 'event' in m && m.event === 'state:changed' && JSON.stringify(m.payload) === JSON.stringify(lastSnapshot));

    const events = (messages: typeof one.messages) =>
      messages.flatMap((m) => ('event' in m ? [m.event === 'login:progress' ? `login:${m.payload.status}` : m.event] : []));
    const seen = events(one.messages.slice(before));
    expect(seen).toEqual([
      'state:changed',
      'login:waiting',
      'login:success',
      'state:changed',
      'login:waiting',
      'login:denied',
      'login:waiting',
      'login:expired',
      'login:waiting',
      'login:cancelled',
      'color:changed',
      'state:changed',
    ]);
    expect(events(two.messages.slice(before))).toEqual(seen);
    const color = one.messages.find((m) => 'event' in m && m.event === 'color:changed');
    expect(color).toMatchObject({ payload: { accountId: account.id, login: 'caster', color: expect.stringMatching(/^#[0-9A-F]{6}$/) } });
  });

  it('answers go only to the UI that asked', async () => {
    const b = await bridge();
    const one = await b.connect();
    const two = await b.connect();
    await one.request('app:snapshot', {});
    await two.request('app:set-paused', { paused: false });
    expect(one.messages.filter((m) => 'id' in m)).toHaveLength(1);
    expect(two.messages.filter((m) => 'id' in m)).toHaveLength(1);
  });
});

describe('R33 the bridge survives bad messages and answers each with a typed error', () => {
  it('garbage of every kind gets invalid_request or unknown_command, and the connection keeps working', async () => {
    const b = await bridge();
    const socket = await b.connect();
    const invalid = { ok: false, error: { code: 'invalid_request', message: expect.any(String) } };
    expect(await socket.rawRequest('not json')).toEqual({ ok: false, error: { code: 'invalid_request', message: 'The message is not valid JSON' } });
    expect(await socket.rawRequest(Buffer.from([1, 2, 3]))).toEqual({ ok: false, error: { code: 'invalid_request', message: 'Messages must be JSON text, not binary' } });
    expect(await socket.rawRequest('[1,2]')).toEqual(invalid);
    expect(await socket.rawRequest('null')).toEqual(invalid);
    expect(await socket.rawRequest('"app:snapshot"')).toEqual(invalid);
    expect(await socket.rawRequest('{"command":"app:snapshot"}')).toEqual(invalid);
    expect(await socket.rawRequest('{"id":{},"command":"app:snapshot"}')).toEqual(invalid);
    expect(await socket.rawRequest('{"id":-1,"command":"app:snapshot"}')).toEqual(invalid);
    expect(await socket.rawRequest('{"id":7,"command":42}', 7)).toEqual(invalid);
    expect(await socket.rawRequest('{"id":8,"command":"app:snapshot","extra":1}', 8)).toEqual(invalid);
    expect(await socket.rawRequest('{"id":"x","command":"__proto__"}', 'x')).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    expect(await socket.request('drop:tables', {})).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    expect(await socket.request('accounts:set-enabled', { accountId: 'acc-1', enabled: 'yes' })).toEqual({
      ok: false,
      error: { code: 'invalid_request', message: 'Invalid request for accounts:set-enabled: enabled: Invalid input: expected boolean, received string' },
    });
    expect(await socket.request('accounts:remove', { accountId: 'acc-404' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await socket.request('app:snapshot', {})).toMatchObject({ ok: true });
  });

  it('a message over the size limit closes only that connection (1009); others go on', async () => {
    t = await startTestBridge({ bridge: { maxMessageBytes: 64 * 1024 } });
    const big = await t.connect();
    const other = await t.connect();
    big.sendRaw(JSON.stringify({ id: 1, command: 'legacy:import', payload: { contents: 'x'.repeat(100_000) } }));
    expect((await big.closed).code).toBe(1009);
    expect(await other.request('app:snapshot', {})).toMatchObject({ ok: true });
  });
});

describe('R34 no secret crosses the bridge', () => {
  it('a whole session (logins, imports, colors, errors) sends none of the core’s secrets nor the bridge token', async () => {
    const b = await bridge();
    const socket = await b.connect();
    const ctx = await prepareExample(b.core);
    for (const name of exampleNames) {
      const example = commandExamples[name] as { request(c: typeof ctx): unknown };
      await socket.request(name, example.request(await prepareExample(b.core)));
    }
    const login = await socket.request('login:start', {});
    if (login.ok) b.core.approveLogin((login.data as { loginId: string }).loginId, 'approved_one');
    b.core.chatMessage(ctx.accountId, 'somechannel');
    await socket.request('app:snapshot', {});
    await socket.request('accounts:set-enabled', { accountId: 'acc-404', enabled: true });
    await socket.request('legacy:import', { contents: '{"users": 5}' });
    const secrets = b.core.secrets();
    expect(secrets.length).toBeGreaterThan(10);
    expect(secrets).toContain('legacyrefreshtoken0123456789');
    expect(b.received.length).toBeGreaterThan(50);
    const all = b.received.join('\n');
    expect(all).toContain('approved_one');
    for (const secret of [...secrets, b.bridge.token]) expect(all).not.toContain(secret);
    const logs = JSON.stringify(b.sink.records);
    for (const secret of [...secrets, b.bridge.token]) expect(logs).not.toContain(secret);
  });
});

describe('starting and stopping', () => {
  it('R16 stopping (by AbortSignal) closes every UI with 1001, releases the core and leaves no socket or timer', async () => {
    await settleHandles();
    const baseline = handleCounts();
    const controller = new AbortController();
    const b = await startTestBridge({ bridge: { signal: controller.signal } });
    t = b;
    const sockets = await Promise.all([b.connect(), b.connect(), b.connect()]);
    expect(b.bridge.clients).toBe(3);
    expect(b.core.listenerCount).toBe(1);
    controller.abort();
    const ends = await Promise.all(sockets.map((s) => s.closed));
    expect(ends.map((e) => e.code)).toEqual([1001, 1001, 1001]);
    await b.bridge.stop();
    expect(b.core.listenerCount).toBe(0);
    expect(b.bridge.clients).toBe(0);
    await settleHandles();
    // Nothing more than before the bridge started (vitest's own timers may come and go).
    const after = handleCounts();
    for (const [kind, count] of Object.entries(after)) expect({ kind, count }).toEqual({ kind, count: Math.min(count, baseline[kind] ?? 0) });
    await expect(b.connect()).rejects.toThrow(/ECONNREFUSED/);
  });

  it('stop is idempotent', async () => {
    const b = await bridge();
    await Promise.all([b.bridge.stop(), b.bridge.stop()]);
    await b.bridge.stop();
  });

  it('a port in use fails with a BridgeStartError that says what to do', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const { assets, cleanup } = tempRendererAssets();
    const logger = createLogger(silentSink);
    const handlers = createIpcHandlers({ core: new FakeCore(), platform: { openExternal: async () => {}, openPath: async () => {} }, logger });
    try {
      const error = await startUiBridge({ handlers, assets, logger, port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BridgeStartError);
      expect((error as Error).message).toBe(`Could not serve the UI on 127.0.0.1:${port} (EADDRINUSE); choose another --ui-port`);
    } finally {
      blocker.close();
      cleanup();
    }
  });

  it('refuses a short token', async () => {
    const { assets, cleanup } = tempRendererAssets();
    const logger = createLogger(silentSink);
    const handlers = createIpcHandlers({ core: new FakeCore(), platform: { openExternal: async () => {}, openPath: async () => {} }, logger });
    await expect(startUiBridge({ handlers, assets, logger, port: 0, token: 'short' })).rejects.toThrow(RangeError);
    cleanup();
  });
});

/** Closed handles leave the list on a later loop turn, when libuv runs their close callbacks. */
async function settleHandles(): Promise<void> {
  for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

function handleCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) {
    if (/TCP|Timeout|Immediate/.test(name)) counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}
