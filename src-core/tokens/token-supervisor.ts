import type { Clock, TimerHandle } from '../runtime/clock.js';
import { AbortedError, childController, isAbortError } from '../runtime/abort.js';
import { Backoff } from '../runtime/backoff.js';
import type { Logger, SecretRegistry } from '../runtime/logger.js';
import { describeError } from '../runtime/errors.js';
import { AuthError } from '../twitch/errors.js';
import type { TokenSource } from '../twitch/token-source.js';
import type { OAuthPort, TokenGrant, TokenIdentity } from './oauth-port.js';

export const REFRESH_MARGIN_MS = 10 * 60_000;
export const VALIDATE_INTERVAL_MS = 60 * 60_000;

export type TokenStatus = 'valid' | 'refreshing' | 'invalid' | 'stopped';

export interface TokenSupervisorOptions {
  clientId: string;
  clientSecret?: string;
  initial: TokenGrant;
  oauth: OAuthPort;
  clock: Clock;
  logger: Logger;
  /** The owner's signal (the account): aborting it stops the supervisor. */
  signal: AbortSignal;
  /** Tokens we hold are masked in every log line. */
  secrets?: SecretRegistry;
  /** Writes rotated tokens; resolves once they are on disk. Runs before a new token is used (R32). */
  persist(tokens: TokenGrant): Promise<void>;
  onIdentity?(identity: TokenIdentity): void;
  /** The login is dead: the account needs a new device login. Called once. */
  onInvalid(error: AuthError): void;
  /** A refresh or validation failed for a reason that may pass; another attempt is scheduled. */
  onTransientFailure?(error: unknown, nextAttemptAt: number): void;
  /** A refresh or validation succeeded after transient failures. */
  onRecovered?(): void;
  refreshMarginMs?: number;
  validateIntervalMs?: number;
  random?: () => number;
}

/**
 * Owns one account's tokens: validates at start and hourly (TWITCH.md G14), refreshes before
 * expiry and after 401s with exactly one refresh in flight (R03), persists a rotated refresh
 * token before anyone can use the new access token (R32), and is the single place every
 * caller reads the current token from (R27). It never calls into the store except through
 * `persist`, and the store never calls back, so there is no cycle to deadlock on (R04).
 */
export class TokenSupervisor implements TokenSource {
  readonly clientId: string;
  readonly #clientSecret: string | undefined;
  readonly #options: TokenSupervisorOptions;
  readonly #controller: AbortController;
  readonly #backoff: Backoff;
  #tokens: TokenGrant;
  #status: TokenStatus = 'valid';
  #invalidError: AuthError | undefined;
  #refreshing: Promise<string> | undefined;
  #validating: Promise<TokenIdentity> | undefined;
  #identity: TokenIdentity | undefined;
  #refreshTimer: TimerHandle | undefined;
  #validateTimer: TimerHandle | undefined;
  #failing = false;

  constructor(options: TokenSupervisorOptions) {
    this.clientId = options.clientId;
    this.#clientSecret = options.clientSecret;
    this.#options = options;
    this.#tokens = options.initial;
    this.#controller = childController(options.signal);
    this.#backoff = new Backoff({ random: options.random });
    this.#controller.signal.addEventListener('abort', () => this.#halt('stopped'), { once: true });
    this.#remember(options.initial);
  }

  get status(): TokenStatus {
    return this.#status;
  }

  get identity(): TokenIdentity | undefined {
    return this.#identity;
  }

  /**
   * Validates at start (refreshing once if Twitch says the token is invalid), then keeps the
   * refresh and validation schedule. A transient failure rejects, and retries on its own:
   * `onIdentity` reports the first success.
   */
  async start(): Promise<TokenIdentity> {
    return this.validateNow();
  }

