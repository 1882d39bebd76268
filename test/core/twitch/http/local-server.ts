import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ManualClock } from '../../../support/manual-clock.js';

export interface RecordedRequest {
  method: string;
  /** Path and query exactly as sent (to check encodings such as %23). */
  rawUrl: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
  form: URLSearchParams;
}

export type Handler = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>;

export interface LocalServer {
  /** e.g. http://127.0.0.1:43567 */
  origin: string;
  requests: RecordedRequest[];
  /** Resolves once `count` requests have arrived in total. */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

/** A tiny HTTP server on 127.0.0.1:0 whose answers the test writes. */
export async function startLocalServer(handler: Handler): Promise<LocalServer> {
  const requests: RecordedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        rawUrl: req.url ?? '',
        url: new URL(req.url ?? '/', 'http://127.0.0.1'),
        headers: req.headers,
        body,
        form: new URLSearchParams(body),
      };
      requests.push(recorded);
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      void Promise.resolve(handler(recorded, res)).catch((error: unknown) => {
        res.statusCode = 599;
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    waitForRequests: (count) =>
      requests.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export function sendStatus(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, headers);
  res.end();
}

/** Twitch's error shape: `{"error":"Bad Request","status":400,"message":"..."}`. */
export function sendTwitchError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: 'Error', status, message }, headers);
}

/**
 * Runs `work` to completion on a ManualClock: while a timer is pending (the code under
 * test is waiting on simulated time), time moves in `stepMs` steps; while none is
 * (real I/O in flight), it yields to the event loop. HTTP timeouts must run on a real
 * clock in such tests, or they would fire during the steps.
 */
export async function runOnClock<T>(clock: ManualClock, work: Promise<T>, options: { stepMs?: number; maxMs?: number } = {}): Promise<T> {
  const stepMs = options.stepMs ?? 500;
  const maxMs = options.maxMs ?? 3_600_000;
  let settled = false;
  work.then(
    () => (settled = true),
    () => (settled = true),
  );
  let elapsed = 0;
  while (!settled) {
    if (clock.pending > 0) {
      if (elapsed >= maxMs) throw new Error(`still running after ${maxMs} ms of simulated time`);
      await clock.advance(stepMs);
      elapsed += stepMs;
    } else {
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return work;
}

/** Yields to real I/O until `predicate` holds (bounded by real time, for network events only). */
export async function waitUntil(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
