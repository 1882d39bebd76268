import type { DeepReadonly } from './deep-freeze.js';
import type { PersistedAccount, StoredTokens } from './schema.js';
import { UndecryptableError, type SecretBox } from './secret-box.js';

/**
 * Sealing and opening an account's secrets. Plaintext exists only in the values these
 * return, held by the token supervisor; the store and its snapshots keep sealed secrets.
 */
export interface PlainTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
  scopes: string[];
}

export interface AccountSecrets {
  clientSecret?: string;
  tokens?: PlainTokens;
}

export type OpenSecretsResult = { ok: true; secrets: AccountSecrets } | { ok: false; error: UndecryptableError };

type ReadonlyAccount = DeepReadonly<PersistedAccount>;

/** Seals both tokens (concurrently: each may be a keyring call). */
export async function sealTokens(box: SecretBox, tokens: PlainTokens): Promise<StoredTokens> {
  const [accessToken, refreshToken] = await Promise.all([box.seal(tokens.accessToken), box.seal(tokens.refreshToken)]);
  return { accessToken, refreshToken, expiresAt: tokens.expiresAt, scopes: [...tokens.scopes] };
}

/** Rejects with UndecryptableError when this process cannot read them. */
export async function openTokens(box: SecretBox, stored: DeepReadonly<StoredTokens>): Promise<PlainTokens> {
  const [accessToken, refreshToken] = await Promise.all([box.open(stored.accessToken), box.open(stored.refreshToken)]);
  return { accessToken, refreshToken, expiresAt: stored.expiresAt, scopes: [...stored.scopes] };
}

/**
 * Opens everything an account runtime needs. A secret this process cannot read is a
 * result, not a throw: the account goes to `needs_login` with the error's message.
 */
export async function openAccountSecrets(box: SecretBox, account: ReadonlyAccount): Promise<OpenSecretsResult> {
  try {
    const secrets: AccountSecrets = {};
    if (account.clientSecret) secrets.clientSecret = await box.open(account.clientSecret);
    if (account.tokens) secrets.tokens = await openTokens(box, account.tokens);
    return { ok: true, secrets };
  } catch (error) {
    if (error instanceof UndecryptableError) return { ok: false, error };
    throw error;
  }
}
