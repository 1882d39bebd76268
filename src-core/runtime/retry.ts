import type { Clock } from './clock.js';
import { sleep, throwIfAborted } from './abort.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import { RetryExhaustedError } from './errors.js';

export interface RetryOptions extends BackoffOptions {
  operation: string;
  /** Total attempts, the first one included. */
  attempts: number;
  clock: Clock;
  signal?: AbortSignal;
  /** Whether this error is worth another attempt; anything else is rethrown at once. */
  retryable: (error: unknown) => boolean;
  /** A delay the error itself asks for (e.g. until a rate-limit reset); overrides backoff. */
  delayFor?: (error: unknown) => number | undefined;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Runs `fn` until it succeeds, the error is not retryable, or attempts run out. Never
 * resolves to a placeholder: exhaustion throws RetryExhaustedError with the last cause (R20).
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const backoff = new Backoff(options);
  let lastError: unknown;
  for (let attempt = 1; attempt <= options.attempts; attempt += 1) {
    throwIfAborted(options.signal);
    try {
      return await fn(attempt);
    } catch (error) {
      if (!options.retryable(error)) throw error;
      lastError = error;
      if (attempt === options.attempts) break;
      const delay = options.delayFor?.(error) ?? backoff.next();
      options.onRetry?.(error, attempt, delay);
      await sleep(options.clock, delay, options.signal);
    }
  }
  throw new RetryExhaustedError(options.operation, options.attempts, lastError);
}
