import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelView } from '../../src-core/ipc/snapshot.js';
import { CHANNEL_RECHECK_MS, RARE_RETRY_MS } from '../../src-core/twitch/eventsub/channel-policy.js';
import { waitFor } from '../support/wait-for.js';
import { enabledSubscriptions, startCoreRig, type CoreRig } from './support/core-rig.js';

/**
 * What happens to a channel at Twitch, end to end through the real core: its owner removed,
 * a ban, a rename, each revocation status. Each shows as that channel's state with its
 * reason and retry policy (R35, R36), never touches the other channels or the login, and a
 * channel is known by its Twitch id (R37).
 */
let rig: CoreRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** Long keepalives let the clock move in big steps without the sessions dying of silence. */
async function aliceWith(channels: string[]): Promise<{ r: CoreRig; accountId: string; userId: string }> {
  const r = await startCoreRig({ keepaliveTimeoutSeconds: 600, httpTimeoutMs: 60_000, fake: { rateLimitPerMinute: 100_000 } });
  rig = r;
  countCreates(r);
  const { accountId, userId } = await r.addAccount({ login: 'alice', channels, resolved: true });
  await r.until(() => r.account(accountId).channels.every((c) => c.state === 'listening'), { message: 'every channel listening' });
  return { r, accountId, userId };
}

const channel = (r: CoreRig, accountId: string, login: string): ChannelView | undefined => r.account(accountId).channels.find((c) => c.login === login);

/** Subscription creates the core sent, by broadcaster id (counted as they leave the core). */
const created = new WeakMap<CoreRig, Map<string, number>>();
function countCreates(r: CoreRig): void {
  const counts = new Map<string, number>();
  created.set(r, counts);
  r.hooks.beforeSend = (req) => {
    if (req.method !== 'POST' || !String(req.url).includes('/eventsub/subscriptions') || typeof req.body !== 'string') return;
    const id = (JSON.parse(req.body) as { condition: { broadcaster_user_id: string } }).condition.broadcaster_user_id;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  };
}
const creates = (r: CoreRig, broadcasterUserId: string): number => created.get(r)?.get(broadcasterUserId) ?? 0;

/** The others keep listening, the login is untouched. */
function othersUntouched(r: CoreRig, accountId: string, except: string): void {
  const view = r.account(accountId);
  expect(view.state).toBe('active');
  expect(view.channels.filter((c) => c.login !== except).map((c) => [c.login, c.state])).toEqual(
    view.channels.filter((c) => c.login !== except).map((c) => [c.login, 'listening']),
  );
}

describe('R35 a channel whose owner is gone', () => {
  it('R35 removed while running: shown as gone with the reason, never re-subscribed in a loop, the rest untouched; back under a new id when the name resolves again (daily re-check)', async () => {
    const { r, accountId } = await aliceWith(['alice', 'bob', 'carol']);
    const bobId = r.fake.user('bob').id;
    const tried = creates(r, bobId);
    r.fake.removeUser('bob');
    await r.until(() => channel(r, accountId, 'bob')?.state === 'gone', { message: 'bob gone' });
    expect(channel(r, accountId, 'bob')).toMatchObject({ reason: 'This channel no longer exists on Twitch', subscription: 'error', nextAttemptAt: null });
    // The revocation says it all: not one more create.
    await r.advance(6 * 3_600_000, 120_000);
    expect(creates(r, bobId)).toBe(tried);
    othersUntouched(r, accountId, 'bob');

    // Someone registers the free name: the daily look-up by name finds it and listens again.
    const newBob = r.fake.createUser({ login: 'bob' });
    await r.advance(CHANNEL_RECHECK_MS, 120_000);
    await r.until(() => channel(r, accountId, 'bob')?.state === 'listening', { message: 'bob back' });
    expect(channel(r, accountId, 'bob')?.id).toBe(newBob.id);
    expect(r.store.get().accounts[0]?.channels.find((c) => c.login === 'bob')?.id).toBe(newBob.id);
    expect(enabledSubscriptions(r.fake, newBob.id)).toBe(1);
  });

  it('R35 gone before the start: one look-up by id and name at start shows it, nothing subscribes it; a lifted suspension brings it back at the next daily check', async () => {
    const r = await startCoreRig({ start: false, keepaliveTimeoutSeconds: 600, httpTimeoutMs: 60_000 });
    rig = r;
    countCreates(r);
    const { accountId } = await r.addAccount({ login: 'alice', channels: ['alice', 'ghost'], resolved: true });
    const ghostId = r.fake.user('ghost').id;
    r.fake.removeUser('ghost');
    r.core.start();
    await r.until(() => channel(r, accountId, 'ghost')?.state === 'gone' && channel(r, accountId, 'alice')?.state === 'listening', { message: 'ghost gone, alice listening' });
    await r.advance(3_600_000, 60_000);
    // At most the one create that raced the start-up check; no loop.
    expect(creates(r, ghostId)).toBeLessThanOrEqual(1);
    expect(r.fake.log.requests({ method: 'GET', path: '/helix/users' }).length).toBeLessThanOrEqual(3);

    r.fake.restoreUser(ghostId);
    await r.advance(CHANNEL_RECHECK_MS, 120_000);
    await r.until(() => channel(r, accountId, 'ghost')?.state === 'listening', { message: 'ghost back' });
    expect(channel(r, accountId, 'ghost')?.id).toBe(ghostId);
  });
});

