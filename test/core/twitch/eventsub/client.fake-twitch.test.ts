import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src-core/runtime/clock.js';
import { createLogger, MemoryLogSink } from '../../../../src-core/runtime/logger.js';
import type { ChatMessage } from '../../../../src-core/twitch/chat-message.js';
import { AuthError } from '../../../../src-core/twitch/errors.js';
import { EventSubClient, type AuthorizationRevokedEvent, type EventSubClientStatus } from '../../../../src-core/twitch/eventsub/client.js';
import { HelixClient } from '../../../../src-core/twitch/helix/helix-client.js';
import { HttpClient } from '../../../../src-core/twitch/http/http-client.js';
import type { TokenSource } from '../../../../src-core/twitch/token-source.js';
import { startFakeTwitch, type FakeTwitch, type FakeUser } from '../../../fake-twitch/index.js';
import { ManualClock } from '../../../support/manual-clock.js';
import { eventually, settle } from './support/wait.js';

/** The EventSub client with the real Helix client, against the fake Twitch, on one ManualClock. */
let clock: ManualClock;
let fake: FakeTwitch;
let http: HttpClient;
let sink: MemoryLogSink;
let client: EventSubClient;
let me: FakeUser;
let chan: FakeUser[];
let viewer: FakeUser;
let messages: ChatMessage[];
let states: EventSubClientStatus[];
let revoked: AuthorizationRevokedEvent[];

beforeEach(async () => {
  clock = new ManualClock();
  fake = await startFakeTwitch({ clock });
  const { clientId } = fake.registerClient({ type: 'public' });
  me = fake.createUser({ login: 'me' });
  viewer = fake.createUser({ login: 'viewer' });
  chan = [1, 2, 3].map((n) => fake.createUser({ login: `chan${n}` }));
  const grant = fake.issueToken({ user: me.id, clientId });
  const tokens: TokenSource = {
    clientId,
    accessToken: async () => grant.access_token,
    refreshAfterUnauthorized: async () => {
      throw new AuthError('invalid_token');
    },
  };
  sink = new MemoryLogSink();
  const logger = createLogger(sink, { now: () => clock.now() });
  // HTTP timeouts on real time: advancing the manual clock must not time requests out.
  http = new HttpClient({ clock: systemClock, proxyEnv: {} });
  const helix = new HelixClient({ endpoints: { apiUrl: fake.urls.api }, tokens, clock, logger, http });
  client = new EventSubClient({ eventsubUrl: fake.urls.eventsub, userId: me.id, subscriptions: helix, clock, logger, random: () => 0.5 });
  messages = [];
  states = [];
  revoked = [];
  client.on('chatMessage', (m) => messages.push(m));
  client.on('state', (s) => states.push(s));
  client.on('authorizationRevoked', (r) => revoked.push(r));
});

afterEach(async () => {
  await client.stop();
  await http.close();
  await fake.close();
});

/** Moves the shared clock in steps, letting the sockets carry what each step sent. */
async function advance(ms: number, step = 1_000): Promise<void> {
  for (let done = 0; done < ms; done += step) {
    await clock.advance(Math.min(step, ms - done));
    await settle(5);
  }
}

const enabled = () => fake.subscriptions().filter((s) => s.status === 'enabled');
const openSessions = () => fake.sessions().filter((s) => s.state !== 'closed');

async function live(channels: FakeUser[]): Promise<string> {
  client.setDesiredChannels(channels.map((c) => c.id));
  await eventually(() => client.channelStatuses().every((s) => s.state === 'live') && enabled().length === channels.length, 'subscriptions live');
  const sessionId = enabled()[0]!.sessionId;
  expect(enabled().every((s) => s.sessionId === sessionId)).toBe(true);
  return sessionId;
}

