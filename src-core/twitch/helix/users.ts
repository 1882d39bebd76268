import { TwitchApiError } from '../errors.js';
import type { HelixTransport } from './helix-transport.js';
import { usersResponseWireSchema, type UserWire } from './users.wire.js';

export interface HelixUser {
  id: string;
  login: string;
  displayName: string;
  /** `partner`, `affiliate` or '' (other values may come). */
  broadcasterType: string;
  profileImageUrl: string;
}

export interface UserLookup {
  users: HelixUser[];
  /**
   * Requested keys (logins lower-cased) Twitch does not know, plus logins that cannot
   * exist (bad characters or length) and were never sent. Reported, never dropped (R25).
   */
  notFound: string[];
}

/** Twitch's limit of ids + logins per GET /users. */
export const USERS_PER_REQUEST = 100;

const LOGIN = /^[a-z0-9_]{1,25}$/;
const USER_ID = /^\d{1,20}$/;

function toUser(wire: UserWire): HelixUser {
  return {
    id: wire.id,
    login: wire.login,
    displayName: wire.display_name,
    broadcasterType: wire.broadcaster_type ?? '',
    profileImageUrl: wire.profile_image_url ?? '',
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * GET /users by login or by id: 100 per request, all batches at once within the account's
 * rate limit (R22). Either every batch succeeds, or the first failure is thrown after the
 * others settled (so a caller's cache only ever sees whole, confirmed answers, R17).
 */
export async function lookupUsers(
  transport: HelixTransport,
  by: 'login' | 'id',
  keys: readonly string[],
  signal?: AbortSignal,
): Promise<UserLookup> {
  const operation = 'helix GET /users';
  const normalised = [...new Set(keys.map((key) => (by === 'login' ? key.trim().toLowerCase() : key.trim())))];
  const pattern = by === 'login' ? LOGIN : USER_ID;
  const valid = normalised.filter((key) => pattern.test(key));
  const invalid = normalised.filter((key) => !pattern.test(key));
  const batches = chunks(valid, USERS_PER_REQUEST);

  const settled = await Promise.allSettled(
    batches.map(async (batch) => {
      const query = new URLSearchParams(batch.map((key): [string, string] => [by, key]));
      const result = await transport.call({ method: 'GET', path: '/users', query, schema: usersResponseWireSchema, signal });
      if (result.outcome !== 'success') throw new TwitchApiError(result.status, 'GET', '/users', result.twitchMessage);
      return result.data.data.map(toUser);
    }),
  );
  const failed = settled.find((entry) => entry.status === 'rejected');
  if (failed) {
    transport.logger.error('helix.users_lookup_failed', `Looking up ${valid.length} user(s) by ${by} failed`, {
      operation,
      by,
      keys: valid.slice(0, 20),
      count: valid.length,
      batches: batches.length,
      error: failed.reason,
    });
    throw failed.reason;
  }

  const users = settled.flatMap((entry) => (entry.status === 'fulfilled' ? entry.value : []));
  const found = new Set(users.map((user) => (by === 'login' ? user.login.toLowerCase() : user.id)));
  const notFound = [...invalid, ...valid.filter((key) => !found.has(key))];
  if (notFound.length > 0) {
    transport.logger.warn('helix.users_not_found', `Twitch knows no user for ${notFound.length} ${by}(s)`, {
      operation,
      by,
      notFound: notFound.slice(0, 50),
      count: notFound.length,
    });
  }
  return { users, notFound };
}
