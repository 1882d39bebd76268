import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../support/manual-clock.js';
import { waitFor } from '../support/wait-for.js';
import { startFakeTwitch } from './index.js';
import type { FakeTwitch } from './index.js';
import type { Kit } from './test-kit.js';
import { chatSubscriptionBody, helix, openSession, seed, startSeededFake, stopSeededFake, subscribe } from './test-kit.js';
import type { RecordingSocket } from './ws-test-client.js';

let clock: ManualClock;
let fake: FakeTwitch;
let kit: Kit;
const sockets: RecordingSocket[] = [];

async function open(query = ''): Promise<RecordingSocket & { sessionId: string }> {
  const socket = await openSession(fake, query);
  sockets.push(socket);
  return socket;
}

beforeEach(async () => {
  ({ clock, fake, kit } = await startSeededFake());
});
afterEach(() => stopSeededFake(fake, sockets));

interface SubJson { id: string; status: string; transport: { session_id: string; disconnected_at?: string } }
interface ListJson { data: SubJson[]; total: number; pagination: { cursor?: string } }

describe('POST /helix/eventsub/subscriptions', () => {
  it('creates an enabled websocket subscription: 202 with Twitch\'s body', async () => {
    const socket = await open();
    const res = await subscribe(fake, kit, socket.sessionId);
    expect(res.status).toBe(202);
    expect(res.json).toEqual({
      data: [{
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        status: 'enabled',
        type: 'channel.chat.message',
        version: '1',
        condition: { broadcaster_user_id: kit.channel.id, user_id: kit.me.id },
        created_at: expect.any(String),
        transport: { method: 'websocket', session_id: socket.sessionId, connected_at: expect.any(String) },
        cost: 0,
      }],
      total: 1,
      total_cost: 0,
      max_total_cost: 10,
    });
    expect(fake.subscriptions()).toMatchObject([{ status: 'enabled', sessionId: socket.sessionId, broadcasterUserId: kit.channel.id, userId: kit.me.id }]);
    expect(fake.sessions()[0]?.subscriptionIds).toHaveLength(1);
  });

  it('409s a duplicate type + condition, even on another session', async () => {
    const a = await open();
    const b = await open();
    expect((await subscribe(fake, kit, a.sessionId)).status).toBe(202);
    expect(await subscribe(fake, kit, a.sessionId)).toMatchObject({ status: 409, json: { error: 'Conflict', status: 409 } });
    expect((await subscribe(fake, kit, b.sessionId)).status).toBe(409);
  });

  it('400s a dead, unknown or missing session (G8)', async () => {
    const socket = await open();
    socket.close();
    await waitFor(() => fake.sessions()[0]?.state === 'closed');
    const dead = await subscribe(fake, kit, socket.sessionId);
    expect(dead).toMatchObject({ status: 400, json: { message: 'websocket transport session does not exist or has already disconnected' } });
    expect((await subscribe(fake, kit, 'AQoQnope')).status).toBe(400);
    expect((await subscribe(fake, kit, undefined)).status).toBe(400);
  });

  it('400s bad bodies: malformed JSON, wrong type/version, incomplete condition, unknown user, webhook transport', async () => {
    const { sessionId } = await open();
    const post = (body: unknown) => helix(fake, 'POST', '/eventsub/subscriptions', { ...kit.call, body });
    const good = chatSubscriptionBody(sessionId, kit.channel.id, kit.me.id) as Record<string, unknown>;
    expect((await post('{not json')).status).toBe(400);
    expect((await post({ ...good, version: '2' })).status).toBe(400);
    expect((await post({ ...good, type: 'channel.follow' })).status).toBe(400);
    expect((await post({ ...good, condition: { broadcaster_user_id: kit.channel.id } })).status).toBe(400);
    expect((await post({ ...good, condition: { broadcaster_user_id: '999999', user_id: kit.me.id } })).status).toBe(400);
    expect((await post({ ...good, transport: { method: 'webhook', callback: 'https://x' } })).status).toBe(400);
    expect((await post({ type: 'channel.chat.message' })).status).toBe(400);
  });

  it('403s a token without user:read:chat and a condition user_id that is not the token user', async () => {
    const { sessionId } = await open();
    const noScope = fake.issueToken({ user: 'me', clientId: kit.clientId, scopes: ['user:manage:chat_color'] });
    const res = await helix(fake, 'POST', '/eventsub/subscriptions', { ...kit.call, token: noScope.access_token, body: chatSubscriptionBody(sessionId, kit.channel.id, kit.me.id) });
    expect(res.status).toBe(403);
    const asOther = await helix(fake, 'POST', '/eventsub/subscriptions', { ...kit.call, body: chatSubscriptionBody(sessionId, kit.channel.id, kit.channel.id) });
    expect(asOther.status).toBe(403);
  });

  it('429s the 301st enabled subscription on one session', async () => {
    const { sessionId } = await open();
    const channels = Array.from({ length: 301 }, (_, i) => fake.createUser({ login: `c${i}` }));
    for (const c of channels.slice(0, 300)) expect((await subscribe(fake, kit, sessionId, c.id)).status).toBe(202);
    expect(await subscribe(fake, kit, sessionId, channels[300]?.id)).toMatchObject({ status: 429, json: { message: 'websocket transport session subscription limit exceeded' } });
  });

  it('a deleted subscription frees its place on a full session, and the create counts what is left', async () => {
    const { sessionId } = await open();
    const channels = Array.from({ length: 301 }, (_, i) => fake.createUser({ login: `c${i}` }));
    const ids: string[] = [];
    for (const c of channels.slice(0, 300)) ids.push(((await subscribe(fake, kit, sessionId, c.id)).json as ListJson).data[0]?.id ?? '');
    expect((await helix(fake, 'DELETE', `/eventsub/subscriptions?id=${ids[7]}`, kit.call)).status).toBe(204);
    const last = await subscribe(fake, kit, sessionId, channels[300]?.id);
    expect(last).toMatchObject({ status: 202, json: { total: 300 } });
    expect(fake.sessions()[0]?.subscriptionIds).toHaveLength(300);
    expect(fake.sessions()[0]?.subscriptionIds).not.toContain(ids[7]);
  });

  it('429s a 4th connection with enabled subscriptions for one client + user', async () => {
    const channels = Array.from({ length: 4 }, (_, i) => fake.createUser({ login: `c${i}` }));
    for (let i = 0; i < 3; i += 1) expect((await subscribe(fake, kit, (await open()).sessionId, channels[i]?.id)).status).toBe(202);
    const fourth = await open();
    expect(await subscribe(fake, kit, fourth.sessionId, channels[3]?.id)).toMatchObject({ status: 429, json: { message: 'number of websocket transports limit exceeded' } });
  });
});

