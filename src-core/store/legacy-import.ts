import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ColorChangerError, describeError } from '../runtime/errors.js';
import { sealTokens } from './account-secrets.js';
import { normalizeChannelList, normalizeChannelName } from './channel-name.js';
import { legacyConfigWireSchema, legacyUserWireSchema, toLegacyUser, type LegacyUser } from './legacy-config.wire.js';
import { buildAccount, type PersistedAccount, type PersistedState, type StoredTokens } from './schema.js';
import type { SealedSecret, SecretBox } from './secret-box.js';

/**
 * Imports the old Python bot's accounts: `prepareLegacyImport` checks the file and seals
 * its secrets, `applyLegacyImport` merges the result into a state draft in one synchronous
 * step. Accounts get our internal id; the Twitch user id is filled at the first token
 * validation. An account already present (same login) is updated, never duplicated.
 * Tokens are imported with an unknown expiry (0), so the token supervisor validates them
 * at once.
 */
export interface LegacyImportDeps {
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

/** One entry of the file, checked and normalized, its secrets already sealed. */
interface PreparedUser {
  login: string;
  clientId: string;
  clientSecret: SealedSecret | undefined;
  tokens: StoredTokens | undefined;
  prime: PersistedAccount['prime'] | undefined;
  enabled: boolean | undefined;
  channels: string[];
  /** Messages about channels that were dropped. */
  droppedChannels: string[];
}

/** The file read and sealed, ready to be applied in one synchronous store update. */
export interface PreparedLegacyImport {
  users: PreparedUser[];
  skipped: LegacyImportReport['skipped'];
}

/**
 * Checks the old file entry by entry and seals its secrets with `box` (asynchronous: on
 * the desktop that is the keyring). Throws LegacyImportError if the file is not one.
 */
export async function prepareLegacyImport(raw: unknown, box: SecretBox): Promise<PreparedLegacyImport> {
  const file = legacyConfigWireSchema.safeParse(raw);
  if (!file.success) {
    throw new LegacyImportError('This is not a twitch_colorchanger.conf file: it has no "users" list');
  }
  const prepared: PreparedLegacyImport = { users: [], skipped: [] };
  const seen = new Set<string>();
  for (const [index, entry] of file.data.users.entries()) {
    const parsed = legacyUserWireSchema.safeParse(entry);
    if (!parsed.success) {
      const username = typeof (entry as { username?: unknown } | null)?.username === 'string' ? (entry as { username: string }).username : undefined;
      const reason = `not a valid user entry (${z.prettifyError(parsed.error).replace(/\s*\n\s*/g, ' ')})`;
      prepared.skipped.push({ entry: index, ...(username ? { login: username } : {}), reason });
      continue;
    }
    const user = toLegacyUser(parsed.data);
    const name = normalizeChannelName(user.username);
    if (!name.ok) {
      prepared.skipped.push({ entry: index, login: user.username, reason: name.message });
      continue;
    }
    const login = name.login;
    if (seen.has(login)) {
      prepared.skipped.push({ entry: index, login, reason: 'the same login appears earlier in the file' });
      continue;
    }
    seen.add(login);
    if (!user.clientId) {
      prepared.skipped.push({ entry: index, login, reason: 'no client_id; add this account with a device login instead' });
      continue;
    }
    prepared.users.push(await prepareUser({ ...user, clientId: user.clientId }, login, box));
  }
  return prepared;
}

async function prepareUser(user: LegacyUser & { clientId: string }, login: string, box: SecretBox): Promise<PreparedUser> {
  const channels = normalizeChannelList(user.channels ?? [login]);
  const tokens =
    user.accessToken && user.refreshToken
      ? await sealTokens(box, {
          // The old bot kept IRC-style tokens; Helix wants them bare.
          accessToken: user.accessToken.replace(/^oauth:/i, ''),
          refreshToken: user.refreshToken,
          expiresAt: 0,
          scopes: [],
        })
      : undefined;
  return {
    login,
    clientId: user.clientId,
    clientSecret: user.clientSecret ? await box.seal(user.clientSecret) : undefined,
    tokens,
    prime: user.primeOrTurbo === undefined ? undefined : user.primeOrTurbo ? 'yes' : 'no',
    enabled: user.enabled,
    channels: channels.logins,
    droppedChannels: channels.invalid.map((bad) => `channel dropped: ${bad.message}`),
  };
}

/** Applies a prepared file to `draft` (use inside a store update; synchronous). */
export function applyLegacyImport(draft: PersistedState, prepared: PreparedLegacyImport, deps: LegacyImportDeps): LegacyImportReport {
  const report: LegacyImportReport = { imported: [], updated: [], skipped: [...prepared.skipped], warnings: [] };
  for (const user of prepared.users) importUser(draft, user, deps, report);
  return report;
}

function importUser(draft: PersistedState, user: PreparedUser, deps: LegacyImportDeps, report: LegacyImportReport): void {
  const { login, clientSecret, tokens, prime } = user;
  const warn = (message: string): void => void report.warnings.push({ login, message });
  for (const message of user.droppedChannels) warn(message);

  const existing = draft.accounts.find((account) => account.login.toLowerCase() === login);
  if (!existing) {
    const account = buildAccount({
      id: (deps.newId ?? randomUUID)(),
      login,
      clientId: user.clientId,
      ...(clientSecret ? { clientSecret } : {}),
      ...(tokens ? { tokens } : {}),
      enabled: user.enabled ?? true,
      channels: user.channels.map((channel) => ({ login: channel, enabled: true })),
      ...(prime ? { prime } : {}),
      addedAt: deps.now,
    });
    draft.accounts.push(account);
    report.imported.push({ login, accountId: account.id });
    if (!tokens) warn('the file holds no complete login (access and refresh token); log in again');
    return;
  }
  updateAccount(existing, { clientId: user.clientId, clientSecret, tokens, prime, enabled: user.enabled, channels: user.channels });
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
