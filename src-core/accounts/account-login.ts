import { isAbortError } from '../runtime/abort.js';
import type { Clock } from '../runtime/clock.js';
import { describeError } from '../runtime/errors.js';
import type { Logger, SecretRegistry } from '../runtime/logger.js';
import { openAccountSecrets, sealTokens } from '../store/account-secrets.js';
import type { DeepReadonly } from '../store/deep-freeze.js';
import type { PersistedAccount } from '../store/schema.js';
import { UndecryptableError, type SecretBox } from '../store/secret-box.js';
import type { StateStore } from '../store/state-store.js';
import { oauthPortFor } from '../tokens/oauth-adapter.js';
import type { TokenIdentity } from '../tokens/oauth-port.js';
import { TokenSupervisor } from '../tokens/token-supervisor.js';
import { OAuthClient } from '../twitch/auth/oauth-client.js';
import type { TwitchEndpoints } from '../twitch/endpoints.js';
import { AuthError } from '../twitch/errors.js';
import { HelixClient } from '../twitch/helix/helix-client.js';
import type { HttpClient } from '../twitch/http/http-client.js';
import { reasonForFailure, type Reason } from './account-reasons.js';

/** What an account's login needs from the app. */
export interface LoginEnvironment {
  accountId: string;
  store: StateStore;
  box: SecretBox;
  endpoints: TwitchEndpoints;
  http: HttpClient;
  clock: Clock;
  log: Logger;
  secrets: SecretRegistry;
  /** The account's signal: aborting it stops the token supervisor and every Helix call. */
  signal: AbortSignal;
  random?: () => number;
}

export interface LoginEvents {
  /** Twitch confirmed the token: who it belongs to. */
  onIdentity(identity: TokenIdentity): void;
  /** The login is dead (refresh refused, revoked, scope missing): a new device login is needed. */
  onDead(error: AuthError): void;
  /** Twitch could not be reached to check the login; another attempt is due at `nextAttemptAt`. */
  onTrouble(reason: Reason, nextAttemptAt: number): void;
  onRecovered(): void;
}

/** A working login: the token supervisor, the OAuth client (for revoking) and Helix on that token. */
export interface AccountLogin {
  supervisor: TokenSupervisor;
  oauth: OAuthClient;
  helix: HelixClient;
}

/**
 * Opens an account's stored login: its tokens decrypted (asynchronously: a keyring call on
 * the desktop) into a token supervisor that validates, refreshes and persists them, and a
 * Helix client reading the current token. Returns the reason instead when there is no
 * usable login, and nothing when `stillWanted` says the account stopped meanwhile.
 */
export async function openAccountLogin(
  env: LoginEnvironment,
  account: DeepReadonly<PersistedAccount>,
  events: LoginEvents,
  stillWanted: () => boolean,
): Promise<{ ok: true; login: AccountLogin } | { ok: false; problem: Reason } | undefined> {
  if (!account.tokens) return { ok: false, problem: { code: 'login_required' } };
  let opened: Awaited<ReturnType<typeof openAccountSecrets>>;
  try {
    opened = await openAccountSecrets(env.box, account);
  } catch (error) {
    // Not an undecryptable secret (that is a result) but a failure nobody described: visible, with its stack (R19).
    env.log.error('account.secrets_failed', `Reading the saved login failed: ${describeError(error)}`, { error });
    opened = { ok: false, error: new UndecryptableError(account.tokens.refreshToken.scheme, 'decryption_failed', { cause: error }) };
  }
  if (!stillWanted()) return undefined;
  if (!opened.ok) return { ok: false, problem: { code: 'login_unreadable', detail: opened.error.message } };
  if (!opened.secrets.tokens) return { ok: false, problem: { code: 'login_required' } };
  const { clock, store, box, http, endpoints, secrets, signal, log } = env;
  const clientSecret = opened.secrets.clientSecret;
  const oauth = new OAuthClient({ http, endpoints, clientId: account.clientId, clientSecret, clock, logger: log });
  const supervisor = new TokenSupervisor({
    clientId: account.clientId,
    ...(clientSecret ? { clientSecret } : {}),
    initial: opened.secrets.tokens,
    oauth: oauthPortFor(oauth, () => clock.now()),
    clock,
    logger: log,
    secrets,
    signal,
    ...(env.random ? { random: env.random } : {}),
    persist: async (grant) => {
      // Sealed, then on disk, before the supervisor hands the new tokens out (R32).
      const tokens = await sealTokens(box, grant);
      await store.persistNow((draft) => {
        const target = draft.accounts.find((a) => a.id === env.accountId);
        if (target) target.tokens = tokens;
      });
    },
    onIdentity: (identity) => events.onIdentity(identity),
    onInvalid: (error) => events.onDead(error),
    onTransientFailure: (error, nextAttemptAt) => events.onTrouble(reasonForFailure(error), nextAttemptAt),
    onRecovered: () => events.onRecovered(),
  });
  const helix = new HelixClient({ endpoints, tokens: supervisor, clock, logger: log, signal, http });
  supervisor.start().catch((error: unknown) => {
    // AuthError and transient failures arrive through the callbacks; a bug must not vanish (R19).
    if (!(error instanceof AuthError) && !isAbortError(error) && error instanceof TypeError) {
      log.error('account.boot_failed', `Starting the account failed: ${describeError(error)}`, { error });
    }
  });
  return { ok: true, login: { supervisor, oauth, helix } };
}

/** For removal: revokes the login at Twitch while it still works. Never throws (logged). */
export async function revokeLogin(login: AccountLogin | undefined, log: Logger, signal: AbortSignal): Promise<void> {
  try {
    if (login?.supervisor.status === 'valid') {
      await login.oauth.revoke(await login.supervisor.accessToken(signal), signal);
    }
  } catch (error) {
    log.warn('account.revoke_failed', `Revoking the login failed: ${describeError(error)}`, { operation: 'remove' });
  }
}
