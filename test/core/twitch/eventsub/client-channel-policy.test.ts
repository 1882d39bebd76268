import { afterEach, describe, expect, it } from 'vitest';
import { SubscriptionRefusedError, TwitchApiError } from '../../../../src-core/twitch/errors.js';
import { CHANNEL_POLICIES, RARE_RETRY_MS } from '../../../../src-core/twitch/eventsub/channel-policy.js';
import { revocationFrame } from './support/frames.js';
import { startHarness, type Harness } from './support/harness.js';
import { eventually, settle } from './support/wait.js';

let h: Harness;
afterEach(async () => {
  await h?.cleanup();
});

const statusOf = (h: Harness, id: string) => h.client.channelStatuses().find((s) => s.broadcasterUserId === id);
const live = (h: Harness, id: string) => statusOf(h, id)?.state === 'live';
const createsFor = (h: Harness, id: string) => h.api.creates().filter((c) => c.broadcasterUserId === id).length;

/** Moves the clock in steps (sockets reconnect on the way) until `done`. */
async function advanceUntil(done: () => boolean, message: string): Promise<void> {
  for (let i = 0; i < 120 && !done(); i += 1) {
    await h.clock.advance(1_000);
    await settle();
  }
  expect(done(), message).toBe(true);
}

/** Channels 1 and 2 live; then Twitch revokes channel 1's subscription with `status`. */
async function revokeFirst(status: string): Promise<void> {
  h = await startHarness();
  h.client.setDesiredChannels(['1', '2']);
  const remote = await h.server.socket(1);
  await eventually(() => live(h, '1') && live(h, '2'), 'both live');
  const sub = h.api.enabled().find((s) => s.broadcasterUserId === '1')!;
  h.api.subs.delete(sub.id);
  remote.send(revocationFrame(sub.id, status, '1'));
  await eventually(() => statusOf(h, '1')?.state === 'error', `${status} shown`);
}

describe('EventSubClient: each revocation and refusal follows its row of the policy table (R36)', () => {
  it.each([
    ['user_removed', 'channel_gone', 'hold'],
    ['chat_user_banned', 'banned', 'rarely'],
    ['version_removed', 'version_retired', 'hold'],
    ['authorization_revoked', 'login_revoked', 'hold'],
    ['moderator_removed', 'revoked', 'backoff'],
    ['beta_maintenance', 'revoked', 'backoff'],
    ['something_new_from_twitch', 'revoked', 'backoff'],
  ] as const)('R36 revocation %s -> cause %s, retried: %s; the other channel stays live', async (status, cause, retry) => {
    await revokeFirst(status);
    expect(statusOf(h, '1')).toMatchObject({ state: 'error', cause, message: CHANNEL_POLICIES[cause].reason(status) });
    // One channel's fate never touches the other.
    expect(live(h, '2')).toBe(true);
    expect(h.revoked).toHaveLength(cause === 'login_revoked' ? 1 : 0);
    const before = createsFor(h, '1');
    await h.clock.advance(60_000);
    await settle();
    if (retry === 'backoff') {
      await eventually(() => createsFor(h, '1') > before, 'retried with backoff');
      return;
    }
    expect(createsFor(h, '1')).toBe(before);
    // Days pass (sessions come and go on the way: a new session creates nothing for it either).
    await h.clock.advance(retry === 'rarely' ? RARE_RETRY_MS - 60_000 : 7 * 24 * 3_600_000);
    await settle();
    if (retry === 'rarely') await advanceUntil(() => createsFor(h, '1') === before + 1, 'retried after hours');
    else expect(createsFor(h, '1')).toBe(before);
    expect(h.channelStatuses.filter((s) => s.broadcasterUserId === '2').every((s) => s.state !== 'error')).toBe(true);
  });

  it.each([
    ['owner gone (400 user does not exist)', 'channel_gone', 0, new SubscriptionRefusedError('user_missing', 400, 'A user in the condition does not exist')],
    ['banned (403 naming it)', 'banned', RARE_RETRY_MS, new SubscriptionRefusedError('banned', 403, 'The user is banned from this chat')],
    ['any other 403', 'refused', RARE_RETRY_MS, new SubscriptionRefusedError('forbidden', 403, 'subscription missing proper authorization')],
    ['503', 'transient', 500, new TwitchApiError(503, 'POST', '/eventsub/subscriptions', 'Service Unavailable')],
    ['429', 'transient', 500, new TwitchApiError(429, 'POST', '/eventsub/subscriptions', 'Too Many Requests')],
    ['409 that survived', 'failed', 500, new TwitchApiError(409, 'POST', '/eventsub/subscriptions', 'still exists')],
  ] as const)('R36 a create refused: %s -> cause %s, next attempt after %d ms (0: none)', async (_name, cause, retryMs, error) => {
    h = await startHarness();
    h.api.failNext('create', error);
    h.client.setDesiredChannels(['1', '2']);
    await eventually(() => statusOf(h, '1')?.state === 'error' && live(h, '2'), 'refusal shown, the other channel live');
    expect(statusOf(h, '1')).toMatchObject({ cause });
    expect(statusOf(h, '1')?.nextAttemptAt).toBe(retryMs === 0 ? undefined : h.clock.now() + retryMs);
    if (retryMs === 0) {
      await h.clock.advance(2 * 24 * 3_600_000);
      await settle();
      expect(createsFor(h, '1')).toBe(1);
      return;
    }
    await h.clock.advance(retryMs - 1);
    await settle();
    expect(createsFor(h, '1')).toBe(1);
    await advanceUntil(() => createsFor(h, '1') === 2, 'tried again when due');
  });

  it('network back (retryNow) retries passing causes at once, never a ban or a removed channel', async () => {
    h = await startHarness();
    h.api.failNext('create', new SubscriptionRefusedError('banned', 403, 'banned'));
    h.api.failNext('create', new SubscriptionRefusedError('user_missing', 400, 'A user in the condition does not exist'));
    h.api.failNext('create', new TwitchApiError(503, 'POST', '/eventsub/subscriptions', 'down'));
    h.client.setDesiredChannels(['1', '2', '3']);
    await eventually(() => h.client.channelStatuses().every((s) => s.state === 'error'), 'all three refused');
    h.client.retryNow();
    await eventually(() => h.client.channelStatuses().filter((s) => s.state === 'live').length === 1, 'the transient one live');
    await settle();
    expect(h.client.channelStatuses().filter((s) => s.state === 'error').map((s) => s.cause).sort()).toEqual(['banned', 'channel_gone']);
    expect(h.api.creates()).toHaveLength(4);
  });

  it('switching a banned or gone channel off and on tries it at once (and retryChannel does too)', async () => {
    await revokeFirst('chat_user_banned');
    h.client.setDesiredChannels(['2']);
    h.client.setDesiredChannels(['1', '2']);
    await eventually(() => live(h, '1'), 'listening again after the toggle');
    expect(createsFor(h, '1')).toBe(2);

    const sub = h.api.enabled().find((s) => s.broadcasterUserId === '1')!;
    h.api.subs.delete(sub.id);
    h.server.sockets[0]!.send(revocationFrame(sub.id, 'user_removed', '1'));
    await eventually(() => statusOf(h, '1')?.cause === 'channel_gone', 'gone');
    h.client.retryChannel('1');
    await eventually(() => live(h, '1'), 'listening again after retryChannel');
  });
});
