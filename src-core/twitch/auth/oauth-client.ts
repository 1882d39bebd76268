import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import type { TwitchEndpoints } from '../endpoints.js';
import { AuthError } from '../errors.js';
import type { HttpClient } from '../http/http-client.js';
import { startDeviceLogin, type DeviceLogin } from './device-login.js';
import { tokenWireSchema, validateWireSchema } from './oauth.wire.js';
import { oauthFailure, oauthMessage, oauthOperation, sendOAuth, type OAuthContext } from './oauth-transport.js';
import { REQUIRED_SCOPES, tokenSetFromWire, type TokenSet, type ValidateResult } from './token-set.js';

export interface OAuthClientOptions {
  http: HttpClient;
  endpoints: Pick<TwitchEndpoints, 'authUrl'>;
  clientId: string;
  /** Only for tokens imported from the old bot, whose Twitch apps were confidential. */
  clientSecret?: string | undefined;
  clock: Clock;
  logger: Logger;
}

/**
 * id.twitch.tv for one Twitch application: device login, refresh, validate, revoke.
 * Throws AuthError when a login is dead (a new device login is the only cure), and
 * TwitchApiError/NetworkError/TimeoutError otherwise; `isRetryLaterError` tells which of
 * those are worth retrying with the same token (5xx, 429, network, timeout).
 * Nothing here retries by itself: a refresh token is single-use, so only the token
 * supervisor, which persists the answer, may decide to send it again.
 */
export class OAuthClient {
  readonly clientId: string;
  readonly #secret: string | undefined;
  readonly #ctx: OAuthContext;

  constructor(options: OAuthClientOptions) {
    this.clientId = options.clientId;
    this.#secret = options.clientSecret || undefined;
    this.#ctx = {
      http: options.http,
      authUrl: options.endpoints.authUrl,
      clientId: options.clientId,
      clock: options.clock,
      logger: options.logger.child({ component: 'oauth' }),
    };
  }

  /** Starts a device-code login (public client: no secret is sent). */
  startDeviceLogin(options: { scopes?: readonly string[]; signal?: AbortSignal } = {}): Promise<DeviceLogin> {
    return startDeviceLogin(this.#ctx, options);
  }

  /**
   * POST /token with grant_type=refresh_token. Public clients send no secret. The returned
   * refresh token replaces the old one, which is spent from now on (G3).
   */
  async refresh(refreshToken: string, signal?: AbortSignal): Promise<TokenSet> {
    const call = { method: 'POST', path: '/token', signal } as const;
    const form: Record<string, string> = { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: this.clientId };
    if (this.#secret) form.client_secret = this.#secret;
    const res = await sendOAuth(this.#ctx, { ...call, form });
    if (res.status === 200) {
      return tokenSetFromWire(this.#ctx.http.parse(tokenWireSchema, res, oauthOperation(call)), this.#ctx.clock.now());
    }
    const message = oauthMessage(res);
    if (res.status === 400 && message === 'invalid refresh token') throw new AuthError('invalid_refresh_token');
    if (res.status === 400 && message === 'missing client secret') throw new AuthError('missing_client_secret');
    if ((res.status === 400 || res.status === 403) && message.includes('client')) {
      throw new AuthError('client_mismatch', { detail: message });
    }
    throw oauthFailure(this.#ctx, res, call);
  }

  /**
   * GET /validate. `{ valid: false }` on 401 (refresh, or log in again if that fails).
   * Throws AuthError `client_mismatch` when the token belongs to another app,
   * `missing_scope` when a required scope is missing, `invalid_token` for an app token.
   */
  async validate(
    accessToken: string,
    options: { requiredScopes?: readonly string[]; signal?: AbortSignal } = {},
  ): Promise<ValidateResult> {
    const call = { method: 'GET', path: '/validate', signal: options.signal } as const;
    const res = await sendOAuth(this.#ctx, { ...call, headers: { authorization: `OAuth ${accessToken}` } });
    if (res.status === 401) return { valid: false };
    if (res.status !== 200) throw oauthFailure(this.#ctx, res, call);
    const wire = this.#ctx.http.parse(validateWireSchema, res, oauthOperation(call));
    if (wire.client_id !== this.clientId) throw new AuthError('client_mismatch');
    if (!wire.user_id || !wire.login) throw new AuthError('invalid_token', { detail: 'not a user token' });
    const missing = (options.requiredScopes ?? REQUIRED_SCOPES).filter((scope) => !wire.scopes.includes(scope));
    if (missing.length > 0) throw new AuthError('missing_scope', { detail: `missing ${missing.join(', ')}` });
    return {
      valid: true,
      info: { clientId: wire.client_id, login: wire.login, userId: wire.user_id, scopes: wire.scopes, expiresInSec: wire.expires_in },
    };
  }

  /** POST /revoke. A 400 "Invalid token" means it is already dead, which is what we wanted. */
  async revoke(accessToken: string, signal?: AbortSignal): Promise<void> {
    const call = { method: 'POST', path: '/revoke', signal } as const;
    const res = await sendOAuth(this.#ctx, { ...call, form: { client_id: this.clientId, token: accessToken } });
    if (res.status === 200) return;
    if (res.status === 400 && oauthMessage(res) === 'invalid token') return;
    throw oauthFailure(this.#ctx, res, call);
  }
}
