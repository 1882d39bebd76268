/**
 * One base class for every error the core raises on purpose. `code` is stable and
 * machine-readable (it crosses IPC as data); `message` tells the user what to do.
 * Subclasses keep anything secret in #private fields so util.inspect never shows it.
 */
export abstract class ColorChangerError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A network call did not finish in time. */
export class TimeoutError extends ColorChangerError {
  readonly code = 'timeout';
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(`${operation} did not answer within ${timeoutMs} ms; check your network connection`, options);
  }
}

/** A retried operation failed every attempt. Always thrown, never returned (R20). */
export class RetryExhaustedError extends ColorChangerError {
  readonly code = 'retry_exhausted';
  constructor(
    readonly operation: string,
    readonly attempts: number,
    readonly lastError: unknown,
  ) {
    super(`${operation} failed after ${attempts} attempts: ${describeError(lastError)}`, { cause: lastError });
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
