import type { z } from 'zod';
import { AbortedError, onAbort, sleep } from '../../runtime/abort.js';
import { Backoff } from '../../runtime/backoff.js';
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import { retry } from '../../runtime/retry.js';
import { AuthError, TwitchApiError } from '../errors.js';
import { twitchErrorMessage } from '../http/error-body.wire.js';
import { isTransientError } from '../http/errors.js';
import type { HttpClient, HttpMethod, HttpResponse } from '../http/http-client.js';
import { RateLimitTracker } from '../http/rate-limit.js';
import { classifyStatus, type EndpointOutcome } from '../http/status-outcome.js';
import type { TokenSource } from '../token-source.js';

export interface HelixRetryPolicy {
  /** Attempts for idempotent calls on 5xx/network/timeout, the first included. */
  attempts: number;
  baseMs: number;
  capMs: number;
  random?: () => number;
  /** 429s waited out per call before giving up with TwitchApiError(429, retryAt). */
  max429Retries: number;
  /** A reset further away than this is not waited for; the caller gets retryAt instead. */
  max429WaitMs: number;
}

export const DEFAULT_HELIX_RETRY: HelixRetryPolicy = Object.freeze({
  attempts: 3,
  baseMs: 1_000,
  capMs: 60_000,
  max429Retries: 3,
  max429WaitMs: 65_000,
});

export interface HelixCall<S extends z.ZodType> {
  method: HttpMethod;
  /** Below the Helix base, e.g. "/chat/color". */
  path: string;
  query?: URLSearchParams;
  json?: unknown;
  /** Wire schema of a success body. */
  schema: S;
  /** Outcomes the endpoint gives meaning to; for the rest the default of status-outcome.ts applies. */
  handles?: readonly EndpointOutcome[];
  signal?: AbortSignal | undefined;
}

export type HelixResult<T> =
  | { outcome: 'success'; status: number; data: T }
  | { outcome: EndpointOutcome; status: number; twitchMessage: string };

/** Retry budgets shared by every attempt of one call. */
interface CallState {
  refreshed: boolean;
  rateLimitWaits: number;
  rateLimitBackoff: Backoff;
}

// GET and DELETE are idempotent by HTTP; PUT chat/color sets a value, so sending it twice is harmless.
const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(['GET', 'PUT', 'DELETE']);

export interface HelixTransportOptions {
  http: HttpClient;
  apiUrl: string;
  tokens: TokenSource;
  clock: Clock;
  logger: Logger;
  /** The owner's signal: aborting it cancels every call. */
  signal?: AbortSignal | undefined;
  retry?: Partial<HelixRetryPolicy>;
}

/**
 * One Helix call, start to finish: the account's token read at send time (R27), the
 * rate-limit bucket, one refresh-and-retry on 401, waits on 429, backoff retries on
 * 5xx/network/timeout for idempotent calls (R20), and one outcome per status (R24).
 */
export class HelixTransport {
  readonly rateLimit: RateLimitTracker;
  readonly #options: HelixTransportOptions;
  readonly #policy: HelixRetryPolicy;

  constructor(options: HelixTransportOptions) {
    this.#options = options;
    this.#policy = { ...DEFAULT_HELIX_RETRY, ...options.retry };
    this.rateLimit = new RateLimitTracker(options.clock);
  }

  get logger(): Logger {
    return this.#options.logger;
  }

  async call<S extends z.ZodType>(call: HelixCall<S>): Promise<HelixResult<z.output<S>>> {
    const controller = new AbortController();
    const unlinkOwner = onAbort(this.#options.signal, () => controller.abort(new AbortedError()));
    const unlinkCall = onAbort(call.signal, () => controller.abort(new AbortedError()));
    const signal = controller.signal;
    const operation = `helix ${call.method} ${call.path}`;
    const idempotent = IDEMPOTENT.has(call.method);
    const policy = this.#policy;
    const state: CallState = {
      refreshed: false,
      rateLimitWaits: 0,
      rateLimitBackoff: new Backoff({ baseMs: policy.baseMs, capMs: policy.capMs, random: policy.random }),
    };
    try {
      return await retry(() => this.#attempt(call, operation, state, signal), {
        operation,
        attempts: idempotent ? policy.attempts : 1,
        clock: this.#options.clock,
        signal,
        baseMs: policy.baseMs,
        capMs: policy.capMs,
        random: policy.random,
        retryable: (error) => idempotent && isTransientError(error),
        onRetry: (error, attempt, delayMs) =>
          this.logger.warn('helix.retry', `${operation} failed; retrying`, { operation, attempt, delayMs, error }),
      });
    } finally {
      unlinkOwner();
      unlinkCall();
    }
  }

