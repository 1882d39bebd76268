import { afterEach, describe, expect, it } from 'vitest';
import { FOLLOW_POLL_MS, OFFLINE_GRACE_MS, FOLLOW_SCOPE_MISSING } from '../../src-core/accounts/followed-live.js';
import type { ChannelView } from '../../src-core/ipc/snapshot.js';
import type { PersistedFollowLive } from '../../src-core/store/schema.js';
import { waitFor } from '../support/wait-for.js';
import { enabledSubscriptions, startCoreRig, type CoreRig } from './support/core-rig.js';

/**
 * Issue 18, end to end through the real core against the fake Twitch (one ManualClock):
 * "Live channels I follow" finds the followed channels that are live by polling Get
 * Followed Streams and listens in them next to the hand-listed ones, through the same
 * reconciliation (one desired set, no call for an unchanged one).
 */
const WITH_FOLLOWS = ['user:read:chat', 'user:manage:chat_color', 'user:read:follows'];
const SUBSCRIPTIONS = '/helix/eventsub/subscriptions';

let rig: CoreRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

interface Setup {
  follows: string[];
  manual?: string[];
  settings?: Partial<PersistedFollowLive>;
  scopes?: string[];
  live?: Record<string, number>;
}

async function aliceFollowing({ follows, manual = [], settings = {}, scopes = WITH_FOLLOWS, live = {} }: Setup): Promise<{ r: CoreRig; accountId: string; userId: string }> {
  const r = await startCoreRig({ start: false, keepaliveTimeoutSeconds: 600, httpTimeoutMs: 60_000, fake: { rateLimitPerMinute: 1_000_000 } });
  rig = r;
  for (const login of follows) if (!r.fake.users().some((u) => u.login === login)) r.fake.createUser({ login });
  const { accountId, userId } = await r.addAccount({ login: 'alice', channels: manual, resolved: true, scopes, followLive: { enabled: true, ...settings } });
  if (follows.length > 0) r.fake.follow('alice', ...follows);
  for (const [login, viewers] of Object.entries(live)) r.fake.startStream(login, { viewers });
  r.core.start();
  return { r, accountId, userId };
}

const channel = (r: CoreRig, accountId: string, login: string): ChannelView | undefined => r.account(accountId).channels.find((c) => c.login === login);
const followedChannels = (r: CoreRig, accountId: string): ChannelView[] => r.account(accountId).channels.filter((c) => c.source === 'followed-live');
const subscriptionCalls = (r: CoreRig): number => r.fake.log.requests({ path: SUBSCRIPTIONS }).filter((q) => q.method === 'POST' || q.method === 'DELETE').length;
const polls = (r: CoreRig): number => r.fake.log.requests({ method: 'GET', path: '/helix/streams/followed' }).length;
const idOf = (r: CoreRig, login: string): string => r.fake.user(login).id;

async function firstPoll(r: CoreRig, accountId: string): Promise<void> {
  await r.until(() => r.account(accountId).followLive.lastPollAt !== null, { message: 'the first poll', stepMs: 1_000 });
}

