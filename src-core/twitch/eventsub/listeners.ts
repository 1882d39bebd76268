import { describeError } from '../../runtime/errors.js';
import type { Logger } from '../../runtime/logger.js';

type Listener<T> = (payload: T) => void;

/**
 * Typed listeners, called in the order they were added. One that throws is logged and
 * the others still run (R12); the emitter's owner never sees the exception.
 */
export class IsolatedListeners<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Adds a listener; the returned function removes it. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => {
      const current = this.#listeners.get(event);
      current?.delete(listener as Listener<never>);
      if (current?.size === 0) this.#listeners.delete(event);
    };
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    // A copy: a listener may remove itself or others while we iterate.
    for (const listener of [...set] as Listener<Events[K]>[]) {
      try {
        listener(payload);
      } catch (error) {
        this.#logger.error('eventsub.listener_failed', `A ${String(event)} listener threw: ${describeError(error)}`, {
          error,
          listenerEvent: String(event),
        });
      }
    }
  }

  get count(): number {
    let n = 0;
    for (const set of this.#listeners.values()) n += set.size;
    return n;
  }

  clear(): void {
    this.#listeners.clear();
  }
}
