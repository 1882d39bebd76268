export interface WaitForOptions {
  /** Real milliseconds before giving up (default 2000). */
  timeoutMs?: number;
  /** Real milliseconds between checks (default 5). */
  intervalMs?: number;
  /** Shown in the timeout error. */
  message?: string;
}

/**
 * Polls `predicate` on real time until it returns a truthy value, which is returned.
 * For I/O to settle (socket round trips, HTTP answers), never for timers: tests move
 * timers with ManualClock.advance or vitest's fake timers.
 */
export async function waitFor<T>(predicate: () => T | Promise<T>, options: WaitForOptions = {}): Promise<NonNullable<T>> {
  const { timeoutMs = 2000, intervalMs = 5 } = options;
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (performance.now() >= deadline) {
      const reason = options.message ?? 'condition not met';
      throw new Error(`waitFor timed out after ${timeoutMs} ms: ${reason}`, lastError === undefined ? undefined : { cause: lastError });
    }
    await new Promise<void>((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Lets pending real I/O (socket frames, HTTP answers) run without touching any Clock. */
export function settleIo(ms = 10): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Moves a manual clock forward in steps, letting real I/O settle after each one. A single
 * big `advance` fires every timer before any socket frame is read, so a client watching
 * keepalives on the same clock would see minutes of silence that never happened.
 */
export async function advanceInSteps(clock: { advance(ms: number): Promise<void> }, totalMs: number, options: { stepMs?: number; settleMs?: number } = {}): Promise<void> {
  const { stepMs = 1000, settleMs = 5 } = options;
  for (let done = 0; done < totalMs; done += stepMs) {
    await clock.advance(Math.min(stepMs, totalMs - done));
    await settleIo(settleMs);
  }
}
