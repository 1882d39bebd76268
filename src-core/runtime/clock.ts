/**
 * Time as a port. Core modules never call Date.now() or setTimeout directly, so tests
 * can drive hours of simulated time in milliseconds, and integration tests can run core
 * logic on fake time while the sockets underneath keep real timers.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `fn` once after `ms`. The handle must be cancelled by its owner on stop. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
}

/**
 * The real clock. Globals are looked up at call time, not captured at import, so vitest's
 * fake timers also drive code that was given this clock.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const handle = globalThis.setTimeout(fn, Math.max(0, ms));
    return { cancel: () => globalThis.clearTimeout(handle) };
  },
};
