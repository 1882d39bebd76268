import type { TokenWire } from './oauth.wire.js';

/** The scopes this app cannot work without: a token lacking one needs a new login. */
export const REQUIRED_SCOPES = Object.freeze(['user:read:chat', 'user:manage:chat_color'] as const);

/**
 * Get Followed Streams (test/fake-twitch/FOLLOWED-STREAMS.md). Only "Live channels I
 * follow" needs it: logins from before issue 18 lack it and keep working without it.
 */
export const FOLLOWS_SCOPE = 'user:read:follows';

/** What a device login asks for from now on: the required scopes and the optional one. */
export const REQUESTED_SCOPES = Object.freeze([...REQUIRED_SCOPES, FOLLOWS_SCOPE] as const);

export interface TokenSetInit {
  accessToken: string;
  refreshToken: string;
  scopes: readonly string[];
  /** Epoch ms when the access token expires, if Twitch said. */
  expiresAt: number | undefined;
}

/**
 * An access/refresh token pair from a device login or a refresh. The tokens live in
 * #private fields behind getters, so neither util.inspect nor JSON.stringify of a
 * TokenSet (or of anything holding one) can print them.
 */
export class TokenSet {
  readonly #accessToken: string;
  readonly #refreshToken: string;
  readonly scopes: readonly string[];
  readonly expiresAt: number | undefined;

  constructor(init: TokenSetInit) {
    this.#accessToken = init.accessToken;
    this.#refreshToken = init.refreshToken;
    this.scopes = Object.freeze([...init.scopes]);
    this.expiresAt = init.expiresAt;
  }

  get accessToken(): string {
    return this.#accessToken;
  }

  /** Single-use for public clients: persist the new one before relying on it (G3). */
  get refreshToken(): string {
    return this.#refreshToken;
  }

  toJSON(): { scopes: readonly string[]; expiresAt: number | undefined } {
    return { scopes: this.scopes, expiresAt: this.expiresAt };
  }
}

/** Domain view of GET /validate. */
export interface TokenInfo {
  clientId: string;
  login: string;
  userId: string;
  scopes: readonly string[];
  /** Seconds the access token has left. */
  expiresInSec: number;
}

/** Result of validating: the token's facts, or Twitch's 401 (refresh, or log in again). */
export type ValidateResult = { valid: true; info: TokenInfo } | { valid: false };

/** Maps a token answer (device or refresh grant); `receivedAt` (epoch ms) anchors expires_in. */
export function tokenSetFromWire(wire: TokenWire, receivedAt: number): TokenSet {
  return new TokenSet({
    accessToken: wire.access_token,
    refreshToken: wire.refresh_token,
    scopes: wire.scope,
    expiresAt: wire.expires_in === undefined ? undefined : receivedAt + wire.expires_in * 1000,
  });
}