  async accessToken(signal?: AbortSignal): Promise<string> {
    this.#throwIfUnusable();
    if (this.#refreshing) return raceAbort(this.#refreshing, signal);
    if (this.#options.clock.now() >= this.#tokens.expiresAt) return raceAbort(this.refresh(), signal);
    return this.#tokens.accessToken;
  }

  async refreshAfterUnauthorized(refused: string, signal?: AbortSignal): Promise<string> {
    this.#throwIfUnusable();
    if (this.#refreshing) return raceAbort(this.#refreshing, signal);
    // Someone already refreshed since `refused` was handed out: that newer token is the answer.
    if (refused !== this.#tokens.accessToken) return this.#tokens.accessToken;
    this.#options.logger.info('token.unauthorized', 'Twitch refused the access token; refreshing it');
    return raceAbort(this.refresh(), signal);
  }

  /** Refreshes now; every concurrent caller shares the one request (R03). */
  refresh(): Promise<string> {
    this.#throwIfUnusable();
    this.#refreshing ??= this.#runRefresh().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  /** Validates now; concurrent callers share one request and all settle (R01). */
  validateNow(): Promise<TokenIdentity> {
    this.#throwIfUnusable();
    this.#validating ??= this.#runValidate().finally(() => {
      this.#validating = undefined;
    });
    return this.#validating;
  }

  stop(): void {
    this.#controller.abort();
  }

  async #runRefresh(): Promise<string> {
    const previousStatus = this.#status;
    this.#status = 'refreshing';
    const { oauth, logger } = this.#options;
    try {
      const grant = await oauth.refresh(
        {
          clientId: this.clientId,
          ...(this.#clientSecret ? { clientSecret: this.#clientSecret } : {}),
          refreshToken: this.#tokens.refreshToken,
        },
        this.#controller.signal,
      );
      this.#throwIfStopped();
      this.#remember(grant);
      // The old refresh token is spent: the new one must be on disk before it is relied on.
      try {
        await this.#options.persist(grant);
      } catch (error) {
        // Memory now holds the only valid login; keep using it. The store retries its write.
        logger.error('token.persist_failed', `Saving the refreshed login failed: ${describeError(error)}`, { operation: 'refresh' });
      }
      if (this.#controller.signal.aborted) this.#forget(grant, this.#tokens);
      this.#throwIfStopped();
      const old = this.#tokens;
      this.#tokens = grant;
      this.#forget(old, grant);
      this.#status = 'valid';
      logger.info('token.refreshed', 'Access token refreshed', { expiresAt: new Date(grant.expiresAt).toISOString() });
      this.#succeeded();
      this.#scheduleRefresh();
      return grant.accessToken;
    } catch (error) {
      if (this.#status === 'refreshing') this.#status = previousStatus === 'refreshing' ? 'valid' : previousStatus;
      this.#failed('refresh', error, () => void this.refresh().catch(() => {}));
      throw error;
    }
  }

  async #runValidate(): Promise<TokenIdentity> {
    const { oauth, logger } = this.#options;
    try {
      let outcome = await oauth.validate({ clientId: this.clientId, accessToken: this.#tokens.accessToken }, this.#controller.signal);
      if (outcome.kind === 'invalid') {
        logger.info('token.validate_invalid', 'Twitch says the access token is no longer valid; refreshing it');
        await this.refresh();
        outcome = await oauth.validate({ clientId: this.clientId, accessToken: this.#tokens.accessToken }, this.#controller.signal);
        if (outcome.kind === 'invalid') throw new AuthError('invalid_token');
      }
      this.#throwIfStopped();
      this.#identity = outcome.identity;
      this.#options.onIdentity?.(outcome.identity);
      this.#succeeded();
      this.#scheduleValidate(this.#options.validateIntervalMs ?? VALIDATE_INTERVAL_MS);
      // Also after a validation that only succeeded on a retry: the refresh schedule starts here.
      if (!this.#refreshing) this.#scheduleRefresh();
      return outcome.identity;
    } catch (error) {
      this.#failed('validate', error, () => void this.validateNow().catch(() => {}));
      throw error;
    }
  }

  /** Sorts a failure into dead login, stop, or transient (retried with backoff). */
  #failed(operation: string, error: unknown, retry: () => void): void {
    if (this.#controller.signal.aborted || isAbortError(error)) return;
    if (error instanceof AuthError) {
      this.#markInvalid(error, operation);
      return;
    }
    const delay = this.#backoff.next();
    const nextAttemptAt = this.#options.clock.now() + delay;
    this.#failing = true;
    this.#options.logger.warn(`token.${operation}_failed`, `Token ${operation} failed, retrying: ${describeError(error)}`, {
      operation,
      nextAttemptAt: new Date(nextAttemptAt).toISOString(),
      attempt: this.#backoff.attempts,
    });
    this.#options.onTransientFailure?.(error, nextAttemptAt);
    const timer = this.#options.clock.setTimeout(retry, delay);
    if (operation === 'refresh') this.#replaceRefreshTimer(timer);
    else this.#replaceValidateTimer(timer);
  }

  #succeeded(): void {
    this.#backoff.reset();
    if (this.#failing) {
      this.#failing = false;
      this.#options.onRecovered?.();
    }
  }

  #markInvalid(error: AuthError, operation: string): void {
    if (this.#status === 'invalid') return;
    this.#invalidError = error;
    this.#options.logger.warn('token.invalid', error.message, { operation, reason: error.reason });
    this.#halt('invalid');
    this.#options.onInvalid(error);
  }

  #halt(status: 'invalid' | 'stopped'): void {
    if (this.#status !== 'invalid') this.#status = status;
    this.#refreshTimer?.cancel();
    this.#validateTimer?.cancel();
    this.#refreshTimer = undefined;
    this.#validateTimer = undefined;
    if (status === 'invalid') this.#controller.abort(this.#invalidError);
    // Nothing uses these tokens any more; masks of every stopped account piling up in the
    // app-wide registry would be a leak (R14).
    this.#options.secrets?.delete(this.#tokens.accessToken);
    this.#options.secrets?.delete(this.#tokens.refreshToken);
  }

  #scheduleRefresh(): void {
    if (this.#status === 'invalid' || this.#status === 'stopped') return;
    const margin = this.#options.refreshMarginMs ?? REFRESH_MARGIN_MS;
    const delay = Math.max(30_000, this.#tokens.expiresAt - margin - this.#options.clock.now());
    this.#replaceRefreshTimer(this.#options.clock.setTimeout(() => void this.refresh().catch(() => {}), delay));
  }

  #scheduleValidate(delay: number): void {
    if (this.#status === 'invalid' || this.#status === 'stopped') return;
    this.#replaceValidateTimer(this.#options.clock.setTimeout(() => void this.validateNow().catch(() => {}), delay));
  }

  #replaceRefreshTimer(timer: TimerHandle): void {
    this.#refreshTimer?.cancel();
    this.#refreshTimer = timer;
  }

  #replaceValidateTimer(timer: TimerHandle): void {
    this.#validateTimer?.cancel();
    this.#validateTimer = timer;
  }

  #remember(tokens: TokenGrant): void {
    this.#options.secrets?.add(tokens.accessToken);
    this.#options.secrets?.add(tokens.refreshToken);
  }

  #forget(old: TokenGrant, current: TokenGrant): void {
    // Old tokens stay masked for a while in logs would be nicer, but a registry that only
    // grows is a leak (R10); keep the masks of what is current only.
    if (old.accessToken !== current.accessToken) this.#options.secrets?.delete(old.accessToken);
    if (old.refreshToken !== current.refreshToken) this.#options.secrets?.delete(old.refreshToken);
  }

  #throwIfUnusable(): void {
    if (this.#status === 'invalid') throw this.#invalidError ?? new AuthError('invalid_token');
    this.#throwIfStopped();
  }

  #throwIfStopped(): void {
    if (this.#status === 'stopped' || this.#controller.signal.aborted) {
      if (this.#status === 'invalid') throw this.#invalidError ?? new AuthError('invalid_token');
      throw new AbortedError('The account was stopped');
    }
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new AbortedError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new AbortedError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
