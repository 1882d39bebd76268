import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import { WebSocketServer } from 'ws';
import type { TimerHandle } from '../../src-core/runtime/clock.js';
import { Accounts } from './accounts.js';
import { AuthStore } from './auth-store.js';
import { Chat } from './chat.js';
import { handleControl } from './control-http.js';
import { EventSubSessions } from './eventsub-sessions.js';
import { FakeTwitch } from './fake-twitch.js';
import type { FakeTwitchUrls } from './fake-twitch.js';
import type { RouteFault } from './faults.js';
import { Faults } from './faults.js';
import { handleHelix } from './helix-routes.js';
import type { HttpContext } from './http-io.js';
import { sendHelixError, sendJson, sendOAuthError } from './http-io.js';
import { FakeTwitchLog } from './log.js';
import { handleOAuth } from './oauth-routes.js';
import type { FakeTwitchOptions } from './options.js';
import { resolveOptions } from './options.js';
import { RateLimiter } from './rate-limit.js';
import { SubscriptionRegistry } from './subscriptions.js';
import { Streams } from './streams.js';
import { activatePage } from './activate-page.js';
import { serveProfileImage } from './profile-images.js';

/** Starts the fake on 127.0.0.1 (port 0 by default) and resolves once it listens. */
export async function startFakeTwitch(options?: FakeTwitchOptions): Promise<FakeTwitch> {
  const opts = resolveOptions(options);
  const { clock, timings } = opts;
  const log = new FakeTwitchLog(clock);
  const accounts = new Accounts(() => clock.now());
  const auth = new AuthStore(clock, accounts, timings, () => opts.enforceDeviceInterval);
  const limiter = new RateLimiter(clock, opts.rateLimitPerMinute);
  const faults = new Faults();
  const subscriptions = new SubscriptionRegistry();
  let origin = '';
  const urls: FakeTwitchUrls = { auth: '', api: '', eventsub: '', control: '' };
  const sessions = new EventSubSessions({ clock, log, subscriptions, timings, lingerMs: () => opts.orphanedSubscriptionsLingerMs, eventsubUrl: () => urls.eventsub });
  const chat = new Chat({ clock, accounts, subscriptions, sessions });
  const streams = new Streams(accounts, () => clock.now());
  /** Latency timers and hanging requests, ended by close(). */
  const pendingTimers = new Set<TimerHandle>();
  const heldSockets = new Set<Duplex>();
  const helixDeps = { auth, limiter, accounts, log, clock, subscriptions, sessions, streams, imageOrigin: () => origin };
  const oauthDeps = { auth, timings, activateUrl: () => `${origin}/activate` };
  /** Set once listening; control requests before that cannot arrive. */
  const ref: { fake?: FakeTwitch } = {};

  const delay = (ms: number): Promise<void> => new Promise((resolve) => {
    const handle = clock.setTimeout(() => {
      pendingTimers.delete(handle);
      resolve();
    }, ms);
    pendingTimers.add(handle);
  });

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname === '/control' || url.pathname.startsWith('/control/')) {
      if (ref.fake) await handleControl({ req, res, method, path: url.pathname, query: url.searchParams }, ref.fake);
      return;
    }
    const query: Record<string, string[]> = {};
    for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key);
    const entry = log.addRequest({ method, path: url.pathname, query, status: undefined, clientId: undefined, userId: undefined, grantType: undefined, fault: undefined });
    res.on('finish', () => void (entry.status = res.statusCode));
    const ctx: HttpContext = { req, res, method, path: url.pathname, query: url.searchParams, entry };
    const fault = faults.take(method, url.pathname);
    if (fault) {
      entry.fault = fault.drop ? 'drop' : fault.hang ? 'hang' : fault.status !== undefined ? 'status' : 'latency';
      if (fault.drop) return void req.socket.destroy();
      if (fault.hang) return;
      if (fault.latencyMs) await delay(fault.latencyMs);
      if (res.destroyed) return;
      if (fault.status !== undefined) return sendFault(ctx, fault);
    }
    if (await handleOAuth(ctx, oauthDeps)) return;
    if (await handleHelix(ctx, helixDeps)) return;
    if (method === 'GET' && url.pathname === '/activate') return activatePage(ctx, auth, accounts);
    if (serveProfileImage(ctx, accounts)) return;
    sendJson(res, 404, { error: 'Not Found', status: 404, message: 'no such route on the fake Twitch' });
  }

  function sendFault(ctx: HttpContext, fault: RouteFault): void {
    const status = fault.status ?? 500;
    if (fault.body !== undefined) return sendJson(ctx.res, status, fault.body, fault.headers);
    if (ctx.path.startsWith('/oauth2/')) return sendOAuthError(ctx.res, { status, message: STATUS_CODES[status] ?? 'error' });
    sendHelixError(ctx.res, status, STATUS_CODES[status] ?? 'error', fault.headers);
  }

  const server = createServer((req, res) => {
    dispatch(req, res).catch((error: unknown) => {
      // A bug in the fake must be loud in the test output, and the client still gets an answer.
      console.error('fake-twitch: request failed', error);
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal Server Error', status: 500, message: String(error) });
      else res.destroy();
    });
  });
  const wss = new WebSocketServer({ noServer: true });

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/ws') return void socket.destroy();
    const fault = faults.take('GET', '/ws');
    const query: Record<string, string[]> = {};
    for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key);
    const entry = log.addRequest({ method: 'GET', path: '/ws', query, status: undefined, clientId: undefined, userId: undefined, grantType: undefined, fault: undefined });
    if (fault) {
      entry.fault = fault.drop ? 'drop' : fault.hang ? 'hang' : fault.status !== undefined ? 'status' : 'latency';
      if (fault.drop) return void socket.destroy();
      if (fault.hang) return void heldSockets.add(socket);
      if (fault.latencyMs) await delay(fault.latencyMs);
      if (socket.destroyed) return;
      if (fault.status !== undefined) {
        entry.status = fault.status;
        socket.end(`HTTP/1.1 ${fault.status} ${STATUS_CODES[fault.status] ?? 'Error'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
    }
    entry.status = 101;
    wss.handleUpgrade(req, socket, head, (ws) => sessions.accept(ws, url));
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    upgrade(req, socket, head).catch(() => socket.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  origin = `http://127.0.0.1:${port}`;
  Object.assign(urls, { auth: `${origin}/oauth2`, api: `${origin}/helix`, eventsub: `ws://127.0.0.1:${port}/ws`, control: `${origin}/control` });

  async function shutdown(): Promise<void> {
    for (const handle of pendingTimers) handle.cancel();
    pendingTimers.clear();
    for (const socket of heldSockets) socket.destroy();
    sessions.closeAll();
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  ref.fake = new FakeTwitch({ urls, options: opts, log, accounts, auth, limiter, faults, subscriptions, sessions, chat, streams, shutdown });
  return ref.fake;
}
