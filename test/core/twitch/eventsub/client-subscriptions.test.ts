import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, EventSubSessionGoneError, TwitchApiError } from '../../../../src-core/twitch/errors.js';
import { revocationFrame } from './support/frames.js';
import { startHarness, type Harness } from './support/harness.js';
import { eventually, settle } from './support/wait.js';

let h: Harness;
afterEach(async () => {
  await h?.cleanup();
});

const live = (h: Harness, id: string) => h.client.channelStatuses().find((s) => s.broadcasterUserId === id)?.state === 'live';
const allLive = (h: Harness) => h.client.channelStatuses().every((s) => s.state === 'live');

describe('EventSubClient subscriptions', () => {
  it('opens no socket while no channel is wanted (no 4003 loop)', async () => {
    h = await startHarness();
    h.client.setDesiredChannels([]);
    await h.clock.advance(600_000);
    await settle();
    expect(h.server.sockets).toHaveLength(0);
    expect(h.client.status.state).toBe('idle');
  });

  it('subscribes every wanted channel on the welcomed session, right after the welcome (G7)', async () => {
    h = await startHarness();
    h.client.setDesiredChannels(['1', '2', '3']);
    const remote = await h.server.socket(1);
    await eventually(() => allLive(h) && h.api.enabled().length === 3, 'live');
    expect(h.api.creates().map((c) => [c.broadcasterUserId, c.sessionId])).toEqual([
      ['1', remote.sessionId],
      ['2', remote.sessionId],
      ['3', remote.sessionId],
    ]);
    expect(h.client.status.state).toBe('connected');
    expect(h.channelStatuses.map((s) => `${s.broadcasterUserId}:${s.state}`)).toEqual(['1:pending', '2:pending', '3:pending', '1:live', '2:live', '3:live']);
  });

  it('R07 removing a channel deletes its subscription; removing all closes the socket', async () => {
    h = await startHarness();
    h.client.setDesiredChannels(['1', '2']);
    const remote = await h.server.socket(1);
    await eventually(() => h.api.enabled().length === 2, 'subscribed');
    const sub2 = h.api.enabled().find((s) => s.broadcasterUserId === '2')!;
    h.client.setDesiredChannels(['1']);
    await eventually(() => h.api.deletes().includes(sub2.id), 'DELETE');
    expect((await h.api.listChatSubscriptions()).map((s) => s.broadcasterUserId)).toEqual(['1']);
    expect(h.client.channelStatuses().map((s) => s.broadcasterUserId)).toEqual(['1']);

    h.client.setDesiredChannels([]);
    await eventually(() => h.api.subs.size === 0, 'all deleted');
    expect(await remote.closed).toBe(1000);
    await h.clock.advance(600_000);
    await settle();
    expect(h.server.sockets).toHaveLength(1);
    expect(h.client.status.state).toBe('idle');
    expect(h.client.diagnostics()).toMatchObject({ sockets: 0, timers: 0, channels: 0 });
  });

  it('R07 a removal while the create is in flight deletes what the create made', async () => {
    h = await startHarness();
    let release!: () => void;
    h.api.gate = new Promise((resolve) => (release = resolve));
    h.client.setDesiredChannels(['1', '2']);
    await eventually(() => h.api.creates().length === 2, 'creates sent');
    h.client.setDesiredChannels(['2']);
    h.api.gate = undefined;
    release();
    await eventually(() => h.api.deletes().length === 1 && live(h, '2'), 'deleted');
    expect(h.api.enabled().map((s) => s.broadcasterUserId)).toEqual(['2']);
  });

  it('retries a failed create with backoff and shows the error meanwhile', async () => {
    h = await startHarness();
    h.api.failNext('create', new TwitchApiError(500, 'POST', '/eventsub/subscriptions', 'boom'), 2);
    h.client.setDesiredChannels(['1']);
    await eventually(() => h.client.channelStatuses()[0]?.state === 'error', 'error shown');
    const status = h.client.channelStatuses()[0]!;
    expect(status.message).toContain('500');
    expect(status.nextAttemptAt).toBe(h.clock.now() + 500);
    await h.clock.advance(500);
    await eventually(() => h.api.creates().length === 2, 'second attempt');
    await eventually(() => h.client.channelStatuses()[0]?.nextAttemptAt === h.clock.now() + 1_000, 'longer wait');
    await h.clock.advance(1_000);
    await eventually(() => live(h, '1'), 'live');
    expect(h.api.creates()).toHaveLength(3);
  });

  it('a 409 the Helix client could not resolve is retried with backoff', async () => {
    h = await startHarness();
    h.api.failNext('create', new TwitchApiError(409, 'POST', '/eventsub/subscriptions', 'still exists'));
    h.client.setDesiredChannels(['1']);
    await eventually(() => h.client.channelStatuses()[0]?.state === 'error', 'error shown');
    expect(h.client.channelStatuses()[0]?.message).toContain('409');
    await h.clock.advance(500);
    await eventually(() => live(h, '1'), 'live');
  });

  it('G8 EventSubSessionGoneError from Helix also means: reconnect fresh', async () => {
    h = await startHarness();
    h.client.setDesiredChannels(['1']);
    const first = await h.server.socket(1);
    await eventually(() => live(h, '1'), 'live');
    h.client.setDesiredChannels(['1', '2']);
    h.api.failNext('create', new EventSubSessionGoneError(first.sessionId, 'session does not exist'));
    expect(await first.closed).toBe(1000);
    await h.clock.advance(500);
    const second = await h.server.socket(2);
    await eventually(() => h.client.channelStatuses().every((s) => s.state === 'live') && h.api.enabled().length === 2, 'live');
    expect(h.api.enabled().every((s) => s.sessionId === second.sessionId)).toBe(true);
  });

  it('G8 a 400 "session gone" reconnects fresh instead of retrying on the same session', async () => {
    h = await startHarness();
    h.api.failNext('create', new TwitchApiError(400, 'POST', '/eventsub/subscriptions', 'websocket transport session does not exist or has already disconnected'));
    h.client.setDesiredChannels(['1']);
    const first = await h.server.socket(1);
    expect(await first.closed).toBe(1000);
    await h.clock.advance(500);
    const second = await h.server.socket(2);
    await eventually(() => live(h, '1'), 'live');
    expect(h.api.creates().map((c) => c.sessionId)).toEqual([first.sessionId, second.sessionId]);
  });

  it('authorization_revoked marks the channel, reports upward and does not retry', async () => {
    h = await startHarness();
    h.client.setDesiredChannels(['1', '2']);
    const remote = await h.server.socket(1);
    await eventually(() => allLive(h), 'live');
    const sub = h.api.enabled().find((s) => s.broadcasterUserId === '1')!;
    remote.send(revocationFrame(sub.id, 'authorization_revoked', '1'));
    await eventually(() => h.revoked.length === 1, 'revoked event');
    expect(h.revoked[0]).toEqual({ broadcasterUserId: '1', subscriptionId: sub.id });
    expect(h.client.channelStatuses()[0]).toMatchObject({ state: 'error', message: expect.stringContaining('authorization_revoked') });
    await h.clock.advance(600_000);
    expect(h.api.creates()).toHaveLength(2);
    expect(live(h, '2')).toBe(true);
  });

  it('a revocation for an unknown reason is retried with backoff', async () => {
    h = await startHarness();
    h.client.setDesiredChannels(['1']);
    const remote = await h.server.socket(1);
    await eventually(() => live(h, '1'), 'live');
    const sub = h.api.enabled()[0]!;
    h.api.subs.delete(sub.id);
    remote.send(revocationFrame(sub.id, 'moderator_removed', '1'));
    await eventually(() => h.client.channelStatuses()[0]?.state === 'error', 'error');
    expect(h.revoked).toEqual([]);
    await h.clock.advance(500);
    await eventually(() => live(h, '1'), 'live again');
    expect(h.api.creates()).toHaveLength(2);
  });

  it('an AuthError from Helix shows the login problem on the channel', async () => {
    h = await startHarness();
    h.api.failNext('create', new AuthError('missing_scope'));
    h.client.setDesiredChannels(['1']);
    await eventually(() => h.client.channelStatuses()[0]?.state === 'error', 'error');
    expect(h.client.channelStatuses()[0]?.message).toContain('permission');
  });

  it('spreads more than 300 channels over up to 3 sessions', async () => {
    h = await startHarness({ maxChannelsPerSession: 4 });
    const ids = Array.from({ length: 13 }, (_, i) => String(100 + i));
    h.client.setDesiredChannels(ids);
    await eventually(() => h.api.enabled().length === 12, '12 subscribed');
    const bySession = new Map<string, number>();
    for (const sub of h.api.enabled()) bySession.set(sub.sessionId!, (bySession.get(sub.sessionId!) ?? 0) + 1);
    expect([...bySession.values()]).toEqual([4, 4, 4]);
    expect(h.server.openSockets()).toHaveLength(3);
    expect(h.client.channelStatuses().at(-1)).toMatchObject({ broadcasterUserId: '112', state: 'error', message: expect.stringContaining('12 channels') });
    // Room frees up: the waiting channel gets its place.
    h.client.setDesiredChannels(ids.slice(1));
    await eventually(() => allLive(h) && h.api.enabled().length === 12, 'rebalanced');
  });

  it('uses Twitch limits by default: 301 channels take two sockets', async () => {
    h = await startHarness();
    h.client.setDesiredChannels(Array.from({ length: 301 }, (_, i) => String(i + 1)));
    await eventually(() => h.api.enabled().length === 301, 'subscribed', 10_000);
    expect(h.server.openSockets()).toHaveLength(2);
  });
});
