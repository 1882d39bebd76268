import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { systemClock } from '../../../../src-core/runtime/clock.js';
import { createLogger, MemoryLogSink } from '../../../../src-core/runtime/logger.js';
import { ProxyTunnelError, webSocketAgent } from '../../../../src-core/twitch/eventsub/proxy-agent.js';
import { EventSubSession, type SessionEnd, type SessionWelcome } from '../../../../src-core/twitch/eventsub/session.js';
import type { ProxySettings } from '../../../../src-core/twitch/http/proxy-env.js';
import { ManualClock } from '../../../support/manual-clock.js';
import { ConnectProxy, type ConnectProxyOptions } from './support/connect-proxy.js';
import { startHarness, type Harness } from './support/harness.js';
import { TEST_TLS_CERT, TEST_TLS_HOST, TEST_TLS_KEY } from './support/test-cert.js';
import { TinyEventSubServer } from './support/tiny-server.js';
import { eventually, settle } from './support/wait.js';

let server: TinyEventSubServer;
let clock: ManualClock;
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(async () => {
  server = await TinyEventSubServer.start();
  clock = new ManualClock();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await server.close();
});

async function startProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const proxy = await ConnectProxy.start(options);
  cleanups.push(() => proxy.close());
  return proxy;
}

function open(proxy: ProxySettings, connectTimeoutMs = 10_000) {
  const record = { welcomes: [] as SessionWelcome[], ends: [] as SessionEnd[] };
  const sink = new MemoryLogSink();
  const session = new EventSubSession({
    url: server.url,
    userId: '42',
    clock,
    logger: createLogger(sink),
    connectTimeoutMs,
    fallbackKeepaliveSeconds: 10,
    proxy,
    handlers: {
      onWelcome: (_s, w) => record.welcomes.push(w),
      onChatMessage: () => {},
      onRevocation: () => {},
      onReconnectRequested: () => {},
      onEnd: (_s, e) => record.ends.push(e),
    },
  });
  cleanups.push(async () => {
    session.close();
    await session.closed;
  });
  return { session, record, sink };
}

