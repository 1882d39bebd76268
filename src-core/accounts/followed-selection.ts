import type { LiveStream } from '../twitch/helix/followed-streams.js';

/**
 * Which live followed channels an account listens in: a pure function of the newest poll,
 * what it listened in before, and the user's settings. The rules (README "Live channels I
 * follow"):
 *
 * - Channels listed by hand are not part of it: they are listened in anyway (and never
 *   removed by it), so a channel both listed and followed has one subscription.
 * - A channel the user switched off is never listened in; it stays in the group while it is
 *   live, switched off, so it can be switched on again.
 * - At most `max` channels (and never more than the account has room for next to its hand-
 *   listed ones: Twitch allows 900 per account). The cap keeps the channels already listened
 *   in while they stay live (a channel never flickers in and out because another one gained
 *   viewers), and fills free places with the live channels with the most viewers, so a first
 *   poll takes exactly the `max` most watched. A channel the user just switched back on goes
 *   first.
 * - `maxViewers` skips channels with more viewers when they are taken; one already listened
 *   in stays while it is live. Changing the cap or the filter chooses afresh (`fresh`).
 * - A channel that went offline stays listened in for the grace period (streams drop and come
 *   back) while there is room after the live ones, then is let go.
 */
export interface FollowedChannel {
  /** The broadcaster's Twitch id. */
  id: string;
  login: string;
  displayName: string;
  viewers: number;
  /** When its stream started (epoch ms), if known. */
  startedAt: number | undefined;
  /** When a poll first found it offline (epoch ms); undefined while it is live. */
  offlineSince: number | undefined;
  /** Its chat is read (the feature wants it subscribed). */
  listening: boolean;
  /** The user switched it off: shown while live, never listened in. */
  userOff: boolean;
}

export interface SelectionInput {
  /** The newest poll: every live followed channel. */
  live: readonly LiveStream[];
  previous: ReadonlyMap<string, FollowedChannel>;
  /** Broadcaster ids of the channels listed by hand (any toggle). */
  manualIds: ReadonlySet<string>;
  /** Broadcaster ids the user switched off. */
  offIds: ReadonlySet<string>;
  max: number;
  maxViewers: number | undefined;
  /** Places left next to the hand-listed channels (Twitch's per-account limit). */
  room: number;
  now: number;
  graceMs: number;
  /** The cap or the filter changed: nothing is kept for having been listened in before. */
  fresh: boolean;
}

export interface Selection {
  /** Live followed channels listened in or switched off, and offline ones within their grace period. */
  channels: Map<string, FollowedChannel>;
  /** Live channels left out because of the cap, and because of the viewers filter. */
  skipped: { overLimit: number; overViewers: number };
}

const byViewers = (a: LiveStream, b: LiveStream): number => b.viewers - a.viewers || a.login.localeCompare(b.login);

export function selectFollowed(input: SelectionInput): Selection {
  const { previous, offIds, maxViewers, now } = input;
  const cap = Math.max(0, Math.min(input.max, input.room));
  const live = input.live.filter((s) => !input.manualIds.has(s.broadcasterId));
  const channels = new Map<string, FollowedChannel>();
  const stay: LiveStream[] = [];
  const backOn: LiveStream[] = [];
  const candidates: LiveStream[] = [];
  let overViewers = 0;
  for (const stream of live) {
    const before = previous.get(stream.broadcasterId);
    if (offIds.has(stream.broadcasterId)) channels.set(stream.broadcasterId, entry(stream, before, { listening: false, userOff: true }));
    else if (before?.userOff) backOn.push(stream);
    else if (before?.listening && !input.fresh) stay.push(stream);
    else if (maxViewers !== undefined && stream.viewers > maxViewers) overViewers += 1;
    else candidates.push(stream);
  }
  const ranked = [...backOn.sort(byViewers), ...stay.sort(byViewers), ...candidates.sort(byViewers)];
  const taken = ranked.slice(0, cap);
  for (const stream of taken) channels.set(stream.broadcasterId, entry(stream, previous.get(stream.broadcasterId), { listening: true, userOff: false }));
  const overLimit = ranked.length - taken.length;

  // Gone from the poll: kept through the grace period while there is room, oldest drop first.
  let free = cap - taken.length;
  const liveIds = new Set(live.map((s) => s.broadcasterId));
  const resting = [...previous.values()]
    .filter((c) => c.listening && !liveIds.has(c.id) && !input.manualIds.has(c.id) && !offIds.has(c.id))
    .map((c) => ({ ...c, offlineSince: c.offlineSince ?? now }))
    .filter((c) => now - c.offlineSince < input.graceMs)
    .sort((a, b) => b.offlineSince - a.offlineSince);
  for (const channel of resting) {
    if (free <= 0) break;
    channels.set(channel.id, channel);
    free -= 1;
  }
  return { channels, skipped: { overLimit, overViewers } };
}

function entry(stream: LiveStream, before: FollowedChannel | undefined, flags: { listening: boolean; userOff: boolean }): FollowedChannel {
  return {
    id: stream.broadcasterId,
    login: stream.login,
    displayName: stream.displayName,
    viewers: stream.viewers,
    startedAt: stream.startedAt ?? before?.startedAt,
    offlineSince: undefined,
    ...flags,
  };
}

/** The earliest moment a resting channel's grace period ends, if any rests. */
export function nextGraceEnd(channels: ReadonlyMap<string, FollowedChannel>, graceMs: number): number | undefined {
  let earliest: number | undefined;
  for (const c of channels.values()) {
    if (c.offlineSince === undefined || !c.listening) continue;
    const end = c.offlineSince + graceMs;
    if (earliest === undefined || end < earliest) earliest = end;
  }
  return earliest;
}

/** The broadcaster ids the feature wants subscribed. */
export function listeningIds(channels: ReadonlyMap<string, FollowedChannel>): string[] {
  return [...channels.values()].filter((c) => c.listening).map((c) => c.id);
}
