import { ColorChangerError, RetryExhaustedError, TimeoutError } from '../../runtime/errors.js';
import { NetworkError, TwitchApiError } from '../errors.js';

/**
 * Twitch (or something pretending to be it, like a captive portal) answered with a body
 * that does not match the documented shape. Not retried: the same request would get the
 * same answer. Carries the schema's complaint, never the body (it may hold a token).
 */
export class InvalidResponseError extends ColorChangerError {
  readonly code = 'invalid_response';
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly problem: string,
  ) {
    super(`Twitch sent an unexpected answer (${status}) to ${operation}: ${problem}; if this persists, report it`);
  }
}

/**
 * Failures that say nothing about the request itself: the network, a timeout, or a 5xx.
 * Worth another attempt later with backoff (only automatically for idempotent calls).
 * A 429 is not listed: it has its own wait (until Ratelimit-Reset), not a backoff.
 */
export function isTransientError(error: unknown): boolean {
  if (error instanceof NetworkError || error instanceof TimeoutError) return true;
  return error instanceof TwitchApiError && error.status >= 500 && error.status <= 599;
}

/**
 * Failures after which the same call may well succeed later: transient ones, a 429 that
 * outlasted its waits, and retries exhausted on either. Everything else needs a change
 * (a new login, a fix) before trying again. Owners use this to pick "degraded, retrying"
 * over "needs attention".
 */
export function isRetryLaterError(error: unknown): boolean {
  if (error instanceof RetryExhaustedError) return isRetryLaterError(error.lastError);
  return isTransientError(error) || (error instanceof TwitchApiError && error.status === 429);
}
