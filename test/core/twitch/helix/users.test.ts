import { describe, expect, it } from 'vitest';
import { RetryExhaustedError } from '../../../../src-core/runtime/errors.js';
import { runOnClock, sendJson, sendTwitchError, waitUntil, type Handler, type RecordedRequest } from '../http/local-server.js';
import { useHelixSetup } from './helix-support.js';

const setup = useHelixSetup();

const user = (login: string, id = `id-${login}`) => ({ id, login, display_name: login.toUpperCase(), type: '', broadcaster_type: '', profile_image_url: '', created_at: '2020-01-01T00:00:00Z' });

/** Knows every login except those starting with "ghost". */
function answerUsers(req: RecordedRequest, res: Parameters<Handler>[1], headers: Record<string, string> = {}): void {
  const logins = req.url.searchParams.getAll('login').filter((login) => !login.startsWith('ghost'));
  const ids = req.url.searchParams.getAll('id').filter((id) => !id.startsWith('9'));
  sendJson(res, 200, { data: [...logins.map((l) => user(l)), ...ids.map((id) => user(`user${id}`, id))] }, headers);
}

describe('Helix users', () => {
  it('R22 250 logins -> 3 user-lookup requests of at most 100, sent concurrently', async () => {
    const held: (() => void)[] = [];
    const { local, helix, clock } = await setup((req, res) => {
      held.push(() => answerUsers(req, res));
      // Answer only once all three batches are in: a sequential client would never get here.
      if (held.length === 3) for (const release of held) release();
    });
    const logins = Array.from({ length: 250 }, (_, i) => `channel_${i}`);
    const result = await runOnClock(clock, helix.getUsersByLogin(logins));
    expect(local.requests).toHaveLength(3);
    const sent = local.requests.map((req) => req.url.searchParams.getAll('login'));
    expect(sent.map((batch) => batch.length).sort((a, b) => a - b)).toEqual([50, 100, 100]);
    expect(new Set(sent.flat())).toEqual(new Set(logins));
    expect(result.users).toHaveLength(250);
    expect(result.notFound).toEqual([]);
  });

  it('R22 batches stay within the rate limit: with one point left, the rest wait for the reset', async () => {
    const resetSec = Date.UTC(2026, 0, 1) / 1000 + 60;
    const { local, helix, clock } = await setup((req, res) => answerUsers(req, res, { 'Ratelimit-Limit': '800', 'Ratelimit-Remaining': '1', 'Ratelimit-Reset': String(resetSec) }));
    await runOnClock(clock, helix.getUsersByLogin(['warmup']));
    const lookup = helix.getUsersByLogin(Array.from({ length: 250 }, (_, i) => `c${i}`));
    await waitUntil(() => local.requests.length === 2 && clock.pending === 2 && helix.rateLimit().inFlight === 0);
    expect(helix.rateLimit()).toMatchObject({ limit: 800, remaining: 1, inFlight: 0 });
    await clock.advance(60_000);
    const result = await runOnClock(clock, lookup);
    expect(local.requests).toHaveLength(4);
    expect(result.users).toHaveLength(250);
  });

  it('R25 unknown logins are reported in the result and logged with context, not dropped', async () => {
    const { local, helix, clock, sink } = await setup((req, res) => answerUsers(req, res));
    const result = await runOnClock(clock, helix.getUsersByLogin(['Alice', 'ghost_one', 'bob', 'alice', ' GHOST_TWO ', 'not a login!', 'x'.repeat(26)]));
    expect(result.users.map((u) => u.login)).toEqual(['alice', 'bob']);
    expect(result.users[0]).toEqual({ id: 'id-alice', login: 'alice', displayName: 'ALICE', broadcasterType: '', profileImageUrl: '' });
    expect(result.notFound).toEqual(['not a login!', 'x'.repeat(26), 'ghost_one', 'ghost_two']);
    // Impossible logins are never sent (they would fail the whole batch with 400).
    expect(local.requests[0]!.url.searchParams.getAll('login')).toEqual(['alice', 'ghost_one', 'bob', 'ghost_two']);
    const line = sink.records.find((r) => r.event === 'helix.users_not_found');
    expect(line).toMatchObject({ level: 'warn', fields: { operation: 'helix GET /users', by: 'login', count: 4 } });
    expect(line?.fields.notFound).toEqual(result.notFound);
  });

  it('R25 unknown ids are reported too', async () => {
    const { helix, clock } = await setup((req, res) => answerUsers(req, res));
    const result = await runOnClock(clock, helix.getUsersById(['123', '999', 'abc']));
    expect(result.users.map((u) => u.id)).toEqual(['123']);
    expect(result.notFound).toEqual(['abc', '999']);
  });

  it('R25 a failing lookup is logged with context and thrown; nothing partial is returned', async () => {
    let count = 0;
    const { helix, clock, sink } = await setup((req, res) => {
      count += 1;
      if (req.url.searchParams.getAll('login').includes('c0')) return sendTwitchError(res, 503, 'Service Unavailable');
      answerUsers(req, res);
    });
    const error = await runOnClock(clock, helix.getUsersByLogin(Array.from({ length: 150 }, (_, i) => `c${i}`))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RetryExhaustedError);
    expect(count).toBe(4);
    const line = sink.records.find((r) => r.event === 'helix.users_lookup_failed');
    expect(line).toMatchObject({ level: 'error', fields: { operation: 'helix GET /users', by: 'login', count: 150, batches: 2 } });
  });

  it('an empty list sends nothing', async () => {
    const { local, helix } = await setup((req, res) => answerUsers(req, res));
    await expect(helix.getUsersByLogin([])).resolves.toEqual({ users: [], notFound: [] });
    expect(local.requests).toHaveLength(0);
  });
});
