import type { AccountRuntime } from '../accounts/account-runtime.js';
import { NotFoundError } from '../accounts/core-errors.js';
import type { PersistedAccount } from '../store/schema.js';

/** What the user changes of "Live channels I follow" (issue 18); absent fields stay. */
export interface FollowLivePatch {
  enabled?: boolean;
  /** 1-500 (the contract checks the range). */
  max?: number;
  /** null: no limit. */
  maxViewers?: number | null;
}

/** Applies the patch to a draft of the account (the store validates the result). */
export function applyFollowLivePatch(account: PersistedAccount, patch: FollowLivePatch): void {
  const settings = account.followLive;
  if (patch.enabled !== undefined) settings.enabled = patch.enabled;
  if (patch.max !== undefined) settings.max = patch.max;
  if (patch.maxViewers === null) delete settings.maxViewers;
  else if (patch.maxViewers !== undefined) settings.maxViewers = patch.maxViewers;
}

/**
 * Switches a followed channel (one the feature shows, or one switched off before) on or
 * off by its name. Off is remembered by Twitch id in the store, so it holds through the
 * channel going offline and live again, a rename, and restarts: the user's switch wins.
 * Returns false when the name is neither, so the caller can say it is not the account's.
 */
export function setFollowedChannelEnabled(account: PersistedAccount, runtime: AccountRuntime | undefined, login: string, enabled: boolean): boolean {
  const off = account.followLive.off;
  const shown = runtime?.channels().find((c) => c.source === 'followed-live' && c.login === login && c.id);
  const remembered = off.find((c) => c.login === login);
  const id = shown?.id ?? remembered?.id;
  if (!id) return false;
  const rest = off.filter((c) => c.id !== id);
  account.followLive.off = enabled ? rest : [...rest, { id, login }];
  return true;
}

/** The error for a channel name that is neither listed by hand nor followed live. */
export function notAccountChannel(login: string): NotFoundError {
  return new NotFoundError(`${login} is not in this account's channels (nor a live channel it follows)`);
}
