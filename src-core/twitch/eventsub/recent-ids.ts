/**
 * Ids seen recently, bounded by age and by count (R10). A ring buffer keeps them in
 * arrival order, which with a fixed age limit is also expiry order, so pruning only looks
 * at the oldest. (Deleting a Map's first entries over and over instead leaves V8 scanning
 * tombstones: a million messages took seconds.)
 */
export class RecentIds {
  readonly #seen = new Set<string>();
  readonly #ids: (string | undefined)[];
  readonly #times: Float64Array;
  #head = 0;
  #count = 0;
  readonly #maxAgeMs: number;

  constructor(options: { maxAgeMs: number; maxSize: number }) {
    this.#maxAgeMs = options.maxAgeMs;
    const capacity = Math.max(1, options.maxSize);
    this.#ids = new Array<string | undefined>(capacity).fill(undefined);
    this.#times = new Float64Array(capacity);
  }

  get size(): number {
    return this.#count;
  }

  /** Records `id` at `now`; true if it was already there (a duplicate). */
  checkAndAdd(id: string, now: number): boolean {
    this.#prune(now);
    if (this.#seen.has(id)) return true;
    if (this.#count === this.#ids.length) this.#dropOldest();
    const slot = (this.#head + this.#count) % this.#ids.length;
    this.#ids[slot] = id;
    this.#times[slot] = now;
    this.#count += 1;
    this.#seen.add(id);
    return false;
  }

  has(id: string, now: number): boolean {
    this.#prune(now);
    return this.#seen.has(id);
  }

  clear(): void {
    this.#seen.clear();
    this.#ids.fill(undefined);
    this.#head = 0;
    this.#count = 0;
  }

  #prune(now: number): void {
    // After a clock jump backwards the oldest lies ahead of `now`: it stays, the size bound still holds.
    while (this.#count > 0 && now - (this.#times[this.#head] ?? now) >= this.#maxAgeMs) this.#dropOldest();
  }

  #dropOldest(): void {
    const id = this.#ids[this.#head];
    if (id !== undefined) this.#seen.delete(id);
    this.#ids[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#ids.length;
    this.#count -= 1;
  }
}
