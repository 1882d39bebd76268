/** Room for this many ids before the ring first grows. */
const INITIAL_CAPACITY = 64;

/**
 * Ids seen recently, bounded by age and by count (R10). A ring buffer keeps them in
 * arrival order, which with a fixed age limit is also expiry order, so pruning only looks
 * at the oldest. (Deleting a Map's first entries over and over instead leaves V8 scanning
 * tombstones: a million messages took seconds.) The ring starts small and doubles up to
 * the bound: every account holds two of these, and a full 10,000 slots for the few own
 * messages a chat usually sees cost 6 MB over 20 accounts (test/bench row 5). It shrinks
 * back once everything in it has expired.
 */
export class RecentIds {
  readonly #seen = new Set<string>();
  #ids: (string | undefined)[];
  #times: Float64Array;
  #head = 0;
  #count = 0;
  readonly #maxAgeMs: number;
  readonly #maxSize: number;
  readonly #initialCapacity: number;

  constructor(options: { maxAgeMs: number; maxSize: number }) {
    this.#maxAgeMs = options.maxAgeMs;
    this.#maxSize = Math.max(1, options.maxSize);
    this.#initialCapacity = Math.min(this.#maxSize, INITIAL_CAPACITY);
    this.#ids = new Array<string | undefined>(this.#initialCapacity).fill(undefined);
    this.#times = new Float64Array(this.#initialCapacity);
  }

  get size(): number {
    return this.#count;
  }

  /** Slots allocated now (memory tests). */
  get capacity(): number {
    return this.#ids.length;
  }

  /** Records `id` at `now`; true if it was already there (a duplicate). */
  checkAndAdd(id: string, now: number): boolean {
    this.#prune(now);
    if (this.#seen.has(id)) return true;
    if (this.#count === this.#ids.length) {
      if (this.#ids.length < this.#maxSize) this.#resize(Math.min(this.#maxSize, this.#ids.length * 2));
      else this.#dropOldest();
    }
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
    this.#count = 0;
    this.#resize(this.#initialCapacity);
  }

  #prune(now: number): void {
    if (this.#count === 0) return;
    // After a clock jump backwards the oldest lies ahead of `now`: it stays, the size bound still holds.
    while (this.#count > 0 && now - (this.#times[this.#head] ?? now) >= this.#maxAgeMs) this.#dropOldest();
    if (this.#count === 0 && this.#ids.length > this.#initialCapacity) this.#resize(this.#initialCapacity);
  }

  #dropOldest(): void {
    const id = this.#ids[this.#head];
    if (id !== undefined) this.#seen.delete(id);
    this.#ids[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#ids.length;
    this.#count -= 1;
  }

  /** Copies the ring, oldest first, into `capacity` slots (at least the current count). */
  #resize(capacity: number): void {
    const ids = new Array<string | undefined>(capacity).fill(undefined);
    const times = new Float64Array(capacity);
    for (let i = 0; i < this.#count; i += 1) {
      const slot = (this.#head + i) % this.#ids.length;
      ids[i] = this.#ids[slot];
      times[i] = this.#times[slot] ?? 0;
    }
    this.#ids = ids;
    this.#times = times;
    this.#head = 0;
  }
}
