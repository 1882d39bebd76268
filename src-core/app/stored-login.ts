import { randomUUID } from 'node:crypto';
import { sealTokens } from '../store/account-secrets.js';
import { buildAccount } from '../store/schema.js';
import type { SecretBox } from '../store/secret-box.js';
import type { StateStore } from '../store/state-store.js';
import type { LoggedIn } from './login-flows.js';

/**
 * Stores a finished device login, on disk before it returns: a Twitch user we know (by id,
 * or by login for an account imported without one) gets the new tokens and client id,
 * anyone else becomes a new account watching their own channel and, since the login
 * asked for `user:read:follows`, every channel it follows while that one is live (issue 18).
 * An account logging in again keeps its own choice.
 */
export async function saveLogin(store: StateStore, box: SecretBox, now: number, { clientId, identity, grant }: LoggedIn): Promise<{ accountId: string; login: string }> {
  // Sealed first (a keyring call), so the store update itself stays one synchronous step.
  const tokens = await sealTokens(box, grant);
  let accountId = '';
  await store.persistNow((draft) => {
    const existing =
      draft.accounts.find((a) => a.userId === identity.userId) ??
      draft.accounts.find((a) => !a.userId && a.login === identity.login);
    if (existing) {
      accountId = existing.id;
      existing.userId = identity.userId;
      existing.login = identity.login;
      existing.clientId = clientId;
      delete existing.clientSecret;
      existing.tokens = tokens;
      return;
    }
    accountId = randomUUID();
    draft.accounts.push(
      buildAccount({
        id: accountId,
        userId: identity.userId,
        login: identity.login,
        clientId,
        tokens,
        channels: [{ login: identity.login, enabled: true }],
        followLive: { enabled: true },
        addedAt: now,
      }),
    );
  });
  return { accountId, login: identity.login };
}
