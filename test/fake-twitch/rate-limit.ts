import type { Clock } from '../../src-core/runtime/clock.js';
import type { Headers } from './http-io.js';

export interface RateLimitBudget {
  /** Points per minute, also the bucket size. */
  limit: number;
  /** Only this client's buckets (default: all). */
  clientId?: string;
  /** Only this user's buckets (default: all). */
  userId?: string;
  /** Set the matching buckets' current points now (e.g. 0 to force 429 at once). */
  remaining?: number;
}

interface Bucket {
  points: number;
  updatedAt: number;
  limit: number;
}

export interface RateLimitVerdict {
  allowed: boolean;
  headers: Headers;
}

/**
 * Helix user-token bucket, per client ID per user (TWITCH.md §4): refills continuously at
 * `limit` points per minute up to `limit`. Computed from the Clock on each request, so no
 * timer is needed for the reset.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #budgets: RateLimitBudget[] = [];
  readonly #clock: Clock;
  readonly #defaultLimit: number;

  constructor(clock: Clock, defaultLimit: number) {
    this.#clock = clock;
    this.#defaultLimit = defaultLimit;
  }

  setBudget(budget: RateLimitBudget): void {
    this.#budgets.unshift({ limit: budget.limit, clientId: budget.clientId, userId: budget.userId });
    const now = this.#clock.now();
    for (const [key, bucket] of this.#buckets) {
      const [clientId = '', userId = ''] = key.split('\u0000');
      if (!matches(budget, clientId, userId)) continue;
      this.#refill(bucket, now);
      bucket.limit = budget.limit;
      bucket.points = Math.min(bucket.points, budget.limit);
      if (budget.remaining !== undefined) bucket.points = Math.min(budget.remaining, budget.limit);
    }
    if (budget.remaining !== undefined && budget.clientId !== undefined && budget.userId !== undefined) {
      // The bucket may not exist yet: create it so the first request already sees `remaining`.
      const key = `${budget.clientId}\u0000${budget.userId}`;
      if (!this.#buckets.has(key)) this.#buckets.set(key, { points: Math.min(budget.remaining, budget.limit), updatedAt: now, limit: budget.limit });
    }
  }

  consume(clientId: string, userId: string, cost = 1): RateLimitVerdict {
    const now = this.#clock.now();
    const key = `${clientId}\u0000${userId}`;
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      const limit = this.#limitFor(clientId, userId);
      bucket = { points: limit, updatedAt: now, limit };
      this.#buckets.set(key, bucket);
    }
    this.#refill(bucket, now);
    const allowed = bucket.points >= cost;
    if (allowed) bucket.points -= cost;
    const missing = bucket.limit - bucket.points;
    const fullAt = now + (missing / bucket.limit) * 60_000;
    return {
      allowed,
      headers: {
        'Ratelimit-Limit': bucket.limit,
        'Ratelimit-Remaining': Math.floor(bucket.points),
        'Ratelimit-Reset': Math.ceil(fullAt / 1000),
      },
    };
  }

  #refill(bucket: Bucket, now: number): void {
    const elapsed = Math.max(0, now - bucket.updatedAt);
    bucket.points = Math.min(bucket.limit, bucket.points + (elapsed * bucket.limit) / 60_000);
    bucket.updatedAt = now;
  }

  #limitFor(clientId: string, userId: string): number {
    return this.#budgets.find((b) => matches(b, clientId, userId))?.limit ?? this.#defaultLimit;
  }
}

function matches(budget: RateLimitBudget, clientId: string, userId: string): boolean {
  return (budget.clientId === undefined || budget.clientId === clientId) && (budget.userId === undefined || budget.userId === userId);
}