  async #attempt<S extends z.ZodType>(
    call: HelixCall<S>,
    operation: string,
    state: CallState,
    signal: AbortSignal,
  ): Promise<HelixResult<z.output<S>>> {
    const { http, tokens, clock } = this.#options;
    for (;;) {
      const { res, token } = await this.#send(call, operation, signal);
      const outcome = classifyStatus(res.status);
      switch (outcome) {
        case 'success':
          return { outcome, status: res.status, data: http.parse(call.schema, res, operation) };
        case 'unauthorized':
          if (state.refreshed) throw this.#apiError(call, res);
          state.refreshed = true;
          this.logger.info('helix.unauthorized', `${operation} got 401; refreshing the token and retrying once`, { operation });
          await tokens.refreshAfterUnauthorized(token, signal);
          continue;
        case 'rate_limited': {
          const waitMs = this.rateLimit.waitAfter429(res) ?? state.rateLimitBackoff.next();
          const retryAt = clock.now() + waitMs;
          if (state.rateLimitWaits >= this.#policy.max429Retries || waitMs > this.#policy.max429WaitMs) {
            throw this.#apiError(call, res, retryAt);
          }
          state.rateLimitWaits += 1;
          this.logger.warn('helix.rate_limited', `${operation} hit the rate limit; waiting for the reset`, { operation, waitMs });
          await sleep(clock, waitMs, signal);
          continue;
        }
        case 'forbidden':
          if (call.handles?.includes(outcome)) return { outcome, status: res.status, twitchMessage: twitchErrorMessage(res.body) };
          throw new AuthError('missing_scope', { detail: twitchErrorMessage(res.body) || `${operation} answered 403` });
        case 'bad_request':
        case 'not_found':
        case 'conflict':
          if (call.handles?.includes(outcome)) {
            return { outcome, status: res.status, twitchMessage: twitchErrorMessage(res.body) };
          }
          throw this.#apiError(call, res);
        case 'server_error':
        case 'client_error':
        case 'unexpected':
          throw this.#apiError(call, res);
        default:
          return unreachable(outcome);
      }
    }
  }

  /** Takes a rate-limit point, reads the current token (R27) and sends. */
  async #send<S extends z.ZodType>(
    call: HelixCall<S>,
    operation: string,
    signal: AbortSignal,
  ): Promise<{ res: HttpResponse; token: string }> {
    const { http, tokens, apiUrl } = this.#options;
    await this.rateLimit.acquire(signal);
    let res: HttpResponse | undefined;
    try {
      const token = await tokens.accessToken(signal);
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        'client-id': tokens.clientId,
        accept: 'application/json',
      };
      if (call.json !== undefined) headers['content-type'] = 'application/json';
      const query = call.query?.toString();
      res = await http.send({
        method: call.method,
        url: `${apiUrl}${call.path}${query ? `?${query}` : ''}`,
        operation,
        headers,
        body: call.json === undefined ? undefined : JSON.stringify(call.json),
        signal,
      });
      return { res, token };
    } finally {
      this.rateLimit.release(res);
    }
  }

  #apiError(call: { method: string; path: string }, res: HttpResponse, retryAt?: number): TwitchApiError {
    return new TwitchApiError(res.status, call.method, call.path, twitchErrorMessage(res.body), retryAt);
  }
}

function unreachable(value: never): never {
  throw new Error(`unhandled status outcome ${String(value)}`);
}
