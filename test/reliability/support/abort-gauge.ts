import { getEventListeners } from 'node:events';

/**
 * Counts the 'abort' listeners currently registered on every AbortSignal the process made
 * while installed. Owners link children to their signal with listeners; one that is never
 * removed is the slow leak R29 is about, and shows here as a count that only grows.
 */
export class AbortListenerGauge {
  readonly #signals = new Set<WeakRef<AbortSignal>>();
  readonly #seen = new WeakSet<AbortSignal>();
  #original: typeof EventTarget.prototype.addEventListener | undefined;

  install(): this {
    if (this.#original) return this;
    const original = EventTarget.prototype.addEventListener;
    this.#original = original;
    const signals = this.#signals;
    const seen = this.#seen;
    EventTarget.prototype.addEventListener = function (this: EventTarget, type: string, ...rest: unknown[]) {
      if (type === 'abort' && this instanceof AbortSignal && !seen.has(this)) {
        seen.add(this);
        signals.add(new WeakRef(this));
      }
      return (original as (...args: unknown[]) => void).call(this, type, ...rest);
    } as typeof EventTarget.prototype.addEventListener;
    return this;
  }

  uninstall(): void {
    if (this.#original) EventTarget.prototype.addEventListener = this.#original;
    this.#original = undefined;
  }

  /** Live listeners over all tracked signals that are not aborted yet. */
  count(): number {
    let total = 0;
    for (const ref of this.#signals) {
      const signal = ref.deref();
      if (!signal) {
        this.#signals.delete(ref);
        continue;
      }
      if (signal.aborted) continue;
      total += getEventListeners(signal, 'abort').length;
    }
    return total;
  }
}
