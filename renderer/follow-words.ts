import type { ChannelView, FollowLiveView } from '../src-core/ipc/snapshot.js';
import { channelStatusText, countdown, sentence } from './format.js';

/**
 * What "Live channels I follow" (issue 18) says on the account page: its state in one
 * sentence, and each followed channel's row. A followed row says the same words as a
 * hand-listed one (channelStatusText), then what only a stream has: how long it has been
 * live, its viewers, or when it is let go after going offline.
 */

/** The range `channels:set-follow-live` accepts (src-core/store/schema.ts FOLLOW_LIVE_MAX, the contract). */
export const FOLLOW_MAX = { min: 1, max: 500 } as const;
export const FOLLOW_MAX_VIEWERS = { min: 1, max: 100_000_000 } as const;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const COUNT = new Intl.NumberFormat('en-US');

/** "live for 1 h 20 min": coarse on purpose, a glance at how long a stream has run. */
export function liveFor(since: number, now: number): string {
  const ms = Math.max(0, now - since);
  if (ms < MINUTE) return 'live for under a minute';
  if (ms < HOUR) return `live for ${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) {
    const minutes = Math.floor((ms % HOUR) / MINUTE);
    return `live for ${Math.floor(ms / HOUR)} h${minutes ? ` ${minutes} min` : ''}`;
  }
  const hours = Math.floor((ms % DAY) / HOUR);
  return `live for ${Math.floor(ms / DAY)} d${hours ? ` ${hours} h` : ''}`;
}

export function viewersText(viewers: number): string {
  return viewers === 1 ? '1 viewer' : `${COUNT.format(viewers)} viewers`;
}

/** A count with its noun: "1 channel", "12 channels". */
function count(n: number, noun: string): string {
  return `${COUNT.format(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * A followed channel's row: its state as hand-listed rows say it; switched off, that it stays
 * off (the switch is remembered by the core); then the stream: live for how long and viewers,
 * or, after a poll found it offline, when it stops being listened in.
 */
export function followedStatusText(channel: Pick<ChannelView, 'state' | 'reason' | 'nextAttemptAt' | 'enabled' | 'followed'>, now: number): string {
  const parts = [channelStatusText(channel, now)];
  if (!channel.enabled) parts.push('stays off when it goes live again');
  const stream = channel.followed;
  if (stream && stream.offlineSince !== null) {
    if (channel.enabled && stream.leavesAt !== null) parts.push(stream.leavesAt > now ? `went offline, let go in ${countdown(stream.leavesAt - now)}` : 'went offline, letting go now');
    else parts.push('went offline');
  } else if (stream) {
    if (stream.liveSince !== null) parts.push(liveFor(stream.liveSince, now));
    parts.push(viewersText(stream.viewers));
  }
  return parts.join(' · ');
}

/**
 * The feature's state in one or two sentences: what it does now (how many followed channels
 * are listened in and how many are left out, and why), or why it does nothing. `listening`
 * counts the followed channels switched on.
 */
export function followLiveSummary(follow: FollowLiveView, listening: number): string {
  switch (follow.state) {
    case 'off':
      return 'Off: only the channels listed by hand are listened in.';
    case 'checking':
      return sentence(follow.reason ?? 'Checking the login with Twitch');
    case 'needs_login':
      return `Needs a new login. ${sentence(follow.reason ?? 'Log in again to allow following live channels')}`;
    case 'paused':
      return sentence(follow.reason ?? 'Not looking for live channels while changes are paused');
    case 'stopped': {
      const why = follow.reason ?? 'not running';
      return sentence(`Not looking for live channels: ${why.charAt(0).toLowerCase()}${why.slice(1)}`);
    }
    case 'retrying':
      return sentence(follow.reason ?? 'Could not get the live channels you follow');
    case 'active':
      return [`Listening in ${count(listening, 'live channel')} you follow.`, ...leftOut(follow)].join(' ');
  }
}

function leftOut(follow: FollowLiveView): string[] {
  const { overLimit, overViewers } = follow.skipped;
  const said: string[] = [];
  if (overLimit > 0) said.push(`${COUNT.format(overLimit)} more left out by the limit of ${count(follow.max, 'channel')}.`);
  if (overViewers > 0 && follow.maxViewers !== null) said.push(`${count(overViewers, 'channel')} skipped for more than ${viewersText(follow.maxViewers)}.`);
  return said;
}

/** When the next look is due, for `retrying` (the same words as the account header's). */
export function followRetryText(follow: FollowLiveView, now: number): string | null {
  if (follow.state !== 'retrying' || follow.nextPollAt === null) return null;
  return follow.nextPollAt > now ? `Next attempt in ${countdown(follow.nextPollAt - now)}.` : 'Trying again now…';
}

/** The cap as typed: a whole number in range, or the sentence that says what to type. */
export function followMaxOf(text: string): { value: number } | { problem: string } {
  const value = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || value < FOLLOW_MAX.min || value > FOLLOW_MAX.max) {
    return { problem: `Use a whole number of channels from ${FOLLOW_MAX.min} to ${FOLLOW_MAX.max}.` };
  }
  return { value };
}

/** The viewers limit as typed: empty means no limit (null). */
export function followMaxViewersOf(text: string): { value: number | null } | { problem: string } {
  const trimmed = text.trim().replace(/[,_\s]/g, '');
  if (trimmed === '') return { value: null };
  const value = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || value < FOLLOW_MAX_VIEWERS.min || value > FOLLOW_MAX_VIEWERS.max) {
    return { problem: `Use a whole number of viewers from ${FOLLOW_MAX_VIEWERS.min} up, or leave it empty for no limit.` };
  }
  return { value };
}
