import { ColorChangerError } from '../runtime/errors.js';

/** Twitch answered with a status we did not expect to succeed. Never carries a token. */
export class TwitchApiError extends ColorChangerError {
  readonly code = 'twitch_api';
  constructor(
    readonly status: number,
    readonly method: string,
    /** Path without the query string (queries can carry ids we'd rather not log twice). */
    readonly path: string,
    /** Twitch's own `message` field, if any. */
    readonly twitchMessage: string,
    /** For 429: epoch ms when the rate-limit bucket is full again, if Twitch said. */
    readonly retryAt?: number,
  ) {
    super(`Twitch answered ${status} to ${method} ${path}${twitchMessage ? `: ${twitchMessage}` : ''}`);
  }
}

export type AuthErrorReason =
  | 'invalid_refresh_token'
  | 'invalid_token'
  | 'missing_scope'
  | 'client_mismatch'
  | 'missing_client_secret'
  | 'authorization_revoked'
  | 'undecryptable';

const AUTH_MESSAGES: Record<AuthErrorReason, string> = {
  invalid_refresh_token: 'Twitch no longer accepts this login (it expired or was revoked); log in again',
  invalid_token: 'Twitch refused the access token; log in again',
  missing_scope: 'The login lacks a permission this app needs; log in again to grant it',
  client_mismatch: 'The login belongs to a different Twitch application; log in again with this client ID',
  missing_client_secret: 'This Twitch application is "Confidential"; set TWITCH_CLIENT_SECRET or register a Public client and log in again',
  authorization_revoked: 'The app was disconnected from this Twitch account; log in again',
  undecryptable: 'The saved login cannot be decrypted on this computer; log in again',
};

/**
 * The HTTP status Twitch answered, also when a retry wrapper (RetryExhaustedError) carries
 * the answer as its cause: every failure is logged with its status (R30).
 */
export function twitchStatusOf(error: unknown): number | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth += 1) {
    if (e instanceof TwitchApiError) return e.status;
  }
  return undefined;
}

/** The login is dead: refreshing will not help, the user must log in again. */
export class AuthError extends ColorChangerError {
  readonly code = 'auth';
  constructor(
    readonly reason: AuthErrorReason,
    options?: { cause?: unknown; detail?: string },
  ) {
    super(options?.detail ? `${AUTH_MESSAGES[reason]} (${options.detail})` : AUTH_MESSAGES[reason], options);
  }
}

/** The connection failed before Twitch answered (DNS, refused, reset, TLS). */
export class NetworkError extends ColorChangerError {
  readonly code = 'network';
  constructor(
    readonly operation: string,
    options?: { cause?: unknown },
  ) {
    super(`Could not reach Twitch for ${operation}; check your network connection`, options);
  }
}

/** PUT /chat/color refused a hex color with 400: the user has neither Turbo nor Prime. */
export class HexColorRejectedError extends ColorChangerError {
  readonly code = 'hex_rejected';
  constructor(readonly color: string) {
    super(`Twitch refused ${color}: hex colors need Turbo or Prime; named colors still work`);
  }
}

/** The device-code login ended without a token. A new login can start at once (R21). */
export class DeviceLoginError extends ColorChangerError {
  readonly code = 'device_login';
  constructor(
    readonly reason: 'expired' | 'denied' | 'cancelled' | 'invalid_client',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Creating an EventSub subscription failed with 400 because its WebSocket session no longer
 * exists (G8). Retrying on that session cannot work: the EventSub client reconnects fresh.
 */
export class EventSubSessionGoneError extends ColorChangerError {
  readonly code = 'eventsub_session_gone';
  constructor(
    readonly sessionId: string,
    /** Twitch's own `message` field. */
    readonly twitchMessage: string,
  ) {
    super(`The EventSub session ended before the subscription was created (${twitchMessage || 'session does not exist'}); reconnecting`);
  }
}

/**
 * Twitch refused to create one channel's subscription for a reason a quick retry cannot fix:
 * - `user_missing`: 400 "a user in the condition does not exist" (the channel's owner is gone);
 * - `banned`: 403 saying our user is banned in that chat (wording (unverified), see TWITCH.md §8);
 * - `forbidden`: any other 403 for this one channel (the token's scopes are checked hourly apart).
 */
export class SubscriptionRefusedError extends ColorChangerError {
  readonly code = 'subscription_refused';
  constructor(
    readonly reason: 'user_missing' | 'banned' | 'forbidden',
    readonly status: number,
    /** Twitch's own `message` field. */
    readonly twitchMessage: string,
  ) {
    super(`Twitch refused the chat subscription (${status}${twitchMessage ? `: ${twitchMessage}` : ''})`);
  }
}
