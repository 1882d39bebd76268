import { isAbortError, sleep } from '../../runtime/abort.js';
import { DeviceLoginError } from '../errors.js';
import { isTransientError } from '../http/errors.js';
import { deviceStartWireSchema, tokenWireSchema } from './oauth.wire.js';
import { oauthFailure, oauthMessage, oauthOperation, sendOAuth, type OAuthContext } from './oauth-transport.js';
import { REQUESTED_SCOPES, tokenSetFromWire, type TokenSet } from './token-set.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** RFC 8628 §3.5: each slow_down adds 5 s to the polling interval. */
export const SLOW_DOWN_STEP_MS = 5_000;

/**
 * A device-code login in progress: what the user must see, and `poll` to wait for them.
 * The device code itself stays inside (it is a secret to the app).
 */
export interface DeviceLogin {
  /** The code the user confirms on Twitch (e.g. "ABCDEFGH"). */
  readonly userCode: string;
  /** Open as given: it already carries the code. */
  readonly verificationUri: string;
  /** Epoch ms after which the code is dead and a new login must start. */
  readonly expiresAt: number;
  /** Current gap between polls; grows by 5 s on each slow_down. */
  readonly intervalMs: number;
  /**
   * Polls until the user approves (TokenSet) or the login ends with DeviceLoginError:
   * `expired`, `denied`, `invalid_client`, or `cancelled` when `signal` aborts. After a
   * cancel, poll may be called again while the code lives; a call during a poll shares it.
   */
  poll(signal?: AbortSignal): Promise<TokenSet>;
}

/**
 * POST /device. Each login is independent: nothing is shared between them, so a failed,
 * expired or cancelled login never blocks the next one (R21).
 */
export async function startDeviceLogin(
  ctx: OAuthContext,
  options: { scopes?: readonly string[]; signal?: AbortSignal } = {},
): Promise<DeviceLogin> {
  const scopes = (options.scopes ?? REQUESTED_SCOPES).join(' ');
  const call = { method: 'POST', path: '/device', signal: options.signal } as const;
  const res = await sendOAuth(ctx, { ...call, form: { client_id: ctx.clientId, scopes } });
  if (res.status !== 200) {
    const message = oauthMessage(res);
    if (message.includes('client')) {
      throw new DeviceLoginError('invalid_client', `Twitch does not know this client ID (it answered “${message}”). Copy the Client ID again from your application at dev.twitch.tv/console/apps.`);
    }
    throw oauthFailure(ctx, res, call);
  }
  const wire = ctx.http.parse(deviceStartWireSchema, res, oauthOperation(call));
  ctx.logger.info('auth.device_login.started', 'Device login started; waiting for the user to confirm the code', {
    expiresInSec: wire.expires_in,
    intervalSec: wire.interval,
  });
  return new PendingDeviceLogin(ctx, scopes, wire.device_code, {
    userCode: wire.user_code,
    verificationUri: wire.verification_uri,
    expiresAt: ctx.clock.now() + wire.expires_in * 1000,
    // A zero interval would poll in a hot loop; Twitch documents 5 s.
    intervalMs: Math.max(1, wire.interval) * 1000,
  });
}

class PendingDeviceLogin implements DeviceLogin {
  readonly userCode: string;
  readonly verificationUri: string;
  readonly expiresAt: number;
  readonly #ctx: OAuthContext;
  readonly #scopes: string;
  readonly #deviceCode: string;
  #intervalMs: number;
  #polling: Promise<TokenSet> | undefined;

  constructor(
    ctx: OAuthContext,
    scopes: string,
    deviceCode: string,
    view: { userCode: string; verificationUri: string; expiresAt: number; intervalMs: number },
  ) {
    this.#ctx = ctx;
    this.#scopes = scopes;
    this.#deviceCode = deviceCode;
    this.userCode = view.userCode;
    this.verificationUri = view.verificationUri;
    this.expiresAt = view.expiresAt;
    this.#intervalMs = view.intervalMs;
  }

  get intervalMs(): number {
    return this.#intervalMs;
  }

  poll(signal?: AbortSignal): Promise<TokenSet> {
    if (this.#polling) return this.#polling;
    const polling = this.#run(signal).catch((error: unknown) => {
      // A cancelled poll leaves the code usable; any other ending is final.
      if (error instanceof DeviceLoginError && error.reason === 'cancelled') this.#polling = undefined;
      throw error;
    });
    this.#polling = polling;
    return polling;
  }

  async #run(signal: AbortSignal | undefined): Promise<TokenSet> {
    const { clock, logger } = this.#ctx;
    try {
      for (;;) {
        const now = clock.now();
        if (now + this.#intervalMs >= this.expiresAt) {
          // Never poll past expires_in (G2); the code dies at expiresAt, not earlier.
          await sleep(clock, this.expiresAt - now, signal);
          throw new DeviceLoginError('expired', 'The login code expired before it was confirmed; start a new login');
        }
        await sleep(clock, this.#intervalMs, signal);
        const tokens = await this.#pollOnce(signal);
        if (tokens) {
          logger.info('auth.device_login.completed', 'Device login confirmed by the user');
          return tokens;
        }
      }
    } catch (error) {
      if (isAbortError(error)) throw new DeviceLoginError('cancelled', 'The login was cancelled; start a new one when ready');
      if (error instanceof DeviceLoginError) logger.warn('auth.device_login.failed', error.message, { reason: error.reason });
      throw error;
    }
  }

  /** One POST /token: tokens, or undefined to keep polling. */
  async #pollOnce(signal: AbortSignal | undefined): Promise<TokenSet | undefined> {
    const { http, clientId, clock, logger } = this.#ctx;
    const call = { method: 'POST', path: '/token', signal } as const;
    const form = { client_id: clientId, scopes: this.#scopes, device_code: this.#deviceCode, grant_type: DEVICE_GRANT };
    let res;
    try {
      res = await sendOAuth(this.#ctx, { ...call, form });
    } catch (error) {
      if (!isTransientError(error)) throw error;
      // The code outlives a network blip; keep polling until it expires.
      logger.warn('auth.device_login.poll_failed', 'Polling for the device login failed; trying again', { error });
      return undefined;
    }
    if (res.status === 200) return tokenSetFromWire(http.parse(tokenWireSchema, res, oauthOperation(call)), clock.now());
    const message = oauthMessage(res);
    if (res.status === 429 || message === 'slow_down') {
      this.#intervalMs += SLOW_DOWN_STEP_MS;
      logger.info('auth.device_login.slow_down', 'Twitch asked to poll more slowly', { intervalMs: this.#intervalMs });
      return undefined;
    }
    if (res.status >= 500) {
      logger.warn('auth.device_login.poll_failed', 'Twitch failed to answer a device login poll; trying again', { status: res.status });
      return undefined;
    }
    switch (message) {
      case 'authorization_pending':
        return undefined;
      case 'invalid device code':
        // G2: seen while the user is still on the page, and the login succeeds later.
        logger.debug('auth.device_login.invalid_code', 'Twitch said "invalid device code"; treating it as pending until the code expires');
        return undefined;
      case 'access_denied':
        throw new DeviceLoginError('denied', 'The login was declined on Twitch; start a new login to try again');
      case 'expired_token':
        throw new DeviceLoginError('expired', 'The login code expired before it was confirmed; start a new login');
      default:
        if (message.includes('client')) {
          throw new DeviceLoginError('invalid_client', `Twitch does not know this client ID (it answered “${message}”). Copy the Client ID again from your application at dev.twitch.tv/console/apps.`);
        }
        throw oauthFailure(this.#ctx, res, call);
    }
  }
}
