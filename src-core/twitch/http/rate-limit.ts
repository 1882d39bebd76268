import { z } from 'zod';
import { sleep, throwIfAborted } from '../../runtime/abort.js';
import type { Clock } from '../../runtime/clock.js';
import type { HttpResponse } from './http-client.js';

const headerInt = z.coerce.number().int().nonnegative();

/**
 * Helix buckets refill within a minute. A reset announced further ahead is a bogus header
 * (a proxy, a clock far off); believing it would stall every call of the account silently.
 */
export const MAX_BUCKET_WAIT_MS = 65_000;

function readInt(res: HttpResponse, name: string): number | undefined {
  const raw = res.header(name);
  if (raw === undefined || raw.trim() === '') return undefined;
  const parsed = headerInt.safeParse(raw.trim());
  return parsed.success ? parsed.data : undefined;
}

export interface RateLimitSnapshot {
  /** Points added per minute (Ratelimit-Limit). */
  limit: number | undefined;
  /** Points left, as of the newest response (Ratelimit-Remaining). */
  remaining: number | undefined;
  /** Epoch ms when the bucket is full again (Ratelimit-Reset, sent in seconds). */
  resetAt: number | undefined;
  /** Requests let through and not yet answered. */
  inFlight: number;
}

/**
 * Twitch's Helix bucket for one user token (per client id per user, so it survives a
 * token refresh: one tracker per account). Requests take a point before they go and give
 * it back with the response's headers, so a concurrent batch never sends more requests
 * than the bucket has points (R22). When the bucket is empty, callers wait for the reset
 * instead of collecting 429s.
 */
export class RateLimitTracker {
  readonly #clock: Clock;
  #limit: number | undefined;
  #remaining: number | undefined;
  #resetAt: number | undefined;
  #inFlight = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  snapshot(): RateLimitSnapshot {
    return { limit: this.#limit, remaining: this.#remaining, resetAt: this.#resetAt, inFlight: this.#inFlight };
  }

  /** Waits until a point is (probably) free and takes it. Pair with `release`. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      throwIfAborted(signal);
      const now = this.#clock.now();
      if (this.#resetAt !== undefined && now >= this.#resetAt) {
        // The bucket is full again; the next response tells us the real count.
        this.#remaining = this.#limit;
        this.#resetAt = undefined;
      }
      const free = this.#remaining === undefined ? Infinity : this.#remaining - this.#inFlight;
      if (free > 0 || this.#resetAt === undefined) {
        this.#inFlight += 1;
        return;
      }
      if (this.#resetAt - now > MAX_BUCKET_WAIT_MS) this.#resetAt = now + MAX_BUCKET_WAIT_MS;
      await sleep(this.#clock, this.#resetAt - now, signal);
    }
  }

  /** Gives the point back and learns the bucket state from `res` (if it carried headers). */
  release(res: HttpResponse | undefined): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    if (res) this.#learn(res);
  }

  /**
   * Call on a 429 (after `release`). Returns how long to wait before trying again, or
   * undefined when Twitch did not say (the caller backs off on its own).
   */
  waitAfter429(res: HttpResponse): number | undefined {
    const resetAt = this.#resetAtOf(res);
    this.#remaining = 0;
    if (resetAt === undefined) return undefined;
    this.#resetAt = resetAt;
    return Math.max(0, resetAt - this.#clock.now());
  }

  /** The reset time a response announced, in epoch ms. */
  #resetAtOf(res: HttpResponse): number | undefined {
    const seconds = readInt(res, 'ratelimit-reset');
    return seconds === undefined ? undefined : seconds * 1000;
  }

  #learn(res: HttpResponse): void {
    const limit = readInt(res, 'ratelimit-limit');
    const remaining = readInt(res, 'ratelimit-remaining');
    const resetAt = this.#resetAtOf(res);
    if (limit !== undefined) this.#limit = limit;
    if (remaining !== undefined) this.#remaining = remaining;
    if (resetAt !== undefined) this.#resetAt = resetAt;
  }
}
