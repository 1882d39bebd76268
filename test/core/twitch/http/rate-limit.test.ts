import { describe, expect, it } from 'vitest';
import { AbortedError } from '../../../../src-core/runtime/abort.js';
import type { HttpResponse } from '../../../../src-core/twitch/http/http-client.js';
import { RateLimitTracker } from '../../../../src-core/twitch/http/rate-limit.js';
import { ManualClock } from '../../../support/manual-clock.js';

function response(headers: Record<string, string>): HttpResponse {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { status: 200, body: undefined, header: (name) => lower[name.toLowerCase()] };
}

describe('RateLimitTracker', () => {
  it('lets requests through while the bucket state is unknown or has points', async () => {
    const clock = new ManualClock();
    const tracker = new RateLimitTracker(clock);
    await tracker.acquire();
    await tracker.acquire();
    expect(tracker.snapshot().inFlight).toBe(2);
    tracker.release(response({ 'Ratelimit-Limit': '800', 'Ratelimit-Remaining': '799', 'Ratelimit-Reset': '1767225660' }));
    tracker.release(undefined);
    expect(tracker.snapshot()).toEqual({ limit: 800, remaining: 799, resetAt: 1767225660_000, inFlight: 0 });
  });

  it('holds requests once in-flight ones would use the last points, until the reset', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const tracker = new RateLimitTracker(clock);
    const resetSec = Math.floor(clock.now() / 1000) + 30;
    await tracker.acquire();
    tracker.release(response({ 'Ratelimit-Limit': '800', 'Ratelimit-Remaining': '2', 'Ratelimit-Reset': String(resetSec) }));
    await tracker.acquire();
    await tracker.acquire();
    let third = false;
    void tracker.acquire().then(() => (third = true));
    await clock.advance(29_999);
    expect(third).toBe(false);
    await clock.advance(1);
    expect(third).toBe(true);
    expect(tracker.snapshot().remaining).toBe(800);
  });

  it('after a 429 reports the wait until Ratelimit-Reset (seconds -> ms), or undefined if Twitch gave none', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 0, 0, 0, 250));
    const tracker = new RateLimitTracker(clock);
    const reset = Math.floor(clock.now() / 1000) + 2;
    expect(tracker.waitAfter429(response({ 'Ratelimit-Reset': String(reset) }))).toBe(1_750);
    expect(tracker.waitAfter429(response({}))).toBeUndefined();
    expect(tracker.waitAfter429(response({ 'Ratelimit-Reset': 'soon' }))).toBeUndefined();
  });

  it('ignores malformed headers', () => {
    const tracker = new RateLimitTracker(new ManualClock());
    tracker.release(response({ 'Ratelimit-Limit': 'lots', 'Ratelimit-Remaining': '-3', 'Ratelimit-Reset': '' }));
    expect(tracker.snapshot()).toEqual({ limit: undefined, remaining: undefined, resetAt: undefined, inFlight: 0 });
  });

  it('a wait for the bucket is cancellable and leaves no timer', async () => {
    const clock = new ManualClock();
    const tracker = new RateLimitTracker(clock);
    tracker.waitAfter429(response({ 'Ratelimit-Reset': String(Math.floor(clock.now() / 1000) + 60) }));
    const controller = new AbortController();
    const waiting = tracker.acquire(controller.signal);
    await clock.advance(1000);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
    expect(clock.pending).toBe(0);
  });
});
