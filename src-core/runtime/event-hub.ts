import type { Logger } from './logger.js';

/**
 * Delivers events to listeners in the order they were emitted (R18), one event fully
 * before the next, even when a listener emits from inside a listener. A listener that
 * throws is logged and the others still run (R12).
 */
export class EventHub<E> {
  readonly #listeners = new Set<(event: E) => void>();
  readonly #queue: E[] = [];
  #delivering = false;

  constructor(
    private readonly logger: Logger,
    private readonly name: string,
  ) {}

  get listenerCount(): number {
    return this.#listeners.size;
  }

  subscribe(listener: (event: E) => void): () => void {
    // Wrap so the same function subscribed twice gets two independent subscriptions.
    const entry = (event: E): void => listener(event);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  emit(event: E): void {
    this.#queue.push(event);
    if (this.#delivering) return;
    this.#delivering = true;
    try {
      for (let next = this.#queue.shift(); next !== undefined; next = this.#queue.shift()) {
        for (const listener of [...this.#listeners]) {
          try {
            listener(next);
          } catch (error) {
            this.logger.error('listener.failed', `A ${this.name} listener threw; the others still ran`, { error });
          }
        }
      }
    } finally {
      this.#delivering = false;
    }
  }

  clear(): void {
    this.#listeners.clear();
    this.#queue.length = 0;
  }
}
