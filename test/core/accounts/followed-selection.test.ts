import { describe, expect, it } from 'vitest';
import { listeningIds, nextGraceEnd, selectFollowed, type FollowedChannel, type SelectionInput } from '../../../src-core/accounts/followed-selection.js';
import type { LiveStream } from '../../../src-core/twitch/helix/followed-streams.js';

const GRACE = 600_000;
const stream = (n: number, viewers: number): LiveStream => ({ broadcasterId: `id${n}`, login: `c${n}`, displayName: `C${n}`, viewers, startedAt: 1_000 + n });
/** c0..c(n-1), c0 the least watched. */
const streams = (n: number): LiveStream[] => Array.from({ length: n }, (_, i) => stream(i, (i + 1) * 10));

function select(overrides: Partial<SelectionInput>) {
  return selectFollowed({ live: [], previous: new Map(), manualIds: new Set(), offIds: new Set(), max: 50, maxViewers: undefined, room: 900, now: 10_000_000, graceMs: GRACE, fresh: false, ...overrides });
}
const listening = (channels: Map<string, FollowedChannel>): string[] => listeningIds(channels).sort();

describe('which live followed channels are listened in (issue 18)', () => {
  it('150 live, cap 100: exactly the 100 with the most viewers; the viewers filter drops the big ones (counted as skipped)', () => {
    const live = streams(150);
    const capped = select({ live, max: 100 });
    expect(listening(capped.channels)).toEqual(live.slice(50).map((s) => s.broadcasterId).sort());
    expect(capped.skipped).toEqual({ overLimit: 50, overViewers: 0 });

    const filtered = select({ live, max: 100, maxViewers: 1_000 });
    // Viewers 10..1500: over 1000 are c100..c149; of the rest (c0..c99) all 100 fit.
    expect(listening(filtered.channels)).toEqual(live.slice(0, 100).map((s) => s.broadcasterId).sort());
    expect(filtered.skipped).toEqual({ overLimit: 0, overViewers: 50 });
  });

  it('channels already listened in keep their place while live, whoever gains viewers (no churn); changing the cap or the filter chooses afresh', () => {
    const first = select({ live: streams(3), max: 2 });
    expect(listening(first.channels)).toEqual(['id1', 'id2']);
    // c0 becomes the busiest: it waits for a free place instead of pushing one out.
    const later = [stream(0, 9_999), stream(1, 20), stream(2, 30)];
    const second = select({ live: later, previous: first.channels, max: 2 });
    expect(listening(second.channels)).toEqual(['id1', 'id2']);
    expect(second.skipped.overLimit).toBe(1);
    // A big one already listened in stays when the filter would skip it...
    const grown = select({ live: [stream(1, 50_000), stream(2, 30)], previous: second.channels, max: 2, maxViewers: 1_000 });
    expect(listening(grown.channels)).toEqual(['id1', 'id2']);
    // ...and goes when the user changes the filter (a fresh choice).
    const fresh = select({ live: [stream(1, 50_000), stream(2, 30)], previous: grown.channels, max: 2, maxViewers: 1_000, fresh: true });
    expect(listening(fresh.channels)).toEqual(['id2']);
    expect(fresh.skipped.overViewers).toBe(1);
  });

  it('a channel switched off stays off (in the group, not listened in); switched back on it goes first', () => {
    const live = streams(3);
    const off = select({ live, max: 2, offIds: new Set(['id2']) });
    expect(listening(off.channels)).toEqual(['id0', 'id1']);
    expect(off.channels.get('id2')).toMatchObject({ userOff: true, listening: false });
    const backOn = select({ live, max: 2, previous: off.channels });
    expect(listening(backOn.channels)).toEqual(['id1', 'id2']);
    expect(backOn.channels.has('id0')).toBe(false);
  });

  it('a channel listed by hand is never part of it (one subscription, from the hand-listed side)', () => {
    const result = select({ live: streams(3), manualIds: new Set(['id1']) });
    expect([...result.channels.keys()].sort()).toEqual(['id0', 'id2']);
  });

  it('offline: kept through the grace period (then let go), unless a live one needs the place; back live, it is simply live again', () => {
    const now = 10_000_000;
    const before = select({ live: streams(2), max: 2, now });
    const gone = select({ live: [stream(1, 20)], previous: before.channels, max: 2, now });
    expect(listening(gone.channels)).toEqual(['id0', 'id1']);
    expect(gone.channels.get('id0')?.offlineSince).toBe(now);
    expect(nextGraceEnd(gone.channels, GRACE)).toBe(now + GRACE);
    const almost = select({ live: [stream(1, 20)], previous: gone.channels, max: 2, now: now + GRACE - 1 });
    expect(listening(almost.channels)).toEqual(['id0', 'id1']);
    const after = select({ live: [stream(1, 20)], previous: almost.channels, max: 2, now: now + GRACE });
    expect(listening(after.channels)).toEqual(['id1']);
    // Back within the grace period: live again, nothing resting.
    const back = select({ live: streams(2), previous: gone.channels, max: 2, now: now + 60_000 });
    expect(back.channels.get('id0')).toMatchObject({ listening: true, offlineSince: undefined });
    // A new live channel takes the resting one's place when the cap is full.
    const crowded = select({ live: [stream(1, 20), stream(5, 1)], previous: gone.channels, max: 2, now: now + 60_000 });
    expect(listening(crowded.channels)).toEqual(['id1', 'id5']);
  });

  it('never more than the room next to the hand-listed channels', () => {
    expect(listeningIds(select({ live: streams(10), max: 500, room: 4 }).channels)).toHaveLength(4);
    expect(listeningIds(select({ live: streams(10), max: 500, room: 0 }).channels)).toHaveLength(0);
  });
});