describe('R36 every revocation status is one channel state and one retry policy', () => {
  it('R36 banned: "You are banned in this chat", tried again only after hours or at once when switched off and on; the rest untouched', async () => {
    const { r, accountId } = await aliceWith(['alice', 'bob']);
    const bobId = r.fake.user('bob').id;
    r.fake.banUser('bob', 'alice');
    await r.until(() => channel(r, accountId, 'bob')?.state === 'banned', { message: 'banned shown' });
    expect(channel(r, accountId, 'bob')).toMatchObject({ reason: 'You are banned in this chat' });
    expect(channel(r, accountId, 'bob')?.nextAttemptAt).toBeGreaterThan(r.clock.now() + RARE_RETRY_MS - 60_000);
    const tried = creates(r, bobId);
    await r.advance(3 * 3_600_000, 120_000);
    expect(creates(r, bobId)).toBe(tried);
    othersUntouched(r, accountId, 'bob');

    // The user switches it off and on: tried at once (still banned: refused, shown again).
    await r.core.setChannelEnabled(accountId, 'bob', false);
    await r.core.setChannelEnabled(accountId, 'bob', true);
    await r.until(() => creates(r, bobId) === tried + 1 && channel(r, accountId, 'bob')?.state === 'banned', { message: 'tried on the toggle' });
    // Unbanned: the next rare retry listens again.
    r.fake.unbanUser('bob', 'alice');
    await r.advance(RARE_RETRY_MS, 120_000);
    await r.until(() => channel(r, accountId, 'bob')?.state === 'listening', { message: 'listening after the ban' });
  });

  it('R36 version_removed: the channel says the app needs an update, one app-wide notice, never retried', async () => {
    const { r, accountId } = await aliceWith(['alice', 'bob']);
    const bobId = r.fake.user('bob').id;
    r.fake.revokeChannelSubscriptions('bob', 'version_removed');
    await r.until(() => channel(r, accountId, 'bob')?.state === 'unsupported', { message: 'unsupported shown' });
    expect(r.core.snapshot().notices).toEqual(['Twitch retired the chat event this version uses; update the app']);
    const tried = creates(r, bobId);
    await r.advance(CHANNEL_RECHECK_MS, 120_000);
    expect(creates(r, bobId)).toBe(tried);
    othersUntouched(r, accountId, 'bob');
  });

  it('R36 an unknown revocation status: "Twitch stopped delivering this chat (status)" with the next attempt, retried with capped backoff until it works', async () => {
    const { r, accountId } = await aliceWith(['alice', 'bob']);
    r.fake.revokeChannelSubscriptions('bob', 'moderator_removed');
    await r.until(() => channel(r, accountId, 'bob')?.state === 'revoked' || channel(r, accountId, 'bob')?.state === 'listening', { message: 'revoked shown' });
    const seen = r.core.snapshot().accounts[0]?.channels.find((c) => c.login === 'bob');
    if (seen?.state === 'revoked') {
      expect(seen.reason).toBe('Twitch stopped delivering this chat (moderator_removed)');
      expect(seen.nextAttemptAt).toBeLessThanOrEqual(r.clock.now() + 60_000);
    }
    await r.until(() => channel(r, accountId, 'bob')?.state === 'listening', { message: 'listening again' });
    othersUntouched(r, accountId, 'bob');
  });

  it('R36 authorization_revoked: the account needs a login and every channel says "Waiting for login", none "Listening" (one cause, one state)', async () => {
    const { r, accountId } = await aliceWith(['alice', 'bob', 'carol']);
    r.fake.revokeUserTokens('alice');
    await r.until(() => r.account(accountId).state === 'needs_login', { message: 'needs login' });
    await waitFor(() => r.account(accountId).channels.every((c) => c.state === 'waiting_for_login'));
    expect(r.account(accountId).channels.map((c) => [c.state, c.subscription, c.reason])).toEqual([
      ['waiting_for_login', 'off', 'Waiting for login'],
      ['waiting_for_login', 'off', 'Waiting for login'],
      ['waiting_for_login', 'off', 'Waiting for login'],
    ]);
  });
});

describe('R37 a channel is its Twitch id', () => {
  it('R37 renamed while running: it keeps listening, and the stored name and the view follow (from the own message, and from the daily check)', async () => {
    const { r, accountId, userId } = await aliceWith(['alice', 'bob', 'carol']);
    const bobId = r.fake.user('bob').id;
    const subscriptionsBefore = r.fake.subscriptions().filter((s) => s.status === 'enabled').map((s) => s.id);
    r.fake.renameUser('bob', 'robert');
    r.fake.say({ channel: bobId, chatter: 'alice', text: 'hello after the rename' });
    await r.until(() => channel(r, accountId, 'robert')?.state === 'listening', { message: 'the new name shown' });
    expect(channel(r, accountId, 'robert')?.id).toBe(bobId);
    expect(r.store.get().accounts[0]?.channels.map((c) => c.login)).toEqual(['alice', 'robert', 'carol']);
    await waitFor(() => r.fake.log.colorChanges(userId).length === 1, { message: 'the color changed' });

    // carol renames while alice says nothing there: the daily check finds it.
    r.fake.renameUser('carol', 'caroline');
    await r.advance(CHANNEL_RECHECK_MS, 120_000);
    await r.until(() => channel(r, accountId, 'caroline')?.state === 'listening', { message: 'carol renamed by the check' });
    // Nothing was re-subscribed for a rename.
    expect(r.fake.subscriptions().filter((s) => s.status === 'enabled').map((s) => s.id).sort()).toEqual(subscriptionsBefore.sort());
    // The user acts on the new name.
    await r.core.setChannelEnabled(accountId, 'caroline', false);
    await r.until(() => enabledSubscriptions(r.fake, r.fake.user('caroline').id) === 0, { message: 'unsubscribed by its new name' });
  });
});
