import { describe, expect, it } from 'vitest';
import { RecentIds } from '../../../../src-core/twitch/eventsub/recent-ids.js';

describe('RecentIds', () => {
  it('reports a repeated id as a duplicate within the age limit, and forgets it after', () => {
    const ids = new RecentIds({ maxAgeMs: 600_000, maxSize: 100 });
    expect(ids.checkAndAdd('a', 0)).toBe(false);
    expect(ids.checkAndAdd('a', 599_999)).toBe(true);
    expect(ids.checkAndAdd('a', 600_000)).toBe(false);
  });

  it('R10 1e6 messages across many ids: the map stays within its size and age bounds', () => {
    const ids = new RecentIds({ maxAgeMs: 600_000, maxSize: 10_000 });
    let maxSize = 0;
    let duplicates = 0;
    for (let i = 0; i < 1_000_000; i += 1) {
      // 100 messages a second; every 10th is a redelivery of the one before.
      const id = i % 10 === 9 ? `m${i - 1}` : `m${i}`;
      if (ids.checkAndAdd(id, i * 10)) duplicates += 1;
      if (ids.size > maxSize) maxSize = ids.size;
    }
    expect(duplicates).toBe(100_000);
    expect(maxSize).toBeLessThanOrEqual(10_000);
    // Ten minutes later nothing is remembered.
    expect(ids.has('m999998', 10_000_000 + 600_000)).toBe(false);
    expect(ids.size).toBe(0);
  });

  it('R10 with few messages the age bound empties it', () => {
    const ids = new RecentIds({ maxAgeMs: 600_000, maxSize: 10_000 });
    for (let i = 0; i < 1_000; i += 1) ids.checkAndAdd(`x${i}`, i * 1_000);
    expect(ids.size).toBe(600);
  });

  it('starts small and grows only as ids arrive, never beyond its bound, keeping arrival order', () => {
    const ids = new RecentIds({ maxAgeMs: 600_000, maxSize: 100 });
    expect(ids.capacity).toBeLessThanOrEqual(64);
    for (let i = 0; i < 150; i += 1) expect(ids.checkAndAdd(`g${i}`, i)).toBe(false);
    expect(ids.capacity).toBe(100);
    expect(ids.size).toBe(100);
    // The oldest 50 went first, in arrival order; the newest 100 are still duplicates.
    expect(ids.has('g49', 150)).toBe(false);
    expect(ids.has('g50', 150)).toBe(true);
    for (let i = 50; i < 150; i += 1) expect(ids.checkAndAdd(`g${i}`, 151)).toBe(true);
  });

  it('grows across a wrapped ring without losing or reordering ids', () => {
    const ids = new RecentIds({ maxAgeMs: 100, maxSize: 1_000 });
    // 40 ids, the first 30 expire, 60 more: the ring (64 slots) wraps, then must grow.
    for (let i = 0; i < 40; i += 1) ids.checkAndAdd(`w${i}`, i < 30 ? 0 : 50);
    for (let i = 40; i < 100; i += 1) ids.checkAndAdd(`w${i}`, 120);
    expect(ids.size).toBe(70);
    expect(ids.capacity).toBe(128);
    expect(ids.has('w29', 120)).toBe(false);
    for (let i = 30; i < 100; i += 1) expect(ids.has(`w${i}`, 120)).toBe(true);
    // Age still expires them oldest first: the ten from t=50 go at t=150, the rest stay.
    expect(ids.has('w39', 150)).toBe(false);
    expect(ids.size).toBe(60);
  });

  it('gives its memory back once everything has expired', () => {
    const ids = new RecentIds({ maxAgeMs: 1_000, maxSize: 10_000 });
    for (let i = 0; i < 5_000; i += 1) ids.checkAndAdd(`b${i}`, 0);
    expect(ids.capacity).toBeGreaterThanOrEqual(5_000);
    expect(ids.has('b1', 1_000)).toBe(false);
    expect(ids.size).toBe(0);
    expect(ids.capacity).toBeLessThanOrEqual(64);
    expect(ids.checkAndAdd('b1', 1_001)).toBe(false);
    expect(ids.checkAndAdd('b1', 1_002)).toBe(true);
  });
});