describe('EventSub through an HTTP proxy', () => {
  it('a session is welcomed through the proxy tunnel', async () => {
    const proxy = await startProxy();
    const { session, record, sink } = open({ env: { HTTP_PROXY: proxy.url() }, includeLoopback: true });
    await eventually(() => record.welcomes.length === 1, 'welcome through the proxy');
    expect(session.state).toBe('welcomed');
    expect(proxy.connects).toEqual([`127.0.0.1:${server.port}`]);
    expect(proxy.tunnels).toBe(1);
    expect((await server.socket(1)).path).toBe('/ws');
    expect(sink.records.find((r) => r.event === 'eventsub.via_proxy')?.message).toContain(`127.0.0.1:${proxy.port}`);
    session.close();
    await session.closed;
    expect(record.ends).toEqual([{ kind: 'closed_by_us' }]);
    await eventually(() => proxy.openSockets === 0, 'tunnel closed with the session');
  });

  it('loopback targets go direct by rule, whatever the proxy variables say', async () => {
    const proxy = await startProxy();
    const { record } = open({ env: { HTTP_PROXY: proxy.url(), HTTPS_PROXY: proxy.url() } });
    await eventually(() => record.welcomes.length === 1, 'direct welcome');
    expect(proxy.connects).toEqual([]);
  });

  it.each(['127.0.0.1', 'example.com, 127.0.0.1', '*'])('NO_PROXY=%j matches: the socket goes direct, no tunnel', async (noProxy) => {
    const proxy = await startProxy();
    const { record } = open({ env: { HTTP_PROXY: proxy.url(), NO_PROXY: noProxy }, includeLoopback: true });
    await eventually(() => record.welcomes.length === 1, 'direct welcome');
    expect(proxy.connects).toEqual([]);
  });

  it('NO_PROXY with another port does not match: the socket is tunnelled', async () => {
    const proxy = await startProxy();
    const { record } = open({ env: { HTTP_PROXY: proxy.url(), no_proxy: `127.0.0.1:${server.port + 1}` }, includeLoopback: true });
    await eventually(() => record.welcomes.length === 1, 'welcome');
    expect(proxy.tunnels).toBe(1);
  });

  it('wss: TLS to Twitch runs inside the tunnel, named and verified for the target host', async () => {
    const target = await startTlsTarget();
    // The proxy resolves names, as a real one does; the app never looks up eventsub.test.
    const proxy = await startProxy({ resolve: (_host, port) => ({ host: '127.0.0.1', port }) });
    const url = new URL(`wss://${TEST_TLS_HOST}:${target.port}/ws`);
    const agent = webSocketAgent(url, { env: { HTTPS_PROXY: proxy.url() }, clock: systemClock, timeoutMs: 5_000 });
    expect(agent?.constructor.name).toBe('HttpsTunnelAgent');
    const ws = new WebSocket(url, { agent: agent!, ca: TEST_TLS_CERT });
    cleanups.push(() => ws.terminate());
    const first = await new Promise<string>((resolve, reject) => {
      ws.once('message', (data) => resolve(String(data)));
      ws.once('error', reject);
    });
    expect(first).toBe('hello over tls');
    expect(proxy.connects).toEqual([`${TEST_TLS_HOST}:${target.port}`]);
    expect(target.servernames).toEqual([TEST_TLS_HOST]);
    expect(target.alpn).toEqual(['http/1.1']);
  });

  it('wss: a certificate the target host cannot prove is refused inside the tunnel too', async () => {
    const target = await startTlsTarget();
    const proxy = await startProxy({ resolve: (_host, port) => ({ host: '127.0.0.1', port }) });
    const url = new URL(`wss://${TEST_TLS_HOST}:${target.port}/ws`);
    const agent = webSocketAgent(url, { env: { HTTPS_PROXY: proxy.url() }, clock: systemClock, timeoutMs: 5_000 });
    const ws = new WebSocket(url, { agent: agent! }); // no `ca`: self-signed is not trusted
    cleanups.push(() => ws.terminate());
    const error = await new Promise<Error>((resolve) => ws.once('error', resolve));
    expect(error.message).toMatch(/self[- ]signed/i);
    expect(proxy.tunnels).toBe(1);
    expect(target.opened).toBe(0);
  });

  it('a proxy that refuses CONNECT (403) gives a typed ProxyTunnelError', async () => {
    const proxy = await startProxy({ mode: 'refuse' });
    const url = new URL(`ws://twitch.invalid:${server.port}/ws`);
    const agent = webSocketAgent(url, { env: { HTTP_PROXY: proxy.url() }, clock, timeoutMs: 10_000 });
    const ws = new WebSocket(url, { agent: agent! });
    const error = await new Promise<Error>((resolve) => ws.once('error', resolve));
    expect(error).toBeInstanceOf(ProxyTunnelError);
    expect(error).toMatchObject({ code: 'proxy_tunnel', failure: 'refused', status: 403, proxy: `127.0.0.1:${proxy.port}`, target: `twitch.invalid:${server.port}` });
    expect(error.message).toContain('refused CONNECT with 403 Forbidden');
    expect(clock.pending).toBe(0);
  });

  it('a proxy that never answers CONNECT fails the session within its connect timeout, and leaves nothing behind', async () => {
    const proxy = await startProxy({ mode: 'silent' });
    const { record } = open({ env: { HTTP_PROXY: proxy.url() }, includeLoopback: true }, 10_000);
    await eventually(() => proxy.connects.length === 1, 'CONNECT sent');
    await clock.advance(9_999);
    await settle(20);
    expect(record.ends).toEqual([]);
    await clock.advance(1);
    await eventually(() => record.ends.length === 1, 'end');
    expect(record.ends[0]).toEqual({
      kind: 'connect_failed',
      error: expect.stringContaining(`through the proxy 127.0.0.1:${proxy.port}: it did not answer CONNECT within 10000 ms`),
    });
    expect(clock.pending).toBe(0);
    await eventually(() => proxy.openSockets === 0, 'the waiting CONNECT closed');
    expect(server.sockets).toHaveLength(0);
  });

  it('closing a session while its CONNECT waits cancels the tunnel: no timer, no proxy socket', async () => {
    const proxy = await startProxy({ mode: 'silent' });
    const { session, record } = open({ env: { HTTP_PROXY: proxy.url() }, includeLoopback: true });
    await eventually(() => proxy.connects.length === 1, 'CONNECT sent');
    session.close();
    await session.closed;
    expect(record.ends).toEqual([{ kind: 'closed_by_us' }]);
    expect(clock.pending).toBe(0);
    await eventually(() => proxy.openSockets === 0, 'the waiting CONNECT closed');
  });
});

