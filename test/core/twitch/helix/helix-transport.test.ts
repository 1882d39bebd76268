import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { systemClock } from '../../../../src-core/runtime/clock.js';
import { RetryExhaustedError } from '../../../../src-core/runtime/errors.js';
import { MemoryLogSink, createLogger } from '../../../../src-core/runtime/logger.js';
import { AuthError, TwitchApiError } from '../../../../src-core/twitch/errors.js';
import { HelixTransport } from '../../../../src-core/twitch/helix/helix-transport.js';
import { HttpClient } from '../../../../src-core/twitch/http/http-client.js';
import type { HttpMethod } from '../../../../src-core/twitch/http/http-client.js';
import { ManualClock } from '../../../support/manual-clock.js';
import { runOnClock, sendJson, sendStatus, sendTwitchError, startLocalServer, waitUntil, type Handler } from '../http/local-server.js';
import { FakeTokens, bearer } from './helix-support.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(handler: Handler) {
  const local = await startLocalServer(handler);
  const http = new HttpClient({ clock: systemClock, proxyEnv: {} });
  cleanups.push(() => local.close(), () => http.close());
  const clock = new ManualClock();
  const tokens = new FakeTokens();
  const sink = new MemoryLogSink();
  const owner = new AbortController();
  const transport = new HelixTransport({
    http,
    apiUrl: `${local.origin}/helix`,
    tokens,
    clock,
    logger: createLogger(sink),
    signal: owner.signal,
    retry: { random: () => 0.5 },
  });
  return { local, transport, tokens, clock, sink, owner };
}

const okSchema = z.object({ data: z.array(z.unknown()) });

/** Answers `first` once (with Twitch's error body, or {data:[]} for 2xx), then 200. */
function firstThen200(first: number): Handler {
  let count = 0;
  return (_req, res) => {
    count += 1;
    if (count > 1 || first === 200) return sendJson(res, 200, { data: [] });
    if (first === 204) return sendStatus(res, 204);
    if (first === 302) return sendStatus(res, 302, { location: 'https://example.com/' });
    const headers: Record<string, string> = first === 429 ? { 'Ratelimit-Remaining': '0', 'Ratelimit-Reset': String(Math.floor(Date.UTC(2026, 0, 1) / 1000) + 1) } : {};
    return sendTwitchError(res, first, `status ${first}`, headers);
  };
}

type Expect = { result: 'ok' } | { error: new (...args: never[]) => Error; status?: number };

// R24: what a caller sees for each status on the first answer (Twitch answers 200 after).
const TABLE: [number, HttpMethod, Expect, number][] = [
  [200, 'GET', { result: 'ok' }, 1],
  [204, 'PUT', { result: 'ok' }, 1],
  [401, 'GET', { result: 'ok' }, 2],
  [429, 'GET', { result: 'ok' }, 2],
  [429, 'POST', { result: 'ok' }, 2],
  [500, 'GET', { result: 'ok' }, 2],
  [502, 'PUT', { result: 'ok' }, 2],
  [503, 'DELETE', { result: 'ok' }, 2],
  [504, 'GET', { result: 'ok' }, 2],
  [500, 'POST', { error: TwitchApiError, status: 500 }, 1],
  [503, 'PATCH', { error: TwitchApiError, status: 503 }, 1],
  [400, 'GET', { error: TwitchApiError, status: 400 }, 1],
  [403, 'POST', { error: AuthError }, 1],
  [404, 'GET', { error: TwitchApiError, status: 404 }, 1],
  [409, 'POST', { error: TwitchApiError, status: 409 }, 1],
  [410, 'GET', { error: TwitchApiError, status: 410 }, 1],
  [418, 'GET', { error: TwitchApiError, status: 418 }, 1],
  [302, 'GET', { error: TwitchApiError, status: 302 }, 1],
];

