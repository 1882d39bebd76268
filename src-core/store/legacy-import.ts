import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ColorChangerError, describeError } from '../runtime/errors.js';
import { sealTokens } from './account-secrets.js';
import { normalizeChannelList, normalizeChannelName } from './channel-name.js';
import { legacyConfigWireSchema, legacyUserWireSchema, toLegacyUser, type LegacyUser } from './legacy-config.wire.js';
import { buildAccount, type PersistedAccount, type PersistedState } from './schema.js';
import type { SecretBox } from './secret-box.js';

/**
 * Imports the old Python bot's accounts into a state draft. Accounts get our internal id;
 * the Twitch user id is filled at the first token validation. An account already present
 * (same login) is updated, never duplicated. Tokens are imported with an unknown expiry
 * (0), so the token supervisor validates them at once.
 */
export interface LegacyImportDeps {
  box: SecretBox;
  now: number;
  newId?: () => string;
}

export interface LegacyImportReport {
  imported: Array<{ login: string; accountId: string }>;
  updated: Array<{ login: string; accountId: string }>;
  /** `entry` is the index in the file's `users` list. */
  skipped: Array<{ entry: number; login?: string; reason: string }>;
  /** Imported, with something the user should know (dropped channels, no usable login). */
  warnings: Array<{ login: string; message: string }>;
}

/** The file as a whole cannot be imported; nothing was changed. */
export class LegacyImportError extends ColorChangerError {
  readonly code = 'legacy_import_failed';
}

/** Reads and parses the file; throws LegacyImportError with a message for the user. */
export function readLegacyConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new LegacyImportError(`Cannot read ${path}: ${describeError(error)}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LegacyImportError(`${path} is not valid JSON, so it is not a twitch_colorchanger.conf file`, { cause: error });
  }
}

/** Applies the old file to `draft` (use inside `StateStore.update`). Throws LegacyImportError if the file is not one. */
export function applyLegacyImport(draft: PersistedState, raw: unknown, deps: LegacyImportDeps): LegacyImportReport {
  const file = legacyConfigWireSchema.safeParse(raw);
  if (!file.success) {
    throw new LegacyImportError('This is not a twitch_colorchanger.conf file: it has no "users" list');
  }
  const report: LegacyImportReport = { imported: [], updated: [], skipped: [], warnings: [] };
  const seen = new Set<string>();
  file.data.users.forEach((entry, index) => {
    const parsed = legacyUserWireSchema.safeParse(entry);
    if (!parsed.success) {
      const username = typeof (entry as { username?: unknown } | null)?.username === 'string' ? (entry as { username: string }).username : undefined;
      const reason = `not a valid user entry (${z.prettifyError(parsed.error).replace(/\s*\n\s*/g, ' ')})`;
      report.skipped.push({ entry: index, ...(username ? { login: username } : {}), reason });
      return;
    }
    const user = toLegacyUser(parsed.data);
    const name = normalizeChannelName(user.username);
    if (!name.ok) {
      report.skipped.push({ entry: index, login: user.username, reason: name.message });
      return;
    }
    const login = name.login;
    if (seen.has(login)) {
      report.skipped.push({ entry: index, login, reason: 'the same login appears earlier in the file' });
      return;
    }
    seen.add(login);
    if (!user.clientId) {
      report.skipped.push({ entry: index, login, reason: 'no client_id; add this account with a device login instead' });
      return;
    }
    importUser(draft, { ...user, clientId: user.clientId }, login, deps, report);
  });
  return report;
}

function importUser(
  draft: PersistedState,
  user: LegacyUser & { clientId: string },
  login: string,
  deps: LegacyImportDeps,
  report: LegacyImportReport,
): void {
  const warn = (message: string): void => void report.warnings.push({ login, message });
  const channels = normalizeChannelList(user.channels ?? [login]);
  for (const bad of channels.invalid) warn(`channel dropped: ${bad.message}`);
  const tokens =
    user.accessToken && user.refreshToken
      ? sealTokens(deps.box, {
          // The old bot kept IRC-style tokens; Helix wants them bare.
          accessToken: user.accessToken.replace(/^oauth:/i, ''),
          refreshToken: user.refreshToken,
          expiresAt: 0,
          scopes: [],
        })
      : undefined;
  const clientSecret = user.clientSecret ? deps.box.seal(user.clientSecret) : undefined;
  const prime = user.primeOrTurbo === undefined ? undefined : user.primeOrTurbo ? ('yes' as const) : ('no' as const);

  const existing = draft.accounts.find((account) => account.login.toLowerCase() === login);
  if (!existing) {
    const account = buildAccount({
      id: (deps.newId ?? randomUUID)(),
      login,
      clientId: user.clientId,
      ...(clientSecret ? { clientSecret } : {}),
      ...(tokens ? { tokens } : {}),
      enabled: user.enabled ?? true,
      channels: channels.logins.map((channel) => ({ login: channel, enabled: true })),
      ...(prime ? { prime } : {}),
      addedAt: deps.now,
    });
    draft.accounts.push(account);
    report.imported.push({ login, accountId: account.id });
    if (!tokens) warn('the file holds no complete login (access and refresh token); log in again');
    return;
  }
  updateAccount(existing, { clientId: user.clientId, clientSecret, tokens, prime, enabled: user.enabled, channels: channels.logins });
  report.updated.push({ login, accountId: existing.id });
  if (!tokens) warn('the file holds no complete login, so the saved login was kept');
}

/**
 * Credentials are replaced as a set, and only when the file has a complete login: a client
 * id without its tokens is of no use, and tokens only refresh with the client that issued them.
 * Channels are merged, keeping the toggles and ids already known.
 */
function updateAccount(
  account: PersistedAccount,
  from: Pick<PersistedAccount, 'clientId' | 'clientSecret' | 'tokens'> & {
    prime: PersistedAccount['prime'] | undefined;
    enabled: boolean | undefined;
    channels: string[];
  },
): void {
  if (from.tokens) {
    account.clientId = from.clientId;
    account.tokens = from.tokens;
    if (from.clientSecret) account.clientSecret = from.clientSecret;
    else delete account.clientSecret;
  }
  if (from.prime) account.prime = from.prime;
  if (from.enabled !== undefined) account.enabled = from.enabled;
  const known = new Set(account.channels.map((channel) => channel.login));
  for (const login of from.channels) {
    if (!known.has(login)) account.channels.push({ login, enabled: true });
  }
}
