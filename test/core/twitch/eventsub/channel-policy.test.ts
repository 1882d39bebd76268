import { describe, expect, it } from 'vitest';
import { RetryExhaustedError, TimeoutError } from '../../../../src-core/runtime/errors.js';
import { AuthError, EventSubSessionGoneError, NetworkError, SubscriptionRefusedError, TwitchApiError } from '../../../../src-core/twitch/errors.js';
import { InvalidResponseError } from '../../../../src-core/twitch/http/errors.js';
import {
  CHANNEL_POLICIES,
  causeOfCreateError,
  causeOfStatus,
  type ChannelCause,
} from '../../../../src-core/twitch/eventsub/channel-policy.js';
import { SUBSCRIPTION_STATUSES } from '../../../fake-twitch/subscriptions.js';

/** The table, row by row: what the user sees and how it is retried. */
const EXPECTED: Record<ChannelCause, { state: string; retry: string; says: RegExp }> = {
  channel_gone: { state: 'gone', retry: 'recheck_by_name', says: /^This channel no longer exists on Twitch$/ },
  banned: { state: 'banned', retry: 'rarely', says: /^You are banned in this chat$/ },
  refused: { state: 'error', retry: 'rarely', says: /refused to deliver this chat \(DETAIL\)/ },
  login_revoked: { state: 'waiting_for_login', retry: 'after_login', says: /log in again/ },
  version_retired: { state: 'unsupported', retry: 'never', says: /^Twitch retired the chat event this version uses; update the app$/ },
  revoked: { state: 'revoked', retry: 'backoff', says: /^Twitch stopped delivering this chat \(DETAIL\)$/ },
  transient: { state: 'connecting', retry: 'backoff', says: /^DETAIL$/ },
  failed: { state: 'error', retry: 'backoff', says: /^DETAIL$/ },
  over_limit: { state: 'error', retry: 'never', says: /^DETAIL$/ },
};

describe('the channel policy table (R36)', () => {
  it.each(Object.entries(EXPECTED))('R36 cause %s -> its state, retry policy and words', (cause, expected) => {
    const policy = CHANNEL_POLICIES[cause as ChannelCause];
    expect({ state: policy.state, retry: policy.retry }).toEqual({ state: expected.state, retry: expected.retry });
    expect(policy.reason('DETAIL')).toMatch(expected.says);
  });

  it('R36 the table has a row for every cause and nothing else', () => {
    expect(Object.keys(CHANNEL_POLICIES).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  const STATUS_CAUSE: Record<string, ChannelCause> = {
    user_removed: 'channel_gone',
    chat_user_banned: 'banned',
    authorization_revoked: 'login_revoked',
    version_removed: 'version_retired',
  };

  it.each([...SUBSCRIPTION_STATUSES.filter((s) => s !== 'enabled'), 'a_status_twitch_adds_next_year', ''])(
    'R36 revocation status %j maps to exactly one cause (unknown ones: revoked, retried with backoff)',
    (status) => {
      const cause = causeOfStatus(status);
      expect(cause).toBe(STATUS_CAUSE[status] ?? 'revoked');
      expect(CHANNEL_POLICIES[cause]).toBeDefined();
    },
  );

  it.each<[string, unknown, ChannelCause]>([
    ['400 a user in the condition does not exist', new SubscriptionRefusedError('user_missing', 400, 'A user in the condition does not exist'), 'channel_gone'],
    ['403 naming a ban', new SubscriptionRefusedError('banned', 403, 'banned'), 'banned'],
    ['any other 403', new SubscriptionRefusedError('forbidden', 403, 'subscription missing proper authorization'), 'refused'],
    ['a refusal behind a retry wrapper', new RetryExhaustedError('helix POST', 1, new SubscriptionRefusedError('user_missing', 400, '')), 'channel_gone'],
    ['500', new TwitchApiError(500, 'POST', '/eventsub/subscriptions', ''), 'transient'],
    ['429', new TwitchApiError(429, 'POST', '/eventsub/subscriptions', ''), 'transient'],
    ['network', new NetworkError('helix POST'), 'transient'],
    ['timeout', new TimeoutError('helix POST', 10_000), 'transient'],
    ['session gone', new EventSubSessionGoneError('S', 'gone'), 'transient'],
    ['409 that survived', new TwitchApiError(409, 'POST', '/eventsub/subscriptions', ''), 'failed'],
    ['another 400', new TwitchApiError(400, 'POST', '/eventsub/subscriptions', 'malformed'), 'failed'],
    ['a dead login', new AuthError('invalid_refresh_token'), 'failed'],
    ['a garbled answer', new InvalidResponseError('helix POST', 202, 'bad'), 'failed'],
    ['a bug', new TypeError('oops'), 'failed'],
  ])('R36 a create failing with %s -> %s', (_name, error, cause) => {
    expect(causeOfCreateError(error)).toBe(cause);
  });
});
