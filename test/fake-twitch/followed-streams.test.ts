import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../support/manual-clock.js';
import type { FakeTwitch } from './index.js';
import type { Kit } from './test-kit.js';
import { helix, startSeededFake, stopSeededFake } from './test-kit.js';

/** The fake's follows, streams and GET /helix/streams/followed, as FOLLOWED-STREAMS.md describes them. */
let clock: ManualClock;
let fake: FakeTwitch;
let kit: Kit;
let call: Kit['call'];

beforeEach(async () => {
  ({ clock, fake, kit } = await startSeededFake());
  // A login made since issue 18: it has the follows scope.
  const token = fake.issueToken({ user: 'me', clientId: kit.clientId, scopes: ['user:read:chat', 'user:manage:chat_color', 'user:read:follows'] });
  call = { token: token.access_token, clientId: kit.clientId };
});
afterEach(() => stopSeededFake(fake, []));

type Page = { data: Array<Record<string, unknown>>; pagination: { cursor?: string } };
const followed = async (query: string, as = call): Promise<{ status: number; json: Page }> => {
  const res = await helix(fake, 'GET', `/streams/followed?${query}`, as);
  return { status: res.status, json: res.json as Page };
};

describe('GET /helix/streams/followed', () => {
  it('lists the followed channels that are live, with every documented field, most viewers first; offline and unfollowed ones are absent', async () => {
    for (const login of ['a', 'b', 'c', 'd']) fake.createUser({ login, displayName: login.toUpperCase() });
    fake.follow('me', 'a', 'b', 'c');
    const started = clock.now();
    fake.startStream('a', { viewers: 5, title: 'small' });
    fake.startStream('b', { viewers: 500 });
    fake.startStream('d', { viewers: 9_999 }); // live, not followed
    const { status, json } = await followed(`user_id=${kit.me.id}`);
    expect(status).toBe(200);
    expect(json.data.map((s) => s.user_login)).toEqual(['b', 'a']);
    expect(json.data[1]).toEqual({
      id: expect.stringMatching(/^\d+$/),
      user_id: fake.user('a').id,
      user_login: 'a',
      user_name: 'A',
      game_id: expect.any(String),
      game_name: 'Just Chatting',
      type: 'live',
      title: 'small',
      viewer_count: 5,
      started_at: new Date(started).toISOString().replace(/\.\d+Z$/, 'Z'),
      language: 'en',
      thumbnail_url: expect.stringContaining('{width}x{height}'),
      tag_ids: [],
      tags: [],
      is_mature: false,
    });
    expect(json.pagination).toEqual({});

    fake.stopStream('b');
    fake.unfollow('me', 'a');
    expect((await followed(`user_id=${kit.me.id}`)).json.data).toEqual([]);
  });

  it('pages with first (1-100, default 100) and an opaque cursor in after; the last page has pagination {}', async () => {
    const logins = Array.from({ length: 250 }, (_, i) => `c${i}`);
    for (const [i, login] of logins.entries()) {
      fake.createUser({ login });
      fake.startStream(login, { viewers: 1_000 - i });
    }
    fake.follow('me', ...logins);
    const first = await followed(`user_id=${kit.me.id}`);
    expect(first.json.data).toHaveLength(100);
    expect(first.json.pagination.cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const second = await followed(`user_id=${kit.me.id}&first=100&after=${first.json.pagination.cursor}`);
    const third = await followed(`user_id=${kit.me.id}&first=100&after=${second.json.pagination.cursor}`);
    expect(third.json.data).toHaveLength(50);
    expect(third.json.pagination).toEqual({});
    expect([...first.json.data, ...second.json.data, ...third.json.data].map((s) => s.user_login)).toEqual(logins);
    const small = await followed(`user_id=${kit.me.id}&first=7`);
    expect(small.json.data.map((s) => s.user_login)).toEqual(logins.slice(0, 7));
    const madeUp = Buffer.from(JSON.stringify({ o: 100 })).toString('base64url');
    for (const bad of ['first=0', 'first=101', 'first=x', 'after=not-ours', `after=${madeUp}`]) {
      expect((await followed(`user_id=${kit.me.id}&${bad}`)).status, bad).toBe(400);
    }
  });

  it('needs user:read:follows (401 without it, as for a login from before issue 18) and the token user (400 otherwise, or without user_id)', async () => {
    fake.createUser({ login: 'a' });
    fake.follow('me', 'a');
    fake.startStream('a');
    const old = await helix(fake, 'GET', `/streams/followed?user_id=${kit.me.id}`, kit.call);
    expect(old).toMatchObject({ status: 401, json: { error: 'Unauthorized', status: 401, message: 'Missing scope: user:read:follows' } });
    expect((await followed(`user_id=${fake.user('chan').id}`)).status).toBe(400);
    expect((await followed('first=10')).status).toBe(400);
  });

  it('spends a point of the Helix bucket per page (429 with Ratelimit-* when empty)', async () => {
    fake.setRateLimit({ limit: 2, clientId: kit.clientId, userId: kit.me.id, remaining: 1 });
    expect((await followed(`user_id=${kit.me.id}`)).status).toBe(200);
    const limited = await helix(fake, 'GET', `/streams/followed?user_id=${kit.me.id}`, call);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('ratelimit-reset')).toMatch(/^\d+$/);
  });

  it('a new broadcast has a new stream id and start; a live one only changes viewers; removed owners are not listed', async () => {
    fake.createUser({ login: 'a' });
    fake.follow('me', 'a');
    const one = fake.startStream('a', { viewers: 3 });
    await clock.advance(60_000);
    expect(fake.startStream('a', { viewers: 40 })).toMatchObject({ id: one.id, startedAt: one.startedAt, viewers: 40 });
    expect(fake.stopStream('a')).toBe(true);
    expect(fake.stopStream('a')).toBe(false);
    const two = fake.startStream('a');
    expect(two.id).not.toBe(one.id);
    expect(two.startedAt).toBe(clock.now());
    fake.removeUser('a');
    expect((await followed(`user_id=${kit.me.id}`)).json.data).toEqual([]);
  });
});

describe('control API', () => {
  it('follows, starts and stops streams over HTTP', async () => {
    fake.createUser({ login: 'a' });
    const post = (path: string, body: unknown): Promise<Response> => fetch(`${fake.urls.control}${path}`, { method: 'POST', body: JSON.stringify(body) });
    expect((await post('/follows', { user: 'me', channels: ['a'] })).status).toBe(200);
    expect((await post('/streams/start', { channel: 'a', viewers: 12 })).status).toBe(200);
    expect((await followed(`user_id=${kit.me.id}`)).json.data.map((s) => s.viewer_count)).toEqual([12]);
    expect(await (await fetch(`${fake.urls.control}/streams`)).json()).toEqual([expect.objectContaining({ broadcasterId: fake.user('a').id, viewers: 12 })]);
    expect(await (await post('/streams/stop', { channel: 'a' })).json()).toEqual({ wasLive: true });
    expect((await post('/follows/remove', { user: 'me', channel: 'a' })).status).toBe(200);
    expect((await post('/streams/start', { channel: 'a', viewers: -1 })).status).toBe(400);
  });
});
