/**
 * At most `limit` holders at once; the rest wait in arrival order. Keeps a fresh session's
 * burst of subscription calls (up to 300) from flooding Helix all at once.
 */
export class ConcurrencyLimit {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  acquire(): Promise<void> {
    if (this.#running < this.limit) {
      this.#running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Hands the slot straight to the next waiter, or frees it. */
  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#running = Math.max(0, this.#running - 1);
  }

  /** Wakes every waiter at once (their owner is stopping and they will not call out). */
  releaseAll(): void {
    for (const wake of this.#waiting.splice(0)) wake();
  }
}
