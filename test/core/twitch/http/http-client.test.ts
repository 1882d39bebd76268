import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AbortedError } from '../../../../src-core/runtime/abort.js';
import { systemClock } from '../../../../src-core/runtime/clock.js';
import { TimeoutError } from '../../../../src-core/runtime/errors.js';
import { NetworkError } from '../../../../src-core/twitch/errors.js';
import { InvalidResponseError } from '../../../../src-core/twitch/http/errors.js';
import { HttpClient } from '../../../../src-core/twitch/http/http-client.js';
import { ManualClock } from '../../../support/manual-clock.js';
import { sendJson, startLocalServer, type LocalServer } from './local-server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(handler: Parameters<typeof startLocalServer>[0]): Promise<LocalServer> {
  const started = await startLocalServer(handler);
  cleanups.push(() => started.close());
  return started;
}

function client(options: ConstructorParameters<typeof HttpClient>[0]): HttpClient {
  const http = new HttpClient({ proxyEnv: {}, ...options });
  cleanups.push(() => http.close());
  return http;
}

describe('HttpClient', () => {
  it('sends the request and decodes JSON, text and empty bodies', async () => {
    const local = await server((req, res) => {
      if (req.url.pathname === '/json') return sendJson(res, 200, { ok: true }, { 'Ratelimit-Remaining': '7' });
      if (req.url.pathname === '/text') return void res.end('<html>portal</html>');
      res.writeHead(204).end();
    });
    const http = client({ clock: systemClock });
    const json = await http.send({ method: 'POST', url: `${local.origin}/json`, operation: 'test', body: 'a=1', headers: { 'x-test': 'yes' } });
    expect(json.status).toBe(200);
    expect(json.body).toEqual({ ok: true });
    expect(json.header('ratelimit-remaining')).toBe('7');
    expect(json.header('RateLimit-Remaining')).toBe('7');
    expect(local.requests[0]).toMatchObject({ method: 'POST', body: 'a=1' });
    expect(local.requests[0]?.headers['x-test']).toBe('yes');
    expect((await http.send({ method: 'GET', url: `${local.origin}/text`, operation: 'test' })).body).toBe('<html>portal</html>');
    expect((await http.send({ method: 'GET', url: `${local.origin}/empty`, operation: 'test' })).body).toBeUndefined();
  });

  it('parses bodies with a zod schema and reports a mismatch as InvalidResponseError without the body', async () => {
    const local = await server((_req, res) => sendJson(res, 200, { access_token: 'secret-token-value-123', n: 'x' }));
    const http = client({ clock: systemClock });
    const res = await http.send({ method: 'GET', url: local.origin, operation: 'test op' });
    const error = (() => {
      try {
        http.parse(z.object({ n: z.number() }), res, 'test op');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toContain('test op');
    expect((error as Error).message).toContain('at n');
    expect((error as Error).message).not.toContain('secret-token-value-123');
    expect(http.parse(z.object({ n: z.string() }), res, 'test op')).toEqual({ n: 'x' });
  });

  it('R26 server never answers -> TimeoutError once the overall deadline passes on the clock', async () => {
    const local = await server(() => {
      /* never answers */
    });
    const clock = new ManualClock();
    const http = client({ clock, timeoutMs: 5_000 });
    const pending = http.send({ method: 'GET', url: local.origin, operation: 'helix GET /users' });
    const outcome = pending.then(
      () => 'resolved',
      (error: unknown) => error,
    );
    await local.waitForRequests(1);
    await clock.advance(4_999);
    expect(clock.pending).toBe(1);
    await clock.advance(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ operation: 'helix GET /users', timeoutMs: 5_000 });
    expect(clock.pending).toBe(0);
  });

  it('R26 server never sends headers -> TimeoutError from the headers timeout, within bound in real time', async () => {
    const local = await server(() => {
      /* never answers */
    });
    const http = client({ clock: new ManualClock(), headersTimeoutMs: 150 });
    const started = Date.now();
    await expect(http.send({ method: 'GET', url: local.origin, operation: 'slow' })).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('R26 a body that stalls -> TimeoutError from the body timeout', async () => {
    const local = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":');
    });
    const http = client({ clock: new ManualClock(), bodyTimeoutMs: 150 });
    await expect(http.send({ method: 'GET', url: local.origin, operation: 'stall' })).rejects.toBeInstanceOf(TimeoutError);
  });

  it('a refused connection is a NetworkError', async () => {
    const local = await server(() => undefined);
    const origin = local.origin;
    await local.close();
    const http = client({ clock: systemClock });
    const error = await http.send({ method: 'GET', url: origin, operation: 'refused' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).operation).toBe('refused');
  });

  it('a connection reset mid-request is a NetworkError', async () => {
    const local = await server((req) => {
      void req;
    });
    const http = client({ clock: systemClock });
    const pending = http.send({ method: 'GET', url: local.origin, operation: 'reset' }).catch((caught: unknown) => caught);
    await local.waitForRequests(1);
    await local.close();
    expect(await pending).toBeInstanceOf(NetworkError);
  });

  it("the caller's signal cancels with AbortedError and leaves no timer", async () => {
    const local = await server(() => undefined);
    const clock = new ManualClock();
    const http = client({ clock });
    const controller = new AbortController();
    const pending = http.send({ method: 'GET', url: local.origin, operation: 'x', signal: controller.signal });
    await local.waitForRequests(1);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
    expect(clock.pending).toBe(0);
    await expect(http.send({ method: 'GET', url: local.origin, operation: 'x', signal: controller.signal })).rejects.toBeInstanceOf(AbortedError);
  });

  it('a call still queued for a connection is cancelled at once, and the one on the wire is unaffected', async () => {
    let answer: (() => void) | undefined;
    const local = await server((req, res) => {
      if (req.url.pathname !== '/first') return sendJson(res, 200, { path: req.url.pathname });
      answer = () => sendJson(res, 200, { first: true });
    });
    const http = client({ clock: systemClock, connectionsPerOrigin: 1 });
    const first = http.send({ method: 'GET', url: `${local.origin}/first`, operation: 'first' });
    await local.waitForRequests(1);
    const controller = new AbortController();
    const queued = http.send({ method: 'GET', url: `${local.origin}/second`, operation: 'second', signal: controller.signal });
    controller.abort();
    await expect(queued).rejects.toBeInstanceOf(AbortedError);
    answer?.();
    expect((await first).body).toEqual({ first: true });
    // The cancelled call never reaches the server, and the connection still serves the next one.
    expect((await http.send({ method: 'GET', url: `${local.origin}/third`, operation: 'third' })).body).toEqual({ path: '/third' });
    expect(local.requests.map((r) => r.url.pathname)).toEqual(['/first', '/third']);
  });

  it('joins a body that arrives in many chunks, multi-byte characters split across them included', async () => {
    const text = JSON.stringify({ name: 'Zoë 🌈', pad: 'x'.repeat(70_000) });
    const bytes = Buffer.from(text, 'utf8');
    const local = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // Split inside the 4-byte rainbow so no chunk is valid UTF-8 on its own.
      const cut = bytes.indexOf(Buffer.from('🌈')) + 2;
      res.write(bytes.subarray(0, cut));
      setTimeout(() => res.end(bytes.subarray(cut)), 5);
    });
    const http = client({ clock: systemClock });
    const res = await http.send({ method: 'GET', url: local.origin, operation: 'chunks' });
    expect(res.body).toEqual(JSON.parse(text));
  });

  it('refuses oversized answers', async () => {
    const local = await server((_req, res) => void res.end('x'.repeat(5000)));
    const http = client({ clock: systemClock, maxResponseBytes: 1000 });
    await expect(http.send({ method: 'GET', url: local.origin, operation: 'big' })).rejects.toBeInstanceOf(InvalidResponseError);
  });
});