describe('GET /helix/eventsub/subscriptions', () => {
  it('lists oldest first with pagination by `after` cursor; `{}` on the last page', async () => {
    const { sessionId } = await open();
    const channels = Array.from({ length: 5 }, (_, i) => fake.createUser({ login: `c${i}` }));
    const ids: string[] = [];
    for (const c of channels) ids.push(((await subscribe(fake, kit, sessionId, c.id)).json as ListJson).data[0]?.id ?? '');
    const page1 = (await helix(fake, 'GET', '/eventsub/subscriptions?first=2', kit.call)).json as ListJson;
    expect(page1.data.map((s) => s.id)).toEqual(ids.slice(0, 2));
    expect(page1).toMatchObject({ total: 5, total_cost: 0, max_total_cost: 10 });
    const page2 = (await helix(fake, 'GET', `/eventsub/subscriptions?first=2&after=${page1.pagination.cursor}`, kit.call)).json as ListJson;
    expect(page2.data.map((s) => s.id)).toEqual(ids.slice(2, 4));
    const page3 = (await helix(fake, 'GET', `/eventsub/subscriptions?first=2&after=${page2.pagination.cursor}`, kit.call)).json as ListJson;
    expect(page3.data.map((s) => s.id)).toEqual(ids.slice(4));
    expect(page3.pagination).toEqual({});
  });

  it('filters by status, type, user_id or subscription_id, one at a time', async () => {
    const a = await open();
    const other = fake.createUser({ login: 'other' });
    const keep = ((await subscribe(fake, kit, a.sessionId)).json as ListJson).data[0]?.id;
    const b = await open();
    const gone = ((await subscribe(fake, kit, b.sessionId, other.id)).json as ListJson).data[0]?.id;
    b.close();
    await waitFor(() => fake.subscriptions().some((s) => s.status === 'websocket_disconnected'));
    const list = async (q: string) => ((await helix(fake, 'GET', `/eventsub/subscriptions?${q}`, kit.call)).json as ListJson).data.map((s) => s.id);
    expect(await list('status=enabled')).toEqual([keep]);
    expect(await list('status=websocket_disconnected')).toEqual([gone]);
    expect(await list('type=channel.chat.message')).toEqual([keep, gone]);
    expect(await list('type=channel.follow')).toEqual([]);
    expect(await list(`user_id=${other.id}`)).toEqual([gone]);
    expect(await list(`user_id=${kit.me.id}`)).toEqual([keep, gone]);
    expect(await list(`subscription_id=${keep}`)).toEqual([keep]);
    const disconnected = ((await helix(fake, 'GET', '/eventsub/subscriptions?status=websocket_disconnected', kit.call)).json as ListJson).data[0];
    expect(disconnected?.transport.disconnected_at).toEqual(expect.any(String));
  });

  it('400s two filters, a bad status, a bad type, a bad cursor and a bad `first`', async () => {
    for (const q of ['status=enabled&type=channel.chat.message', 'status=happy', 'type=Not A Type', 'after=garbage', 'first=0', 'first=101']) {
      expect((await helix(fake, 'GET', `/eventsub/subscriptions?${q}`, kit.call)).status, q).toBe(400);
    }
  });

  it('shows only the subscriptions of the same client and user', async () => {
    const { sessionId } = await open();
    await subscribe(fake, kit, sessionId);
    const chanToken = fake.issueToken({ user: 'chan', clientId: kit.clientId });
    const theirs = (await helix(fake, 'GET', '/eventsub/subscriptions', { ...kit.call, token: chanToken.access_token })).json as ListJson;
    expect(theirs).toMatchObject({ data: [], total: 0 });
  });
});

