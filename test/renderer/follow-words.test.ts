import { describe, expect, it } from 'vitest';
import { FOLLOW_MAX, FOLLOW_MAX_VIEWERS, followedStatusText, followLiveSummary, followMaxOf, followMaxViewersOf, followRetryText, liveFor, viewersText } from '../../renderer/follow-words.js';
import { commands } from '../../src-core/ipc/contract.js';
import { followLiveStateSchema, type ChannelView } from '../../src-core/ipc/snapshot.js';
import { FOLLOW_LIVE_MAX } from '../../src-core/store/schema.js';
import { followLiveOf } from './support/fixtures.js';

/** Issue 18: the words of "Live channels I follow" on the account page, and the checks made before sending. */
const MINUTE = 60_000;
const NOW = 1_750_000_000_000;

function followed(overrides: Partial<ChannelView> = {}, stream: Partial<NonNullable<ChannelView['followed']>> = {}): ChannelView {
  return {
    source: 'followed-live',
    followed: { displayName: 'cozy_corner', viewers: 85, liveSince: NOW - 35 * MINUTE, offlineSince: null, leavesAt: null, ...stream },
    login: 'cozy_corner',
    id: '4242',
    enabled: true,
    subscription: 'live',
    error: null,
    state: 'listening',
    reason: null,
    nextAttemptAt: null,
    ...overrides,
  };
}

describe('follow-live words', () => {
  it('"live for" is coarse: under a minute, minutes, hours and minutes, days and hours', () => {
    expect(liveFor(NOW - 20_000, NOW)).toBe('live for under a minute');
    expect(liveFor(NOW + 5_000, NOW)).toBe('live for under a minute');
    expect(liveFor(NOW - 59 * MINUTE, NOW)).toBe('live for 59 min');
    expect(liveFor(NOW - 60 * MINUTE, NOW)).toBe('live for 1 h');
    expect(liveFor(NOW - 80 * MINUTE, NOW)).toBe('live for 1 h 20 min');
    expect(liveFor(NOW - 26 * 60 * MINUTE, NOW)).toBe('live for 1 d 2 h');
    expect([viewersText(1), viewersText(0), viewersText(12_480)]).toEqual(['1 viewer', '0 viewers', '12,480 viewers']);
  });

  it('a followed row: the hand-listed rows’ words, then the stream; off says it stays off; offline says when it is let go', () => {
    expect(followedStatusText(followed(), NOW)).toBe('Listening · live for 35 min · 85 viewers');
    expect(followedStatusText(followed({}, { liveSince: null }), NOW)).toBe('Listening · 85 viewers');
    expect(followedStatusText(followed({ enabled: false, state: 'off', subscription: 'off' }), NOW)).toBe('Off · stays off when it goes live again · live for 35 min · 85 viewers');
    expect(followedStatusText(followed({ state: 'connecting', subscription: 'pending', nextAttemptAt: NOW + 30_000 }), NOW)).toBe('Connecting… · next attempt in 0:30 · live for 35 min · 85 viewers');
    const resting = followed({}, { offlineSince: NOW - 3 * MINUTE, leavesAt: NOW + 7 * MINUTE });
    expect(followedStatusText(resting, NOW)).toBe('Listening · went offline, let go in 7:00');
    expect(followedStatusText(resting, NOW + 8 * MINUTE)).toBe('Listening · went offline, letting go now');
  });

  it('the summary says each state; active counts what is listened in and what is left out, and why', () => {
    const words = Object.fromEntries(followLiveStateSchema.options.map((state) => [state, followLiveSummary(followLiveOf({ enabled: state !== 'off', state }), 0)]));
    expect(words).toEqual({
      off: 'Off: only the channels listed by hand are listened in.',
      checking: 'Checking the login with Twitch.',
      needs_login: 'Needs a new login. Log in again to allow following live channels.',
      paused: 'Not looking for live channels while changes are paused.',
      active: 'Listening in 0 live channels you follow.',
      retrying: 'Could not get the live channels you follow.',
      stopped: 'Not looking for live channels: not running.',
    });
    const busy = followLiveOf({ enabled: true, state: 'active', max: 100, maxViewers: 20_000, skipped: { overLimit: 50, overViewers: 1 } });
    expect(followLiveSummary(busy, 100)).toBe('Listening in 100 live channels you follow. 50 more left out by the limit of 100 channels. 1 channel skipped for more than 20,000 viewers.');
    expect(followLiveSummary(followLiveOf({ enabled: true, state: 'stopped', reason: 'Waiting for login' }), 0)).toBe('Not looking for live channels: waiting for login.');
    const retrying = followLiveOf({ enabled: true, state: 'retrying', nextPollAt: NOW + 65_000 });
    expect([followRetryText(retrying, NOW), followRetryText(retrying, NOW + 70_000), followRetryText(followLiveOf(), NOW)]).toEqual(['Next attempt in 1:05.', 'Trying again now…', null]);
  });

  it('the page accepts what the contract accepts, and says what to type otherwise', () => {
    expect(FOLLOW_MAX).toEqual({ min: FOLLOW_LIVE_MAX.min, max: FOLLOW_LIVE_MAX.max });
    const request = commands['channels:set-follow-live'].request;
    const accepts = (patch: object) => request.safeParse({ accountId: 'acc-1', ...patch }).success;
    for (const text of ['1', '50', '500', ' 7 ', '0', '501', '2.5', '-1', '', 'ten', '1e2']) {
      const typed = followMaxOf(text);
      expect('value' in typed, `max "${text}"`).toBe(/^\s*\d+\s*$/.test(text) && accepts({ max: Number(text) }));
    }
    expect(followMaxOf('0')).toEqual({ problem: 'Use a whole number of channels from 1 to 500.' });
    for (const text of ['1', '5000', '5,000', String(FOLLOW_MAX_VIEWERS.max), String(FOLLOW_MAX_VIEWERS.max + 1), '0', '-5', '1.5', 'lots']) {
      const typed = followMaxViewersOf(text);
      const value = Number(text.replace(/,/g, ''));
      expect('value' in typed, `viewers "${text}"`).toBe(/^[\d,]+$/.test(text) && accepts({ maxViewers: value }));
    }
    expect(followMaxViewersOf('  ')).toEqual({ value: null });
    expect(accepts({ maxViewers: null })).toBe(true);
    expect(followMaxViewersOf('5,000')).toEqual({ value: 5000 });
  });
});