describe('HttpClient proxy', () => {
  async function startProxy(): Promise<{ origin: string; seen: string[]; close(): Promise<void> }> {
    const seen: string[] = [];
    const sockets = new Set<Socket>();
    const proxy: Server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"via":"proxy"}');
    });
    proxy.on('connection', (socket: Socket) => sockets.add(socket));
    proxy.on('connect', (req, socket: Socket) => {
      seen.push(`CONNECT ${req.url}`);
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as AddressInfo;
    const close = () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        proxy.close(() => resolve());
      });
    cleanups.push(close);
    return { origin: `http://127.0.0.1:${port}`, seen, close };
  }

  it('sends non-loopback traffic through HTTPS_PROXY', async () => {
    const proxy = await startProxy();
    const http = client({ clock: systemClock, proxyEnv: { HTTPS_PROXY: proxy.origin } });
    // The proxy refuses the tunnel; what matters is that the request went to it.
    await http.send({ method: 'GET', url: 'https://api.twitch.invalid/helix/users', operation: 'proxied' }).catch(() => undefined);
    expect(proxy.seen).toEqual(['CONNECT api.twitch.invalid:443']);
  });

  it('honours NO_PROXY and never proxies loopback', async () => {
    const proxy = await startProxy();
    const local = await server((_req, res) => sendJson(res, 200, { via: 'direct' }));
    const http = client({ clock: systemClock, proxyEnv: { https_proxy: proxy.origin, HTTP_PROXY: proxy.origin, NO_PROXY: 'twitch.invalid' } });
    const res = await http.send({ method: 'GET', url: local.origin, operation: 'loopback' });
    expect(res.body).toEqual({ via: 'direct' });
    await http.send({ method: 'GET', url: 'https://api.twitch.invalid/helix', operation: 'no proxy', timeoutMs: 2_000 }).catch(() => undefined);
    expect(proxy.seen).toEqual([]);
  });
});
