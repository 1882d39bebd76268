import type { PrimeStatus } from './options.js';

/**
 * The Turbo/Prime status as the cycler should use it. A detection takes effect at once,
 * before the account has persisted it, and is dropped as soon as the persisted status
 * moves off the value it had at detection: then it either shows the detection or a newer
 * choice (the user reset it to `unknown`), and the persisted one rules again.
 */
export class PrimeTracker {
  readonly #persisted: () => PrimeStatus;
  #detected: { status: 'yes' | 'no'; baseline: PrimeStatus } | undefined;

  constructor(persisted: () => PrimeStatus) {
    this.#persisted = persisted;
  }

  get status(): PrimeStatus {
    const persisted = this.#persisted();
    const detected = this.#detected;
    if (detected && persisted === detected.baseline) return detected.status;
    this.#detected = undefined;
    return persisted;
  }

  /**
   * Looks at the persisted status again; call it once the account has persisted a
   * detection, so a later reset to the status it had before is not mistaken for "not yet
   * persisted".
   */
  resync(): void {
    void this.status;
  }

  /** Records a detection; false when it is the status already, so callers flip it once (R05). */
  detect(status: 'yes' | 'no'): boolean {
    if (this.status === status) return false;
    this.#detected = { status, baseline: this.#persisted() };
    return true;
  }
}
