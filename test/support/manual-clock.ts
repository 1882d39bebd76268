import type { Clock, TimerHandle } from '../../src-core/runtime/clock.js';

/**
 * A clock that moves only when a test says so. Unlike vitest's fake timers it leaves the
 * real timers alone, so core logic can run on simulated time while sockets and undici
 * underneath keep real ones.
 */
export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = ++this.#seq;
    this.#timers.set(id, { at: this.#now + Math.max(0, ms), fn });
    return { cancel: () => void this.#timers.delete(id) };
  }

  /** Timers scheduled and not yet fired or cancelled. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Moves time forward, firing due timers in order; yields to microtasks between them. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      await flushMicrotasks();
      const next = this.#nextDue(target);
      if (!next) break;
      this.#timers.delete(next.id);
      this.#now = Math.max(this.#now, next.at);
      next.fn();
    }
    this.#now = target;
    await flushMicrotasks();
  }

  #nextDue(limit: number): { id: number; at: number; fn: () => void } | undefined {
    let best: { id: number; at: number; fn: () => void } | undefined;
    for (const [id, timer] of this.#timers) {
      if (timer.at <= limit && (!best || timer.at < best.at || (timer.at === best.at && id < best.id))) {
        best = { id, ...timer };
      }
    }
    return best;
  }
}

export async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await Promise.resolve();
}