describe('EventSubClient through an HTTP proxy', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  async function harnessVia(proxy: ConnectProxy, credentials?: string): Promise<Harness> {
    // The harness's own server takes the place of the shared one.
    h = await startHarness({ proxyEnv: { HTTPS_PROXY: proxy.url(credentials), HTTP_PROXY: proxy.url(credentials) }, proxyLoopback: true });
    return h;
  }

  it('R09 a proxy that refuses CONNECT is a failed connect: the client backs off and tries again', async () => {
    const proxy = await startProxy({ mode: 'refuse' });
    const h = await harnessVia(proxy);
    h.client.setDesiredChannels(['1']);
    const status = await eventually(() => (h.client.status.nextAttemptAt ? h.client.status : undefined), 'backoff scheduled');
    expect(status).toMatchObject({ state: 'connecting', reason: expect.stringContaining('refused CONNECT with 403') });
    expect(h.logEvents()).toContain('eventsub.session_lost');
    expect(h.server.sockets).toHaveLength(0);
    proxy.mode = 'tunnel';
    await h.clock.advance(status.nextAttemptAt! - h.clock.now());
    await eventually(() => h.client.status.state === 'connected', 'connected through the proxy on the retry');
    expect(proxy.connects).toHaveLength(2);
    expect(proxy.tunnels).toBe(1);
  });

  it('R09 a proxy that never answers: after the connect timeout the client backs off, with the proxy named', async () => {
    const proxy = await startProxy({ mode: 'silent' });
    const h = await harnessVia(proxy);
    h.client.setDesiredChannels(['1']);
    await eventually(() => proxy.connects.length === 1, 'CONNECT sent');
    await h.clock.advance(10_000);
    const status = await eventually(() => (h.client.status.nextAttemptAt ? h.client.status : undefined), 'backoff scheduled');
    expect(status.reason).toContain(`the proxy 127.0.0.1:${proxy.port}: it did not answer CONNECT within 10000 ms`);
    await h.clock.advance(status.nextAttemptAt! - h.clock.now());
    await eventually(() => proxy.connects.length === 2, 'second attempt');
  });

  it('R34 proxy credentials are sent as Proxy-Authorization and never appear in logs', async () => {
    const proxy = await startProxy();
    const h = await harnessVia(proxy, 'alice:s3cret-pw');
    h.client.setDesiredChannels(['1']);
    await eventually(() => h.client.status.state === 'connected', 'connected through the proxy');
    const basic = Buffer.from('alice:s3cret-pw').toString('base64');
    expect(proxy.authorizations).toEqual([`Basic ${basic}`]);
    // Failures log too: refuse the next tunnel and lose the session.
    proxy.mode = 'refuse';
    (await h.server.socket(1)).close(4000);
    await eventually(() => h.client.status.nextAttemptAt, 'backoff scheduled');
    await h.clock.advance(h.client.status.nextAttemptAt! - h.clock.now());
    await eventually(() => proxy.connects.length === 2 && h.logEvents().filter((e) => e === 'eventsub.session_lost').length === 2, 'refused retry');
    const logged = JSON.stringify(h.sink.records);
    expect(logged).toContain(`127.0.0.1:${proxy.port}`);
    expect(logged).not.toContain('s3cret');
    expect(logged).not.toContain(basic);
    expect(JSON.stringify(h.client.status)).not.toContain('s3cret');
  });

  it('R34 an unusable proxy variable fails the connect, says which variable, and hides its value', async () => {
    h = await startHarness({ proxyEnv: { HTTP_PROXY: 'socks5://bob:hunter22@proxy.corp:1080' }, proxyLoopback: true });
    h.client.setDesiredChannels(['1']);
    await eventually(() => h!.client.status.nextAttemptAt, 'backoff scheduled');
    const failure = h.sink.records.find((r) => r.event === 'eventsub.open_failed');
    expect(failure?.message).toContain('HTTP_PROXY must be an http:// or https:// proxy URL');
    expect(JSON.stringify(h.sink.records)).not.toContain('hunter22');
    expect(h.server.sockets).toHaveLength(0);
  });
});

/** A wss: endpoint with the test certificate that says hello and records SNI and ALPN. */
async function startTlsTarget(): Promise<{ port: number; servernames: (string | false | null)[]; alpn: (string | false | null)[]; opened: number }> {
  const state = { port: 0, servernames: [] as (string | false | null)[], alpn: [] as (string | false | null)[], opened: 0 };
  const https: HttpsServer = createHttpsServer({ key: TEST_TLS_KEY, cert: TEST_TLS_CERT, ALPNProtocols: ['http/1.1'] });
  https.on('secureConnection', (socket: TLSSocket) => {
    state.servernames.push(socket.servername);
    state.alpn.push(socket.alpnProtocol);
  });
  https.on('tlsClientError', () => {});
  const wss = new WebSocketServer({ server: https });
  wss.on('connection', (ws) => {
    state.opened += 1;
    ws.send('hello over tls');
  });
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  state.port = (https.address() as AddressInfo).port;
  cleanups.push(async () => {
    for (const client of wss.clients) client.terminate();
    https.closeAllConnections();
    await new Promise<void>((resolve) => https.close(() => resolve()));
  });
  return state;
}
