import type { DeepReadonly } from './deep-freeze.js';
import type { PersistedAccount, StoredTokens } from './schema.js';
import { UndecryptableError, type SealedSecret, type SecretBox } from './secret-box.js';

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

export function sealTokens(box: SecretBox, tokens: PlainTokens): StoredTokens {
  return {
    accessToken: box.seal(tokens.accessToken),
    refreshToken: box.seal(tokens.refreshToken),
    expiresAt: tokens.expiresAt,
    scopes: [...tokens.scopes],
  };
}

/** Throws UndecryptableError when this process cannot read them. */
export function openTokens(box: SecretBox, stored: DeepReadonly<StoredTokens>): PlainTokens {
  return {
    accessToken: box.open(stored.accessToken),
    refreshToken: box.open(stored.refreshToken),
    expiresAt: stored.expiresAt,
    scopes: [...stored.scopes],
  };
}

/**
 * Opens everything an account runtime needs. A secret this process cannot read is a
 * result, not a throw: the account goes to `needs_login` with the error's message.
 */
export function openAccountSecrets(box: SecretBox, account: ReadonlyAccount): OpenSecretsResult {
  try {
    const secrets: AccountSecrets = {};
    if (account.clientSecret) secrets.clientSecret = box.open(account.clientSecret);
    if (account.tokens) secrets.tokens = openTokens(box, account.tokens);
    return { ok: true, secrets };
  } catch (error) {
    if (error instanceof UndecryptableError) return { ok: false, error };
    throw error;
  }
}

/**
 * Re-seals secrets stored under another scheme this box can still read (e.g. plain ones
 * written headless, now opened by the app with safeStorage). Mutates a draft; returns
 * whether anything changed. Secrets it cannot read are left alone.
 */
export function resealAccountSecrets(box: SecretBox, draft: PersistedAccount): boolean {
  let changed = false;
  const reseal = (sealed: SealedSecret): SealedSecret => {
    if (sealed.scheme === box.scheme || !box.canOpen(sealed)) return sealed;
    try {
      const next = box.seal(box.open(sealed));
      changed = true;
      return next;
    } catch (error) {
      if (error instanceof UndecryptableError) return sealed;
      throw error;
    }
  };
  if (draft.clientSecret) draft.clientSecret = reseal(draft.clientSecret);
  if (draft.tokens) {
    draft.tokens.accessToken = reseal(draft.tokens.accessToken);
    draft.tokens.refreshToken = reseal(draft.tokens.refreshToken);
  }
  return changed;
}
