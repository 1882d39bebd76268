import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { CommandName, EventPayload } from '../../../src-core/ipc/contract.js';
import { type ApiScope, bridgeWsUrl, chooseApi } from '../../../renderer/ipc/get-api.js';
import { type ConnectionStatus, type ProbeVerdict, type Timers, type WsClientOptions, WsClient, createWsClient } from '../../../renderer/ipc/ws-client.js';
import { type TestBridge, startTestBridge } from '../../core/ipc/bridge/bridge-harness.js';
import { commandExamples, exampleNames, prepareExample } from '../../core/ipc/command-examples.js';

/** The `ws` package stands in for the browser's WebSocket; a browser sends its page's Origin itself. */
const socketFor = (origin: string) => (url: string) => new WebSocket(url, { origin });

/** The browser's fetch of the socket's address, with the page's Origin as a browser would send it. */
const probeFor = (origin: string) => (url: string) =>
  new Promise<ProbeVerdict>((resolve) => {
    const req = httpRequest(url.replace(/^ws/, 'http'), { headers: { origin }, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 403 ? 'refused' : 'reachable');
    });
    req.on('error', () => resolve('unreachable'));
    req.end();
  });

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function bridge(options: Parameters<typeof startTestBridge>[0] = {}): Promise<TestBridge> {
  const t = await startTestBridge(options);
  cleanups.push(() => t.close());
  return t;
}

function client(t: TestBridge, options: Partial<WsClientOptions> = {}): WsClient {
  const c = createWsClient({ url: t.bridge.wsUrl, createSocket: socketFor(t.bridge.origin), probe: probeFor(t.bridge.origin), firstRetryMs: 20, ...options });
  cleanups.push(() => c.close());
  return c;
}

function statusReached(c: WsClient, wanted: ConnectionStatus): Promise<void> {
  if (c.status === wanted) return Promise.resolve();
  return new Promise((resolve) => {
    const off = c.onStatus((status) => {
      if (status === wanted) {
        off();
        resolve();
      }
    });
  });
}

/** Timers that fire only when the test says so. */
function manualTimers(): Timers & { fireAll(): void; count(): number } {
  const pending = new Map<number, () => void>();
  let seq = 0;
  return {
    setTimeout: (fn) => (pending.set(++seq, fn), seq),
    clearTimeout: (handle) => void pending.delete(handle as number),
    fireAll: () => {
      const due = [...pending.values()];
      pending.clear();
      for (const fn of due) fn();
    },
    count: () => pending.size,
  };
}

