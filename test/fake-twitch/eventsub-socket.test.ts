import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../support/manual-clock.js';
import { waitFor } from '../support/wait-for.js';
import type { FakeTwitch } from './index.js';
import type { Kit } from './test-kit.js';
import { openSession, subscribe, startSeededFake, stopSeededFake } from './test-kit.js';
import { RecordingSocket } from './ws-test-client.js';

let clock: ManualClock;
let fake: FakeTwitch;
let kit: Kit;
const sockets: RecordingSocket[] = [];

async function open(query = ''): Promise<RecordingSocket & { sessionId: string }> {
  const socket = await openSession(fake, query);
  sockets.push(socket);
  return socket;
}

/** A session with one subscription to `chan`, as the app would have it. */
async function subscribed(query = ''): Promise<RecordingSocket & { sessionId: string }> {
  const socket = await open(query);
  expect((await subscribe(fake, kit, socket.sessionId)).status).toBe(202);
  return socket;
}

/** Lets frames already sent reach the client (real I/O) without moving the Clock. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

beforeEach(async () => {
  ({ clock, fake, kit } = await startSeededFake());
});
afterEach(() => stopSeededFake(fake, sockets));

describe('session_welcome and keepalive', () => {
  it('welcomes with Twitch\'s envelope and session object', async () => {
    const socket = await open();
    expect(socket.frames[0]?.json).toEqual({
      metadata: { message_id: expect.any(String), message_type: 'session_welcome', message_timestamp: '2026-01-01T00:00:00.000000000Z' },
      payload: { session: { id: socket.sessionId, status: 'connected', connected_at: '2026-01-01T00:00:00.000000000Z', keepalive_timeout_seconds: 10, reconnect_url: null } },
    });
    expect(socket.sessionId).toMatch(/^AQoQ/);
    expect(fake.sessions()).toMatchObject([{ id: socket.sessionId, state: 'connected', keepaliveTimeoutSeconds: 10 }]);
  });

  it('honors keepalive_timeout_seconds, clamped to 10..600', async () => {
    const cases: [string, number][] = [['30', 30], ['5', 10], ['1000', 600], ['abc', 10], ['10', 10], ['600', 600]];
    for (const [asked, got] of cases) {
      const socket = await open(`?keepalive_timeout_seconds=${asked}`);
      const session = socket.ofType('session_welcome')[0]?.json?.payload?.session as { keepalive_timeout_seconds: number };
      expect(session.keepalive_timeout_seconds, asked).toBe(got);
    }
  });

  it('sends a keepalive after each silent window; a notification resets the window', async () => {
    await subscribed();
    const [socket] = sockets;
    if (!socket) throw new Error('no socket');
    await clock.advance(10_000);
    await waitFor(() => socket.ofType('session_keepalive').length === 1);
    expect(socket.ofType('session_keepalive')[0]?.json).toEqual({ metadata: expect.objectContaining({ message_type: 'session_keepalive' }), payload: {} });
    await clock.advance(9_000);
    fake.say({ channel: 'chan', chatter: 'me', text: 'x' });
    await clock.advance(9_000);
    await settle();
    expect(socket.ofType('session_keepalive')).toHaveLength(1);
    await clock.advance(1_000);
    await waitFor(() => socket.ofType('session_keepalive').length === 2);
  });

  it('uses the test-only keepalive interval', async () => {
    fake.setTimings({ keepaliveIntervalMs: 100 });
    const socket = await subscribed('?keepalive_timeout_seconds=60');
    await clock.advance(1_000);
    await waitFor(() => socket.ofType('session_keepalive').length === 10);
  });

  it('closes with 4003 when no subscription arrives within the welcome deadline', async () => {
    const idle = await open();
    const busy = await subscribed();
    await clock.advance(9_999);
    await settle();
    expect(idle.closed).toBeUndefined();
    await clock.advance(1);
    await waitFor(() => idle.closed);
    expect(idle.closed).toEqual({ code: 4003, reason: 'connection unused' });
    expect(busy.closed).toBeUndefined();
    expect(fake.log.closes({ sessionId: idle.sessionId })).toMatchObject([{ code: 4003, by: 'server' }]);
  });

  it('takes the welcome deadline from the options', async () => {
    fake.setTimings({ welcomeDeadlineMs: 500 });
    const socket = await open('?keepalive_timeout_seconds=60');
    await clock.advance(500);
    await waitFor(() => socket.closed?.code === 4003);
  });

  it('closes with 4001 when the client sends anything, disabling its subscriptions', async () => {
    const socket = await subscribed();
    socket.ws.send('{"hello":1}');
    await waitFor(() => socket.closed);
    expect(socket.closed).toEqual({ code: 4001, reason: 'client sent inbound traffic' });
    expect(fake.subscriptions()[0]?.status).toBe('websocket_received_inbound_traffic');
    expect(fake.log.socketEvents({ kind: 'received' })).toHaveLength(1);
  });
});

describe('notifications: channel.chat.message', () => {
  it('delivers the full event of TWITCH.md §9 to each session subscribed to the channel, whoever chats', async () => {
    fake.updateUser('chan', { color: '#123456' });
    const socket = await subscribed();
    const bystander = await open('?keepalive_timeout_seconds=600');
    const result = fake.say({ channel: 'chan', chatter: 'chan', text: 'hello there' });
    await waitFor(() => socket.ofType('notification').length === 1);
    const subId = fake.subscriptions()[0]?.id;
    expect(socket.ofType('notification')[0]?.json).toEqual({
      metadata: {
        message_id: result.deliveries[0]?.envelopeMessageId,
        message_type: 'notification',
        message_timestamp: expect.stringMatching(/Z$/),
        subscription_type: 'channel.chat.message',
        subscription_version: '1',
      },
      payload: {
        subscription: {
          id: subId, status: 'enabled', type: 'channel.chat.message', version: '1', cost: 0,
          condition: { broadcaster_user_id: kit.channel.id, user_id: kit.me.id },
          transport: { method: 'websocket', session_id: socket.sessionId },
          created_at: expect.any(String),
        },
        event: {
          broadcaster_user_id: kit.channel.id, broadcaster_user_login: 'chan', broadcaster_user_name: 'Chan',
          chatter_user_id: kit.channel.id, chatter_user_login: 'chan', chatter_user_name: 'Chan',
          message_id: result.messageId,
          message: { text: 'hello there', fragments: [{ type: 'text', text: 'hello there', cheermote: null, emote: null, mention: null }] },
          message_type: 'text', badges: [], cheer: null, color: '#123456', reply: null,
          channel_points_custom_reward_id: null, channel_points_animation_id: null,
          source_broadcaster_user_id: null, source_broadcaster_user_login: null, source_broadcaster_user_name: null,
          source_message_id: null, source_badges: null, is_source_only: null,
        },
      },
    });
    expect(result.deliveries).toEqual([{ sessionId: socket.sessionId, subscriptionId: subId, broadcasterUserId: kit.channel.id, envelopeMessageId: expect.any(String), messageId: result.messageId }]);
    await settle();
    expect(bystander.ofType('notification')).toEqual([]);
  });

  it('takes a given message id, color, badges, reply and message type', async () => {
    const socket = await subscribed();
    fake.say({ channel: kit.channel.id, chatter: kit.me.id, text: 'hi', messageId: 'm-1', color: '', badges: [{ set_id: 'vip', id: '1', info: '' }], reply: { parent_message_id: 'p' }, messageType: 'user_intro' });
    await waitFor(() => socket.ofType('notification').length === 1);
    expect(socket.ofType('notification')[0]?.json?.payload?.event).toMatchObject({ message_id: 'm-1', color: '', badges: [{ set_id: 'vip' }], reply: { parent_message_id: 'p' }, message_type: 'user_intro' });
  });

  it('shared chat: one message reaches several subscribed channels, each copy with source_* fields', async () => {
    const partner = fake.createUser({ login: 'partner', displayName: 'Partner' });
    const socket = await subscribed();
    expect((await subscribe(fake, kit, socket.sessionId, partner.id)).status).toBe(202);
    const result = fake.say({ channel: 'chan', chatter: 'me', text: 'shared', sharedChat: { channels: ['partner'] } });
    await waitFor(() => socket.ofType('notification').length === 2);
    const events = socket.ofType('notification').map((f) => f.json?.payload?.event as Record<string, unknown>);
    expect(events.map((e) => e.broadcaster_user_id)).toEqual([kit.channel.id, partner.id]);
    for (const e of events) {
      expect(e).toMatchObject({ source_broadcaster_user_id: kit.channel.id, source_broadcaster_user_login: 'chan', source_message_id: result.messageId, is_source_only: false, source_badges: [] });
    }
    expect(events[0]?.message_id).toBe(result.messageId);
    expect(events[1]?.message_id).not.toBe(result.messageId);
    expect(new Set(socket.ofType('notification').map((f) => f.json?.metadata?.message_id)).size).toBe(2);
  });

  it('redelivers earlier envelopes unchanged (same metadata.message_id)', async () => {
    const socket = await subscribed();
    const result = fake.say({ channel: 'chan', chatter: 'me', text: 'again' });
    const again = fake.redeliver(result.messageId);
    expect(again).toEqual(result.deliveries);
    await waitFor(() => socket.ofType('notification').length === 2);
    const [first, second] = socket.ofType('notification');
    expect(second?.raw).toBe(first?.raw);
    expect(() => fake.redeliver('never-said')).toThrow();
  });

  it('delivers to every session subscribed to the channel (several readers)', async () => {
    const mine = await subscribed();
    const other = fake.createUser({ login: 'reader2' });
    const k2 = { ...kit, me: other, call: { token: fake.issueToken({ user: 'reader2', clientId: kit.clientId }).access_token, clientId: kit.clientId } };
    const theirs = await open();
    expect((await subscribe(fake, k2, theirs.sessionId)).status).toBe(202);
    expect(fake.say({ channel: 'chan', chatter: 'me', text: 'x' }).deliveries).toHaveLength(2);
    await waitFor(() => mine.ofType('notification').length === 1 && theirs.ofType('notification').length === 1);
  });
});

describe('session_reconnect handover', () => {
  it('keeps delivering on the old socket until the new welcome, then moves subscriptions over', async () => {
    const old = await subscribed();
    const url = fake.sendReconnect(old.sessionId);
    await waitFor(() => old.ofType('session_reconnect').length === 1);
    expect(old.ofType('session_reconnect')[0]?.json?.payload).toEqual({
      session: { id: old.sessionId, status: 'reconnecting', keepalive_timeout_seconds: null, reconnect_url: url, connected_at: expect.any(String) },
    });
    expect(url).toMatch(new RegExp(`^${fake.urls.eventsub}\\?`));
    fake.say({ channel: 'chan', chatter: 'me', text: 'before' });
    await waitFor(() => old.ofType('notification').length === 1);

    const next = new RecordingSocket(url);
    sockets.push(next);
    await waitFor(() => next.sessionId);
    const welcome = next.ofType('session_welcome')[0]?.json?.payload?.session as { keepalive_timeout_seconds: number };
    expect(welcome.keepalive_timeout_seconds).toBe(10);
    expect(next.sessionId).not.toBe(old.sessionId);
    expect(fake.subscriptions()).toMatchObject([{ status: 'enabled', sessionId: next.sessionId }]);
    expect(fake.sessions().find((s) => s.id === old.sessionId)).toMatchObject({ state: 'handed-over', successorId: next.sessionId });

    fake.say({ channel: 'chan', chatter: 'me', text: 'after' });
    await waitFor(() => next.ofType('notification').length === 1);
    expect(old.ofType('notification')).toHaveLength(1);
    // Re-creating after a reconnect welcome is the bug G5 warns about.
    expect((await subscribe(fake, kit, next.sessionId)).status).toBe(409);

    old.close();
    await waitFor(() => old.closed);
    await clock.advance(30_000);
    expect(fake.subscriptions()[0]?.status).toBe('enabled');
    expect(fake.log.closes({ sessionId: old.sessionId })).toMatchObject([{ code: 1000, by: 'client' }]);
    expect(next.closed).toBeUndefined(); // the moved subscriptions meet the welcome deadline
  });

  it('closes the old socket with 4004 when the client never moves, disabling its subscriptions', async () => {
    const old = await subscribed();
    fake.sendReconnect(old.sessionId);
    await clock.advance(29_999);
    await settle();
    expect(old.closed).toBeUndefined();
    await clock.advance(1);
    await waitFor(() => old.closed);
    expect(old.closed).toEqual({ code: 4004, reason: 'reconnect grace time expired' });
    expect(fake.subscriptions()[0]?.status).toBe('websocket_failed_to_reconnect');
  });

  it('closes the old socket with 4004 when the client moved but kept it open; subscriptions stay', async () => {
    fake.setTimings({ reconnectGraceMs: 1000 });
    const old = await subscribed();
    const next = new RecordingSocket(fake.sendReconnect(old.sessionId));
    sockets.push(next);
    await waitFor(() => next.sessionId);
    await clock.advance(1000);
    await waitFor(() => old.closed?.code === 4004);
    expect(fake.subscriptions()[0]).toMatchObject({ status: 'enabled', sessionId: next.sessionId });
  });

  it('answers 4007 to an invalid reconnect URL, and to one whose old socket the client closed first', async () => {
    const bogus = new RecordingSocket(`${fake.urls.eventsub}?reconnect=nope`);
    sockets.push(bogus);
    await waitFor(() => bogus.closed);
    expect(bogus.closed).toEqual({ code: 4007, reason: 'invalid reconnect' });
    expect(bogus.ofType('session_welcome')).toEqual([]);

    const old = await subscribed();
    const url = fake.sendReconnect(old.sessionId);
    old.close();
    await waitFor(() => fake.subscriptions()[0]?.status === 'websocket_disconnected');
    const late = new RecordingSocket(url);
    sockets.push(late);
    await waitFor(() => late.closed);
    expect(late.closed?.code).toBe(4007);
  });

  it('refuses a reconnect on a session that is not connected', async () => {
    const old = await subscribed();
    fake.sendReconnect(old.sessionId);
    expect(() => fake.sendReconnect(old.sessionId)).toThrow(/reconnecting/);
  });
});

describe('closes, drops, silence, revocation, raw frames', () => {
  it.each([
    [4000, 'websocket_internal_error'],
    [4005, 'websocket_network_timeout'],
    [4006, 'websocket_network_error'],
    [4007, 'websocket_failed_to_reconnect'],
  ])('closes with %i on demand; subscriptions become %s', async (code, status) => {
    const socket = await subscribed();
    fake.closeSession(socket.sessionId, code, 'test');
    expect(fake.subscriptions()[0]?.status).toBe(status);
    await waitFor(() => socket.closed);
    expect(socket.closed).toEqual({ code, reason: 'test' });
    expect(fake.log.closes()).toMatchObject([{ sessionId: socket.sessionId, code, by: 'server' }]);
  });

  it('closes with 4002 when a Ping gets no Pong, not when it does', async () => {
    const polite = await subscribed();
    fake.ping(polite.sessionId, 1000);
    await settle();
    await clock.advance(1000);
    const rude = new WebSocket(fake.urls.eventsub, { autoPong: false });
    let closedWith: number | undefined;
    rude.on('close', (code) => void (closedWith = code));
    await waitFor(() => fake.sessions().length === 2);
    const rudeId = fake.sessions()[1]?.id ?? '';
    fake.ping(rudeId, 1000);
    await settle();
    await clock.advance(1000);
    await waitFor(() => closedWith);
    expect(closedWith).toBe(4002);
    expect(polite.closed).toBeUndefined();
  });

  it('drops a socket without a close frame: client sees 1006, subscriptions websocket_disconnected', async () => {
    const socket = await subscribed();
    fake.dropSocket(socket.sessionId);
    await waitFor(() => socket.closed);
    expect(socket.closed?.code).toBe(1006);
    expect(fake.subscriptions()[0]?.status).toBe('websocket_disconnected');
    expect(fake.log.closes()).toMatchObject([{ code: 1006, by: 'server' }]);
    const other = await subscribed();
    fake.dropSocket(other.sessionId, { code: 4000, reason: 'boom' });
    await waitFor(() => other.closed);
    expect(other.closed).toEqual({ code: 4000, reason: 'boom' });
  });

  it('a client-side close disables subscriptions with websocket_disconnected and is logged as by the client', async () => {
    const socket = await subscribed();
    socket.close(1000);
    await waitFor(() => fake.subscriptions()[0]?.status === 'websocket_disconnected');
    expect(fake.log.closes()).toMatchObject([{ sessionId: socket.sessionId, code: 1000, by: 'client' }]);
  });

  it('goes silent: no keepalives, no notifications, until resumed', async () => {
    const socket = await subscribed();
    fake.goSilent(socket.sessionId);
    await clock.advance(60_000);
    expect(fake.say({ channel: 'chan', chatter: 'me', text: 'lost' }).deliveries).toEqual([]);
    await settle();
    expect(socket.frames.map((f) => f.json?.metadata?.message_type)).toEqual(['session_welcome']);
    expect(fake.log.socketEvents({ kind: 'dropped-while-silent', messageType: 'notification' })).toHaveLength(1);
    fake.goSilent(socket.sessionId, false);
    await clock.advance(10_000);
    await waitFor(() => socket.ofType('session_keepalive').length === 1);
  });

  it('revokes a subscription with a revocation message, once, and delivers nothing more for it', async () => {
    const socket = await subscribed();
    const id = fake.subscriptions()[0]?.id ?? '';
    fake.revokeSubscription(id, 'user_removed');
    fake.revokeSubscription(id, 'user_removed');
    await waitFor(() => socket.ofType('revocation').length === 1);
    expect(socket.ofType('revocation')[0]?.json).toEqual({
      metadata: expect.objectContaining({ message_type: 'revocation', subscription_type: 'channel.chat.message', subscription_version: '1' }),
      payload: { subscription: expect.objectContaining({ id, status: 'user_removed' }) },
    });
    expect(fake.say({ channel: 'chan', chatter: 'me', text: 'x' }).deliveries).toEqual([]);
    await settle();
    expect(socket.ofType('revocation')).toHaveLength(1);
  });

  it('revoking a user\'s authorization revokes their subscriptions with authorization_revoked', async () => {
    const socket = await subscribed();
    fake.revokeUserTokens('me');
    await waitFor(() => socket.ofType('revocation').length === 1);
    expect(fake.subscriptions()[0]?.status).toBe('authorization_revoked');
  });

  it('sends raw, malformed, binary and unknown-type frames', async () => {
    const socket = await subscribed();
    expect(fake.sendRaw(socket.sessionId, '{"metadata": nope')).toBe(true);
    fake.sendRaw(socket.sessionId, Buffer.from([1, 2, 3]));
    fake.sendMessage(socket.sessionId, 'session_party', { x: 1 });
    await waitFor(() => socket.frames.length === 4);
    expect(socket.frames[1]).toMatchObject({ raw: '{"metadata": nope', json: undefined });
    expect(socket.frames[2]?.binary).toBe(true);
    expect(socket.frames[3]?.json).toMatchObject({ metadata: { message_type: 'session_party' }, payload: { x: 1 } });
  });

  it('faults the WebSocket upgrade (GET /ws) and refuses other paths', async () => {
    fake.injectFault({ method: 'GET', path: '/ws', status: 503, times: 1 });
    const refused = new WebSocket(fake.urls.eventsub);
    const error = await new Promise<Error>((resolve) => refused.on('error', resolve));
    expect(error.message).toMatch(/503/);
    const wrong = new WebSocket(fake.urls.eventsub.replace('/ws', '/nope'));
    await new Promise((resolve) => wrong.on('error', resolve));
    await open();
  });

  it('close() ends every socket and leaves no timer on the Clock', async () => {
    const a = await subscribed();
    fake.sendReconnect(a.sessionId);
    fake.injectFault({ method: 'GET', path: '/helix/users', latencyMs: 60_000 });
    void fetch(`${fake.urls.api}/users`).catch(() => undefined);
    await waitFor(() => fake.log.requests({ path: '/helix/users' }).length === 1);
    expect(clock.pending).toBeGreaterThan(0);
    await fake.close();
    await waitFor(() => a.closed);
    expect(clock.pending).toBe(0);
  });
});
