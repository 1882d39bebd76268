/**
 * How every Twitch call gets its user token. The token supervisor (src-core/tokens/)
 * implements it; Helix and EventSub only consume it. There is one source of truth for the
 * current token and callers read it at call time, never caching it (R27).
 */
export interface TokenSource {
  /** The app's client ID the token was issued to; sent as `Client-Id`. */
  readonly clientId: string;
  /** The current access token. Waits for a refresh already in flight. */
  accessToken(signal?: AbortSignal): Promise<string>;
  /**
   * Called after Twitch refused `refused` with 401. Returns a fresh token: if a refresh
   * already happened since `refused` was handed out, that newer token at once; otherwise
   * the result of the one refresh in flight for the account (R03). Throws AuthError when
   * the login is dead (the account then needs a new login).
   */
  refreshAfterUnauthorized(refused: string, signal?: AbortSignal): Promise<string>;
}
