/**
 * What the token supervisor needs from Twitch's OAuth endpoints. The OAuth client in
 * src-core/twitch/auth/ implements it (see oauth-adapter.ts); tests use a fake.
 */
export interface TokenGrant {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms at which the access token expires. */
  expiresAt: number;
  scopes: string[];
}

export interface TokenIdentity {
  clientId: string;
  userId: string;
  login: string;
  scopes: string[];
  /** Epoch ms at which the access token expires, as Twitch reports it. */
  expiresAt: number;
}

export type ValidateOutcome = { kind: 'valid'; identity: TokenIdentity } | { kind: 'invalid' };

export interface OAuthPort {
  /**
   * Trades a refresh token for new tokens. Throws AuthError when the login is dead
   * (invalid refresh token, missing client secret); anything else is transient.
   */
  refresh(input: { clientId: string; clientSecret?: string; refreshToken: string }, signal?: AbortSignal): Promise<TokenGrant>;
  /**
   * Validates an access token. 'invalid' when Twitch answers 401; throws AuthError when the
   * token belongs to another client or lacks a scope we need; transient errors throw.
   */
  validate(input: { clientId: string; accessToken: string }, signal?: AbortSignal): Promise<ValidateOutcome>;
  revoke(input: { clientId: string; accessToken: string }, signal?: AbortSignal): Promise<void>;
}