describe('issue 18: live channels I follow', () => {
  it('a followed channel going live is subscribed within one poll; the user’s message there changes the color; going offline unsubscribes after the grace period, not before', async () => {
    const { r, accountId, userId } = await aliceFollowing({ follows: ['bob'] });
    await firstPoll(r, accountId);
    expect(r.account(accountId).followLive).toMatchObject({ enabled: true, state: 'active', reason: null });
    expect(enabledSubscriptions(r.fake, idOf(r, 'bob'))).toBe(0);

    const wentLive = r.clock.now();
    r.fake.startStream('bob', { viewers: 42 });
    await r.until(() => channel(r, accountId, 'bob')?.state === 'listening', { message: 'bob listening', maxMs: FOLLOW_POLL_MS + 10_000, stepMs: 1_000 });
    // Within the polling period (the jitter only ever makes a poll earlier), plus the subscription's own call.
    expect(r.clock.now() - wentLive).toBeLessThanOrEqual(FOLLOW_POLL_MS + 2_000);
    expect(enabledSubscriptions(r.fake, idOf(r, 'bob'))).toBe(1);
    expect(channel(r, accountId, 'bob')).toMatchObject({ source: 'followed-live', enabled: true, followed: { displayName: 'bob', viewers: 42, liveSince: Math.floor(wentLive / 1000) * 1000, offlineSince: null } });

    r.fake.say({ channel: 'bob', chatter: 'alice', text: 'hello from a followed channel' });
    await waitFor(() => r.fake.log.colorChanges(userId).length === 1, { message: 'the color changed' });
    // So do chat commands there (while changes are off the followed set stays as it is, unpolled).
    r.fake.say({ channel: 'bob', chatter: 'alice', text: 'ccd' });
    await r.until(() => r.account(accountId).enabled === false, { message: 'ccd in a followed channel' });
    expect(r.account(accountId).followLive.state).toBe('paused');
    r.fake.say({ channel: 'bob', chatter: 'alice', text: 'cce' });
    await r.until(() => r.account(accountId).enabled, { message: 'cce in a followed channel' });

    r.fake.stopStream('bob');
    await r.until(() => channel(r, accountId, 'bob')?.followed?.offlineSince !== null, { message: 'a poll saw bob offline', maxMs: FOLLOW_POLL_MS + 10_000, stepMs: 1_000 });
    const offlineSince = channel(r, accountId, 'bob')?.followed?.offlineSince as number;
    expect(channel(r, accountId, 'bob')?.followed?.leavesAt).toBe(offlineSince + OFFLINE_GRACE_MS);
    await r.advance(offlineSince + OFFLINE_GRACE_MS - 5_000 - r.clock.now(), 5_000);
    expect(enabledSubscriptions(r.fake, idOf(r, 'bob'))).toBe(1);
    expect(channel(r, accountId, 'bob')?.state).toBe('listening');
    await r.until(() => channel(r, accountId, 'bob') === undefined && enabledSubscriptions(r.fake, idOf(r, 'bob')) === 0, { message: 'bob let go', maxMs: 20_000 });
    expect(r.clock.now()).toBeGreaterThanOrEqual(offlineSince + OFFLINE_GRACE_MS);
    expect(r.clock.now()).toBeLessThan(offlineSince + OFFLINE_GRACE_MS + 10_000);
  });

  it('150 live followed channels with the cap at 100: exactly the 100 with the most viewers are subscribed; the viewers filter drops the big ones', async () => {
    const follows = Array.from({ length: 150 }, (_, i) => `chan${i}`);
    const live = Object.fromEntries(follows.map((login, i) => [login, 100 + i * 10]));
    const { r, accountId } = await aliceFollowing({ follows, settings: { max: 100 }, live });
    await r.until(() => followedChannels(r, accountId).filter((c) => c.state === 'listening').length === 100, { message: '100 listening', maxMs: 60_000, stepMs: 1_000 });
    const mostWatched = follows.slice(50).map((login) => idOf(r, login)).sort();
    const subscribed = () => r.fake.subscriptions().filter((s) => s.status === 'enabled').map((s) => s.broadcasterUserId).sort();
    expect(subscribed()).toEqual(mostWatched);
    expect(r.account(accountId).followLive.skipped).toEqual({ overLimit: 50, overViewers: 0 });

    // Skip channels with more than 1,000 viewers: chan91..chan149 go, the 91 below stay.
    await r.core.setFollowLive(accountId, { maxViewers: 1_000 });
    const small = follows.slice(0, 91).map((login) => idOf(r, login)).sort();
    await r.until(() => subscribed().join() === small.join(), { message: 'only channels up to 1,000 viewers', maxMs: 60_000, stepMs: 1_000 });
    expect(r.account(accountId).followLive).toMatchObject({ maxViewers: 1_000, skipped: { overLimit: 0, overViewers: 59 } });
  });

  it('a channel the user switched off stays off through offline/online cycles and restarts', async () => {
    const { r, accountId } = await aliceFollowing({ follows: ['bob', 'carol'], live: { bob: 5, carol: 7 } });
    await r.until(() => channel(r, accountId, 'bob')?.state === 'listening' && channel(r, accountId, 'carol')?.state === 'listening', { message: 'both listening', stepMs: 1_000 });
    const bobId = idOf(r, 'bob');
    await r.core.setChannelEnabled(accountId, 'bob', false);
    await r.until(() => enabledSubscriptions(r.fake, bobId) === 0, { message: 'bob unsubscribed' });
    expect(channel(r, accountId, 'bob')).toMatchObject({ source: 'followed-live', enabled: false, state: 'off' });
    expect(r.store.get().accounts[0]?.followLive.off).toEqual([{ id: bobId, login: 'bob' }]);

    for (let cycle = 0; cycle < 2; cycle += 1) {
      r.fake.stopStream('bob');
      await r.until(() => channel(r, accountId, 'bob') === undefined, { message: 'bob offline, out of the group', maxMs: FOLLOW_POLL_MS + 10_000, stepMs: 2_000 });
      r.fake.startStream('bob', { viewers: 5 });
      await r.until(() => channel(r, accountId, 'bob') !== undefined, { message: 'bob live again', maxMs: FOLLOW_POLL_MS + 10_000, stepMs: 2_000 });
      expect(channel(r, accountId, 'bob')).toMatchObject({ enabled: false, state: 'off' });
      expect(enabledSubscriptions(r.fake, bobId)).toBe(0);
    }

    await r.restart();
    await firstPoll(r, accountId);
    await r.until(() => channel(r, accountId, 'carol')?.state === 'listening', { message: 'carol back after the restart', stepMs: 1_000 });
    expect(channel(r, accountId, 'bob')).toMatchObject({ enabled: false, state: 'off' });
    await r.advance(FOLLOW_POLL_MS, 5_000);
    expect(enabledSubscriptions(r.fake, bobId)).toBe(0);

    await r.core.setChannelEnabled(accountId, 'bob', true);
    await r.until(() => channel(r, accountId, 'bob')?.state === 'listening', { message: 'switched on again' });
    expect(r.store.get().accounts[0]?.followLive.off).toEqual([]);
  });

  it('a channel both listed by hand and followed: one subscription; going offline does not remove it', async () => {
    const { r, accountId } = await aliceFollowing({ follows: ['bob'], manual: ['bob'], live: { bob: 3 } });
    await firstPoll(r, accountId);
    await r.until(() => channel(r, accountId, 'bob')?.state === 'listening', { message: 'bob listening' });
    const bobId = idOf(r, 'bob');
    expect(r.account(accountId).channels.filter((c) => c.login === 'bob')).toEqual([expect.objectContaining({ source: 'manual' })]);
    expect(r.fake.log.requests({ method: 'POST', path: SUBSCRIPTIONS })).toHaveLength(1);
    r.fake.stopStream('bob');
    await r.advance(FOLLOW_POLL_MS + OFFLINE_GRACE_MS + FOLLOW_POLL_MS, 10_000);
    expect(enabledSubscriptions(r.fake, bobId)).toBe(1);
    expect(channel(r, accountId, 'bob')).toMatchObject({ source: 'manual', state: 'listening' });
    expect(r.fake.log.requests({ method: 'DELETE', path: SUBSCRIPTIONS })).toHaveLength(0);
  });

  it('missing scope: a clear state on the switch, nothing else breaks, no poll is sent; after a new login it works', async () => {
    const { r, accountId, userId } = await aliceFollowing({ follows: ['bob'], manual: ['alice'], live: { bob: 9 }, scopes: ['user:read:chat', 'user:manage:chat_color'] });
    await r.until(() => r.account(accountId).followLive.state === 'needs_login', { message: 'needs a new login' });
    await r.until(() => channel(r, accountId, 'alice')?.state === 'listening', { message: 'the hand-listed channel works' });
    const view = r.account(accountId);
    expect(view.followLive).toMatchObject({ enabled: true, reason: FOLLOW_SCOPE_MISSING });
    expect(view).toMatchObject({ state: 'active', reason: null });
    r.fake.say({ channel: 'alice', chatter: 'alice', text: 'still changing colors' });
    await waitFor(() => r.fake.log.colorChanges(userId).length === 1, { message: 'the color changed' });
    await r.advance(3 * FOLLOW_POLL_MS, 10_000);
    expect(polls(r)).toBe(0);
    expect(channel(r, accountId, 'bob')).toBeUndefined();

    // A new device login asks for user:read:follows: the account restarts with it.
    await r.core.startLogin();
    await waitFor(() => r.fake.deviceLogins().some((d) => d.state === 'pending'));
    const pending = r.fake.deviceLogins().find((d) => d.state === 'pending');
    expect(pending?.scopes).toContain('user:read:follows');
    r.fake.approveDevice(pending?.userCode as string, 'alice');
    await r.until(() => channel(r, accountId, 'bob')?.state === 'listening', { message: 'bob listening after the new login', stepMs: 1_000 });
    expect(r.account(accountId).followLive).toMatchObject({ state: 'active', reason: null });
  });

  it('polls with no change make no subscription calls; a 429 on the poll backs off until Twitch’s reset', async () => {
    const { r, accountId } = await aliceFollowing({ follows: ['bob', 'carol', 'dave'], manual: ['alice'], live: { bob: 1, carol: 2, dave: 3 } });
    await r.until(() => followedChannels(r, accountId).filter((c) => c.state === 'listening').length === 3 && channel(r, accountId, 'alice')?.state === 'listening', { message: 'all listening', stepMs: 1_000 });
    const calls = subscriptionCalls(r);
    const before = polls(r);
    r.fake.startStream('bob', { viewers: 500 }); // viewers change: the same set
    await r.advance(3 * FOLLOW_POLL_MS, 5_000);
    expect(polls(r) - before).toBeGreaterThanOrEqual(3);
    expect(subscriptionCalls(r)).toBe(calls);

    const resetAt = r.clock.now() + 5 * 60_000;
    r.fake.injectFault({ method: 'GET', path: '/helix/streams/followed', status: 429, headers: { 'Ratelimit-Limit': '800', 'Ratelimit-Remaining': '0', 'Ratelimit-Reset': String(Math.ceil(resetAt / 1000)) }, times: 1 });
    await r.until(() => r.account(accountId).followLive.state === 'retrying', { message: 'the poll was refused', maxMs: FOLLOW_POLL_MS + 10_000, stepMs: 2_000 });
    const refusedAt = polls(r);
    expect(r.account(accountId).followLive.nextPollAt).toBeGreaterThanOrEqual(Math.ceil(resetAt / 1000) * 1000 - 1_000);
    expect(r.account(accountId).followLive.reason).toMatch(/slow down/);
    // Nothing is dropped while Twitch says wait, and nothing polls before the reset.
    await r.advance(resetAt - r.clock.now() - 10_000, 10_000);
    expect(polls(r)).toBe(refusedAt);
    expect(followedChannels(r, accountId).filter((c) => c.state === 'listening')).toHaveLength(3);
    await r.until(() => r.account(accountId).followLive.state === 'active', { message: 'polling again after the reset', maxMs: 60_000, stepMs: 2_000 });
    expect(subscriptionCalls(r)).toBe(calls);
  });
});