describe('HelixTransport status handling', () => {
  it.each(TABLE)('R24 %d on %s -> %j after %d request(s)', async (status, method, expected, requests) => {
    const { local, transport, clock } = await setup(firstThen200(status));
    const schema = status === 204 ? z.unknown() : okSchema;
    const outcome = await runOnClock(clock, transport.call({ method, path: '/x', schema })).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    if ('result' in expected) {
      expect(outcome).toMatchObject({ result: { outcome: 'success' } });
    } else {
      expect('error' in outcome && outcome.error).toBeInstanceOf(expected.error);
      if (expected.status) expect(outcome).toMatchObject({ error: { status: expected.status, method, path: '/x', twitchMessage: status === 302 ? '' : `status ${status}` } });
    }
    expect(local.requests).toHaveLength(requests);
  });

  it('R24 400/404/409 are handed to the endpoint when it claims them', async () => {
    for (const status of [400, 404, 409]) {
      const { transport, clock } = await setup(firstThen200(status));
      const result = await runOnClock(clock, transport.call({ method: 'POST', path: '/x', schema: okSchema, handles: ['bad_request', 'not_found', 'conflict'] }));
      expect(result).toEqual({ outcome: { 400: 'bad_request', 404: 'not_found', 409: 'conflict' }[status], status, twitchMessage: `status ${status}` });
    }
  });

  it('sends Bearer token, Client-Id and JSON; the query as given', async () => {
    const { local, transport, clock } = await setup((_req, res) => sendJson(res, 202, { data: [] }));
    await runOnClock(clock, transport.call({ method: 'POST', path: '/eventsub/subscriptions', query: new URLSearchParams({ a: '#1' }), json: { b: 2 }, schema: okSchema }));
    const req = local.requests[0]!;
    expect(req.rawUrl).toBe('/helix/eventsub/subscriptions?a=%231');
    expect(req.headers.authorization).toBe('Bearer token-1');
    expect(req.headers['client-id']).toBe('our-client');
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual({ b: 2 });
  });

  it('R03 401 -> exactly one refresh and one retry with the new token; a second 401 is a TwitchApiError', async () => {
    const { local, transport, tokens, clock } = await setup((_req, res) => sendTwitchError(res, 401, 'Invalid OAuth token'));
    const error = await runOnClock(clock, transport.call({ method: 'GET', path: '/x', schema: okSchema })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TwitchApiError);
    expect(error).toMatchObject({ status: 401 });
    expect(tokens.refused).toEqual(['token-1']);
    expect(local.requests.map(bearer)).toEqual(['token-1', 'token-2']);
  });

  it('R20 an idempotent call failing every attempt throws RetryExhaustedError with attempts and the last cause', async () => {
    const { local, transport, clock, sink } = await setup((_req, res) => sendTwitchError(res, 503, 'Service Unavailable'));
    const error = await runOnClock(clock, transport.call({ method: 'GET', path: '/x', schema: okSchema })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RetryExhaustedError);
    expect(error).toMatchObject({ attempts: 3, operation: 'helix GET /x' });
    expect((error as RetryExhaustedError).lastError).toBeInstanceOf(TwitchApiError);
    expect(local.requests).toHaveLength(3);
    expect(sink.records.filter((r) => r.event === 'helix.retry')).toHaveLength(2);
  });

  it('5xx retries back off with full jitter on the clock', async () => {
    const { local, transport, clock } = await setup((_req, res) => sendTwitchError(res, 500, 'oops'));
    const call = transport.call({ method: 'GET', path: '/x', schema: okSchema }).catch((caught: unknown) => caught);
    await waitUntil(() => local.requests.length === 1 && clock.pending === 1);
    // random 0.5 x 1 s base: the first retry waits 500 ms.
    await clock.advance(499);
    expect(local.requests).toHaveLength(1);
    await clock.advance(1);
    await waitUntil(() => local.requests.length === 2 && clock.pending === 1);
    // then 0.5 x 2 s.
    await clock.advance(999);
    expect(local.requests).toHaveLength(2);
    await clock.advance(1);
    expect(await call).toBeInstanceOf(RetryExhaustedError);
  });

  it('429 waits until Ratelimit-Reset before retrying', async () => {
    const clockStart = Date.UTC(2026, 0, 1);
    let count = 0;
    const { local, transport, clock } = await setup((_req, res) => {
      count += 1;
      if (count === 1) return sendTwitchError(res, 429, 'Too Many Requests', { 'Ratelimit-Limit': '800', 'Ratelimit-Remaining': '0', 'Ratelimit-Reset': String(clockStart / 1000 + 30) });
      sendJson(res, 200, { data: [] });
    });
    const call = transport.call({ method: 'GET', path: '/x', schema: okSchema });
    await waitUntil(() => local.requests.length === 1 && clock.pending === 1);
    await clock.advance(29_999);
    expect(local.requests).toHaveLength(1);
    await clock.advance(1);
    await expect(call).resolves.toMatchObject({ outcome: 'success' });
    expect(local.requests).toHaveLength(2);
  });

  it('429 that outlasts its waits -> TwitchApiError 429 with retryAt; a reset too far away is not waited for', async () => {
    const resetSec = Date.UTC(2026, 0, 1) / 1000 + 10;
    const { local, transport, clock } = await setup((_req, res) => sendTwitchError(res, 429, 'Too Many Requests', { 'Ratelimit-Reset': String(resetSec) }));
    const error = await runOnClock(clock, transport.call({ method: 'PUT', path: '/x', schema: okSchema })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TwitchApiError);
    expect(error).toMatchObject({ status: 429 });
    expect((error as TwitchApiError).retryAt).toBeGreaterThanOrEqual(clock.now());
    expect(local.requests).toHaveLength(4);

    const far = await setup((_req, res) => sendTwitchError(res, 429, 'Too Many Requests', { 'Ratelimit-Reset': String(Date.UTC(2026, 0, 1) / 1000 + 3600) }));
    const farError = await runOnClock(far.clock, far.transport.call({ method: 'GET', path: '/x', schema: okSchema })).catch((caught: unknown) => caught);
    expect(farError).toMatchObject({ status: 429, retryAt: Date.UTC(2026, 0, 1) + 3_600_000 });
    expect(far.local.requests).toHaveLength(1);
  });

  it("aborting the owner's signal cancels calls in flight and waits", async () => {
    const { local, transport, clock, owner } = await setup((_req, res) => sendTwitchError(res, 503, 'x'));
    const call = transport.call({ method: 'GET', path: '/x', schema: okSchema }).catch((caught: unknown) => caught);
    await waitUntil(() => local.requests.length === 1 && clock.pending === 1);
    owner.abort();
    expect(await call).toMatchObject({ name: 'AbortedError' });
    expect(clock.pending).toBe(0);
  });

  it('a success body that does not match its schema is an InvalidResponseError, not retried', async () => {
    const { local, transport, clock } = await setup((_req, res) => sendJson(res, 200, { data: 'nope' }));
    await expect(runOnClock(clock, transport.call({ method: 'GET', path: '/x', schema: okSchema }))).rejects.toMatchObject({ name: 'InvalidResponseError' });
    expect(local.requests).toHaveLength(1);
  });
});