describe('DELETE /helix/eventsub/subscriptions', () => {
  it('deletes with 204, then 404; 400 without id', async () => {
    const { sessionId } = await open();
    const id = ((await subscribe(fake, kit, sessionId)).json as ListJson).data[0]?.id ?? '';
    expect((await helix(fake, 'DELETE', `/eventsub/subscriptions?id=${id}`, kit.call))).toMatchObject({ status: 204, text: '' });
    expect(fake.subscriptions()).toEqual([]);
    expect((await helix(fake, 'DELETE', `/eventsub/subscriptions?id=${id}`, kit.call)).status).toBe(404);
    expect((await helix(fake, 'DELETE', '/eventsub/subscriptions', kit.call)).status).toBe(400);
    expect((await subscribe(fake, kit, sessionId)).status).toBe(202);
  });

  it('404s a subscription of another user', async () => {
    const { sessionId } = await open();
    const id = ((await subscribe(fake, kit, sessionId)).json as ListJson).data[0]?.id ?? '';
    const chanToken = fake.issueToken({ user: 'chan', clientId: kit.clientId });
    expect((await helix(fake, 'DELETE', `/eventsub/subscriptions?id=${id}`, { ...kit.call, token: chanToken.access_token })).status).toBe(404);
  });
});

describe('disconnects and orphaned subscriptions (G6)', () => {
  it('disables a session\'s subscriptions on a non-reconnect disconnect, so re-creating works at once', async () => {
    const a = await open();
    await subscribe(fake, kit, a.sessionId);
    a.terminate();
    await waitFor(() => fake.subscriptions()[0]?.status === 'websocket_disconnected');
    const b = await open();
    expect((await subscribe(fake, kit, b.sessionId)).status).toBe(202);
  });

  it('with the linger switch, old subscriptions still count and list as enabled: 409 until deleted or the time passes', async () => {
    fake.setOrphanedSubscriptionsLinger(60_000);
    const a = await open();
    const oldId = ((await subscribe(fake, kit, a.sessionId)).json as ListJson).data[0]?.id ?? '';
    a.terminate();
    await waitFor(() => fake.subscriptions()[0]?.status === 'websocket_disconnected');
    expect(fake.subscriptions()[0]?.effectiveStatus).toBe('enabled');
    const b = await open();
    expect((await subscribe(fake, kit, b.sessionId)).status).toBe(409);
    const listed = ((await helix(fake, 'GET', '/eventsub/subscriptions?type=channel.chat.message', kit.call)).json as ListJson).data;
    expect(listed).toMatchObject([{ id: oldId, status: 'enabled', transport: { session_id: a.sessionId } }]);
    expect(listed[0]?.transport).not.toHaveProperty('disconnected_at');
    // The fix the app must apply: delete the one on the other session, create again.
    expect((await helix(fake, 'DELETE', `/eventsub/subscriptions?id=${oldId}`, kit.call)).status).toBe(204);
    expect((await subscribe(fake, kit, b.sessionId)).status).toBe(202);
  });

  it('lingering ends after the configured time', async () => {
    const lingering = await startFakeTwitch({ clock, orphanedSubscriptionsLingerMs: 30_000 });
    try {
      const k = seed(lingering);
      const a = await openSession(lingering);
      await subscribe(lingering, k, a.sessionId);
      a.terminate();
      await waitFor(() => lingering.subscriptions()[0]?.status === 'websocket_disconnected');
      const b = await openSession(lingering, '?keepalive_timeout_seconds=60'); // outlive the 30 s below
      sockets.push(b);
      expect((await subscribe(lingering, k, b.sessionId)).status).toBe(409);
      await clock.advance(30_000);
      expect((await subscribe(lingering, k, b.sessionId)).status).toBe(202);
    } finally {
      await lingering.close();
    }
  });
});