describe('the renderer’s WebSocket client', () => {
  it.each(exampleNames)('%s round-trips through api.<group>.<method>', async (name: CommandName) => {
    const t = await bridge();
    const c = client(t);
    const ctx = await prepareExample(t.core);
    const example = commandExamples[name] as { request(x: typeof ctx): unknown; verify(d: unknown, x: typeof ctx): void };
    const [group, method] = name.split(':') as [string, string];
    const camel = method.replace(/-([a-z])/g, (_, ch: string) => ch.toUpperCase());
    const call = (c.api as unknown as Record<string, Record<string, (r: unknown) => Promise<unknown>>>)[group]?.[camel];
    const result = await call?.(example.request(ctx));
    expect(result).toMatchObject({ ok: true });
    example.verify((result as { data: unknown }).data, ctx);
  });

  it('delivers every event to api.events listeners, and unsubscribing stops them', async () => {
    const t = await bridge();
    const c = client(t);
    const states: unknown[] = [];
    const colors: EventPayload<'color:changed'>[] = [];
    const progress: string[] = [];
    c.api.events.onStateChanged((s) => states.push(s));
    const offColor = c.api.events.onColorChanged((p) => colors.push(p));
    c.api.events.onLoginProgress((p) => progress.push(p.status));
    await statusReached(c, 'open');
    const account = t.core.addAccount('painter', { channels: ['chan'] });
    const started = await c.api.login.start({});
    expect(started.ok).toBe(true);
    if (started.ok) t.core.approveLogin(started.data.loginId, 'second');
    t.core.chatMessage(account.id, 'chan');
    await vi.waitFor(() => expect(colors).toHaveLength(1));
    offColor();
    t.core.chatMessage(account.id, 'chan');
    // Events and answers share one ordered connection: once this answer is in, so is the event.
    expect((await c.api.app.snapshot({})).ok).toBe(true);
    expect(progress).toEqual(['waiting', 'success']);
    expect(colors).toHaveLength(1);
    expect(colors[0]).toMatchObject({ accountId: account.id, login: 'painter' });
    expect(states.at(-1)).toEqual(t.core.snapshot());
  });

  it('answers with an invalid_request result, as Electron IPC does, for a bad payload', async () => {
    const t = await bridge();
    const c = client(t);
    const result = await c.api.accounts.setEnabled({ accountId: 'x' } as never);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/enabled: /) } });
  });

  it('pending calls end as network failures when the connection drops, and the client reconnects to a restarted bridge', async () => {
    const first = await bridge();
    const c = client(first);
    await statusReached(c, 'open');
    vi.spyOn(first.core, 'importLegacy').mockReturnValue(new Promise(() => {}));
    const pending = c.api.legacy.import({ contents: '{}' });
    await vi.waitFor(() => expect(first.sink.records.some((r) => r.event === 'bridge.client_connected')).toBe(true));
    await first.bridge.stop();
    expect(await pending).toEqual({ ok: false, error: { code: 'network', message: expect.stringMatching(/connection to the app was lost/) } });

    const second = await bridge({ bridge: { port: first.bridge.port, token: first.bridge.token } });
    second.core.addAccount('after_restart');
    const states: Array<EventPayload<'state:changed'>> = [];
    c.api.events.onStateChanged((s) => states.push(s));
    await statusReached(c, 'open');
    await vi.waitFor(() => expect(states.at(-1)?.accounts.map((a) => a.login)).toEqual(['after_restart']));
    expect(await c.api.app.setPaused({ paused: true })).toEqual({ ok: true, data: null });
  });

  it('R33 after the app restarted with a new token, the page is told it is refused (HTTP 403 before the upgrade, learned by the probe), not left reconnecting', async () => {
    const first = await bridge();
    const c = client(first);
    await statusReached(c, 'open');
    await first.bridge.stop();
    await bridge({ bridge: { port: first.bridge.port } });
    await statusReached(c, 'forbidden');
    expect(await c.api.app.snapshot({})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('calls made while reconnecting fail at once; calls made while connecting wait for the connection', async () => {
    const t = await bridge();
    const timers = manualTimers();
    const c = client(t, { timers, random: () => 0.5 });
    const early = c.api.app.snapshot({});
    await statusReached(c, 'open');
    expect((await early).ok).toBe(true);
    await t.bridge.stop();
    await statusReached(c, 'reconnecting');
    expect(await c.api.app.snapshot({})).toMatchObject({ ok: false, error: { code: 'network', message: expect.stringMatching(/Not connected/) } });
  });

  it('a call the app never answers ends as a network failure after the timeout', async () => {
    const t = await bridge();
    const timers = manualTimers();
    const c = client(t, { timers, requestTimeoutMs: 10_000 });
    await statusReached(c, 'open');
    vi.spyOn(t.core, 'startLogin').mockReturnValue(new Promise(() => {}));
    const pending = c.api.login.start({});
    expect(timers.count()).toBe(1);
    timers.fireAll();
    expect(await pending).toEqual({ ok: false, error: { code: 'network', message: 'The app did not answer in time; try again' } });
    expect(timers.count()).toBe(0);
  });

  it('R33 a page with a wrong token is told forbidden and does not retry', async () => {
    const t = await bridge();
    const createSocket = vi.fn(socketFor(t.bridge.origin));
    const c = client(t, { url: t.bridge.wsUrl.replace(/token=.*/, 'token=wrong'), createSocket });
    const pending = c.api.app.snapshot({});
    await statusReached(c, 'forbidden');
    expect(await pending).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await c.api.app.snapshot({})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(createSocket).toHaveBeenCalledTimes(1);
  });

  it('R33 a page served from another origin is told forbidden', async () => {
    const t = await bridge();
    const c = client(t, { createSocket: socketFor('http://evil.example'), probe: probeFor('http://evil.example') });
    expect(await c.api.app.snapshot({})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('R12 a throwing listener is reported and the others still run', async () => {
    const t = await bridge();
    const onListenerError = vi.fn();
    const c = client(t, { onListenerError });
    const seen: string[] = [];
    c.api.events.onStateChanged(() => {
      throw new Error('view bug');
    });
    c.api.events.onStateChanged(() => seen.push('second'));
    await vi.waitFor(() => expect(seen).toEqual(['second']));
    expect(onListenerError).toHaveBeenCalledWith(expect.objectContaining({ message: 'view bug' }));
  });

  it('close() ends pending calls and stops for good', async () => {
    const t = await bridge();
    const c = client(t);
    await statusReached(c, 'open');
    vi.spyOn(t.core, 'startLogin').mockReturnValue(new Promise(() => {}));
    const pending = c.api.login.start({});
    c.close();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'network', message: expect.stringMatching(/reload the page/) } });
    expect(c.status).toBe('closed');
    await vi.waitFor(() => expect(t.bridge.clients).toBe(0));
  });
});

describe('getApi', () => {
  it('uses the Electron preload’s object when it is there', () => {
    const preload = { marker: true } as unknown as NonNullable<ApiScope['colorChanger']>;
    const create = vi.fn();
    expect(chooseApi({ colorChanger: preload, location: { protocol: 'http:', host: 'x', search: '' } }, create)).toEqual({ api: preload, client: null });
    expect(create).not.toHaveBeenCalled();
  });

  it('otherwise connects to the bridge that served the page, with the page’s token', async () => {
    const t = await bridge();
    const location = { protocol: 'http:', host: new URL(t.bridge.origin).host, search: `?token=${t.bridge.token}` };
    expect(bridgeWsUrl(location)).toBe(t.bridge.wsUrl);
    const chosen = chooseApi({ location }, (url) => client(t, { url }));
    expect(chosen.client).toBeInstanceOf(WsClient);
    expect(await chosen.api.app.snapshot({})).toMatchObject({ ok: true });
  });

  it('builds wss:// for an https page and encodes the token', () => {
    expect(bridgeWsUrl({ protocol: 'https:', host: 'h:1', search: '?a=1&token=a%2Bb' })).toBe('wss://h:1/ws?token=a%2Bb');
    expect(bridgeWsUrl({ protocol: 'http:', host: 'h:1', search: '' })).toBe('ws://h:1/ws?token=');
  });

  it('fails clearly with neither a preload nor a location', () => {
    expect(() => chooseApi({})).toThrow(/Neither the Electron preload nor a page location/);
  });
});