describe('EventSubClient against the fake Twitch', () => {
  it("G9 delivers our user's messages and not other chatters'", async () => {
    await live([chan[0]!]);
    fake.say({ channel: 'chan1', chatter: 'viewer', text: 'not mine' });
    fake.say({ channel: 'chan1', chatter: 'me', text: 'mine' });
    await eventually(() => messages.length === 1, 'message');
    await settle(20);
    expect(messages[0]).toMatchObject({ text: 'mine', chatterUserId: me.id, broadcasterUserId: chan[0]!.id, chatterLogin: 'me' });
    expect(viewer.id).not.toBe(me.id);
  });

  it('G10 shared chat and redeliveries reach the user once', async () => {
    await live([chan[0]!, chan[1]!]);
    const said = fake.say({ channel: 'chan1', chatter: 'me', text: 'shared', sharedChat: { channels: ['chan2'] } });
    expect(said.deliveries).toHaveLength(2);
    fake.redeliver(said.messageId);
    const second = fake.say({ channel: 'chan1', chatter: 'me', text: 'next' });
    await eventually(() => messages.length === 2, 'messages');
    await settle(20);
    expect(messages.map((m) => m.text)).toEqual(['shared', 'next']);
    expect(messages[1]?.messageId).toBe(second.messageId);
  });

  it('R06 silence -> new session + resubscribed', async () => {
    const first = await live([chan[0]!]);
    fake.goSilent(first);
    await advance(13_000);
    await eventually(() => enabled().length === 1 && enabled()[0]!.sessionId !== first, 'resubscribed on a new session');
    expect(fake.log.closes({ sessionId: first, by: 'client' })).toHaveLength(1);
    fake.say({ channel: 'chan1', chatter: 'me', text: 'after' });
    await eventually(() => messages.length === 1, 'delivered on the new session');
  });

  it('R07 disabling a channel deletes its subscription; none listed; no socket once none is left', async () => {
    await live([chan[0]!, chan[1]!]);
    client.setDesiredChannels([chan[0]!.id]);
    await eventually(() => fake.log.requests({ method: 'DELETE', path: '/helix/eventsub/subscriptions', status: 204 }).length === 1, 'DELETE');
    expect(enabled().map((s) => s.broadcasterUserId)).toEqual([chan[0]!.id]);
    client.setDesiredChannels([]);
    await eventually(() => fake.subscriptions().length === 0 && openSessions().length === 0, 'all gone');
    await advance(60_000, 5_000);
    expect(fake.sessions()).toHaveLength(1);
    expect(fake.log.closes({ code: 4003 })).toEqual([]);
    expect(client.status.state).toBe('idle');
  });

  it('R31 + R08 reconnect handover: messages before, during and after arrive once, nothing re-created', async () => {
    const first = await live([chan[0]!]);
    const posts = () => fake.log.requests({ method: 'POST', path: '/helix/eventsub/subscriptions' }).length;
    fake.say({ channel: 'chan1', chatter: 'me', text: 'before' });
    const url = fake.sendReconnect(first);
    fake.say({ channel: 'chan1', chatter: 'me', text: 'during' });
    await eventually(() => fake.log.closes({ sessionId: first, by: 'client' }).length === 1, 'old socket closed by the client');
    const next = openSessions()[0]!;
    expect(next.predecessorId).toBe(first);
    expect(fake.log.requests({ method: 'GET', path: '/ws' }).at(-1)?.query.reconnect?.[0]).toBe(new URL(url).searchParams.get('reconnect'));
    fake.say({ channel: 'chan1', chatter: 'me', text: 'after' });
    await advance(25_000);
    fake.say({ channel: 'chan1', chatter: 'me', text: 'later' });
    await eventually(() => messages.length === 4, 'all messages');
    expect(messages.map((m) => m.text)).toEqual(['before', 'during', 'after', 'later']);
    expect(posts()).toBe(1);
    expect(enabled().map((s) => s.sessionId)).toEqual([next.id]);
    expect(states.map((s) => s.state)).toEqual(['connecting', 'connected']);
  });

  it.each([4000, 4005, 4006, 4007])('close code %i -> a fresh session, subscribed again', async (code) => {
    const first = await live([chan[0]!, chan[1]!]);
    fake.closeSession(first, code);
    await eventually(() => client.status.nextAttemptAt, 'reconnect scheduled');
    await advance(1_000);
    await eventually(() => enabled().length === 2 && enabled().every((s) => s.sessionId !== first), 'resubscribed');
  });

  it('G6 a subscription lingering after a dropped socket (409) is replaced', async () => {
    fake.setOrphanedSubscriptionsLinger(600_000);
    const first = await live([chan[0]!]);
    fake.dropSocket(first);
    await eventually(() => client.status.nextAttemptAt, 'reconnect scheduled');
    await advance(1_000);
    await eventually(() => enabled().length === 1 && enabled()[0]!.sessionId !== first && client.channelStatuses()[0]?.state === 'live', 'live again');
    expect(fake.log.requests({ method: 'POST', path: '/helix/eventsub/subscriptions', status: 409 }).length).toBeGreaterThanOrEqual(1);
  });

  it('authorization revoked: the event goes upward', async () => {
    await live([chan[0]!]);
    fake.revokeUserTokens(me.id);
    await eventually(() => revoked.length === 1, 'revoked');
    expect(revoked[0]?.broadcasterUserId).toBe(chan[0]!.id);
    expect(client.channelStatuses()[0]).toMatchObject({ state: 'error' });
  });

  it('R33 malformed frames and unknown message types are logged and change nothing', async () => {
    const sessionId = await live([chan[0]!]);
    fake.sendRaw(sessionId, '{"metadata": oops');
    fake.sendRaw(sessionId, Buffer.from([0, 1, 2]));
    fake.sendMessage(sessionId, 'session_party', { balloons: 3 });
    fake.sendMessage(sessionId, 'notification', { subscription: { id: 'x' } });
    fake.say({ channel: 'chan1', chatter: 'me', text: 'still here' });
    await eventually(() => messages.length === 1, 'message');
    expect(sink.records.filter((r) => r.event === 'eventsub.frame_ignored')).toHaveLength(4);
    expect(openSessions().map((s) => s.id)).toEqual([sessionId]);
  });

  it('R09 refused upgrades: backoff grows, degraded shown, then retryNow reconnects at once', async () => {
    const fault = fake.injectFault({ method: 'GET', path: '/ws', status: 503 });
    client.setDesiredChannels([chan[0]!.id]);
    for (let failures = 1; failures <= 8; failures += 1) {
      await eventually(() => fake.log.requests({ method: 'GET', path: '/ws' }).length === failures && client.status.nextAttemptAt, `attempt ${failures}`);
      if (failures < 8) await advance(client.status.nextAttemptAt! - clock.now(), 60_000);
    }
    expect(client.status).toMatchObject({ state: 'degraded', reason: expect.stringContaining('503') });
    const gap = client.status.nextAttemptAt! - clock.now();
    expect(gap).toBe(30_000);
    fault.remove();
    client.retryNow();
    await eventually(() => client.channelStatuses()[0]?.state === 'live', 'live');
    expect(client.status).toEqual({ state: 'connected' });
  });

  it('R16 stop: sockets closed, nothing more reaches Twitch', async () => {
    await live([chan[0]!, chan[1]!]);
    await client.stop();
    await eventually(() => openSessions().length === 0, 'sessions closed');
    const requests = fake.log.requests().length;
    await advance(120_000, 10_000);
    expect(fake.log.requests().length).toBe(requests);
    expect(client.diagnostics()).toMatchObject({ sockets: 0, timers: 0, listeners: 0 });
  });
});
