/**
 * Exponential backoff with full jitter: the n-th delay is uniform in [0, min(cap, base*2^n)].
 * Full jitter spreads reconnecting clients apart; the cap keeps a long outage from
 * growing the gap past a minute (R09).
 */
export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  /** Source of randomness in [0, 1); injectable so tests are reproducible. */
  random?: () => number;
}

export const DEFAULT_BACKOFF_BASE_MS = 1_000;
export const DEFAULT_BACKOFF_CAP_MS = 60_000;

export class Backoff {
  #attempt = 0;
  readonly #base: number;
  readonly #cap: number;
  readonly #random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.#base = options.baseMs ?? DEFAULT_BACKOFF_BASE_MS;
    this.#cap = options.capMs ?? DEFAULT_BACKOFF_CAP_MS;
    this.#random = options.random ?? Math.random;
  }

  /** Failures in a row since the last reset. */
  get attempts(): number {
    return this.#attempt;
  }

  /** The upper bound of the next delay, before jitter. */
  ceilingMs(): number {
    // 2^31 overflows nothing in float math but would be silly; the cap applies long before.
    return Math.min(this.#cap, this.#base * 2 ** Math.min(this.#attempt, 30));
  }

  /** Delay before the next attempt, and counts the failure. */
  next(): number {
    const delay = Math.floor(this.#random() * this.ceilingMs());
    this.#attempt += 1;
    return delay;
  }

  reset(): void {
    this.#attempt = 0;
  }
}
