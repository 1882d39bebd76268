import { describe, expect, it } from 'vitest';
import type { PrimeStatus } from '../../../src-core/color/options.js';
import { PrimeTracker } from '../../../src-core/color/prime-tracker.js';

describe('PrimeTracker', () => {
  it('R05 a detection takes effect before it is persisted and flips only once', () => {
    let persisted: PrimeStatus = 'unknown';
    const tracker = new PrimeTracker(() => persisted);
    expect(tracker.detect('no')).toBe(true);
    expect(tracker.detect('no')).toBe(false);
    expect(tracker.status).toBe('no');
    persisted = 'no';
    expect(tracker.status).toBe('no');
    expect(tracker.detect('no')).toBe(false);
  });

  it('a reset by the user after the detection was persisted wins', () => {
    let persisted: PrimeStatus = 'unknown';
    const tracker = new PrimeTracker(() => persisted);
    tracker.detect('yes');
    persisted = 'yes';
    tracker.resync();
    persisted = 'unknown';
    expect(tracker.status).toBe('unknown');
  });
});
