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
});
