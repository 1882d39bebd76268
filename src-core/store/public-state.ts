import type { DeepReadonly } from './deep-freeze.js';
import type { PersistedAccount, PersistedState } from './schema.js';
import type { SecretScheme } from './secret-box.js';

/**
 * The persisted state without any secret, for anything outside the core (IPC, the
 * WebSocket bridge, logs). Sealed secrets of the `plain` scheme are plaintext, so the
 * full snapshot must never leave the process (R34).
 */
export type PublicAccount = Omit<PersistedAccount, 'clientSecret' | 'tokens'> & {
  hasClientSecret: boolean;
  /** What is known about the stored login, without the tokens themselves. */
  tokens?: { expiresAt: number; scopes: string[]; scheme: SecretScheme };
};

export type PublicState = Omit<PersistedState, 'accounts'> & { accounts: PublicAccount[] };

export function toPublicAccount(account: DeepReadonly<PersistedAccount>): PublicAccount {
  const { clientSecret, tokens, ...rest } = structuredClone(account) as PersistedAccount;
  return {
    ...rest,
    hasClientSecret: clientSecret !== undefined,
    ...(tokens ? { tokens: { expiresAt: tokens.expiresAt, scopes: tokens.scopes, scheme: tokens.refreshToken.scheme } } : {}),
  };
}

export function toPublicState(state: DeepReadonly<PersistedState>): PublicState {
  return {
    version: state.version,
    settings: { ...state.settings },
    accounts: state.accounts.map(toPublicAccount),
  };
}
