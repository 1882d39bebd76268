import type { OAuthClient } from '../twitch/auth/oauth-client.js';
import type { TokenSet } from '../twitch/auth/token-set.js';
import type { OAuthPort, TokenGrant } from './oauth-port.js';

/** Access tokens last about 4 hours; when Twitch omits expires_in, assume the short end. */
const ASSUMED_LIFETIME_MS = 60 * 60_000;

export function grantFromTokenSet(tokens: TokenSet, now: number): TokenGrant {
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: tokens.expiresAt ?? now + ASSUMED_LIFETIME_MS,
    scopes: [...tokens.scopes],
  };
}

/** The token supervisor's view of one account's OAuth client (which holds client id and secret). */
export function oauthPortFor(client: OAuthClient, now: () => number): OAuthPort {
  return {
    async refresh({ refreshToken }, signal) {
      return grantFromTokenSet(await client.refresh(refreshToken, signal), now());
    },
    async validate({ accessToken }, signal) {
      const result = await client.validate(accessToken, signal ? { signal } : {});
      if (!result.valid) return { kind: 'invalid' };
      const { info } = result;
      return {
        kind: 'valid',
        identity: {
          clientId: info.clientId,
          userId: info.userId,
          login: info.login,
          scopes: [...info.scopes],
          expiresAt: now() + info.expiresInSec * 1000,
        },
      };
    },
    async revoke({ accessToken }, signal) {
      await client.revoke(accessToken, signal);
    },
  };
}
