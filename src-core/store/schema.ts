import { z } from 'zod';
import { colorFromStored, sameColor } from '../color/color-value.js';
import { sealedSecretSchema } from './secret-box.js';

/**
 * The persisted state, version 2: what config.json holds. Parsing fills every missing
 * optional section with its default, so older or hand-edited files load. Anything that
 * changes this shape needs a new version and a step in migrations.ts: an older app refuses
 * a file with a higher version (and leaves it alone) instead of silently dropping the
 * fields it does not know when it writes.
 *
 * Version 2 (issue 18) added `followLive` to accounts.
 */
export const STORE_VERSION = 2;
export const MAX_RECENT_COLORS = 10;

export const settingsSchema = z.object({
  /** The Twitch application used for new device logins. */
  clientId: z.string().min(1).optional(),
  pauseAll: z.boolean().default(false),
  startOnBoot: z.boolean().default(false),
  startHidden: z.boolean().default(false),
  /** The desktop app looks for updates (where its build has a feed). */
  checkForUpdates: z.boolean().default(true),
  /** The newest update version the user was told about, so each is announced once. */
  updateNotifiedVersion: z.string().optional(),
});

export const channelSchema = z.object({
  login: z.string().min(1),
  /** Twitch's broadcaster id, once a lookup confirmed it. */
  id: z.string().min(1).optional(),
  enabled: z.boolean().default(true),
});

/** "Live channels I follow": the cap's range and default, and how many switched-off channels are remembered. */
export const FOLLOW_LIVE_MAX = { min: 1, max: 500, default: 50 } as const;
export const MAX_REMEMBERED_OFF = 2_000;

export const followedChannelRefSchema = z.object({
  /** Twitch's broadcaster id: the channel is known by it, whatever it is called later. */
  id: z.string().min(1),
  /** Its name when it was switched off, for people reading the file. */
  login: z.string().min(1),
});

export const followLiveSchema = z.object({
  /** Listen in every followed channel that is live now, next to the channels listed by hand. */
  enabled: z.boolean().default(false),
  /** At most this many followed channels at once. */
  max: z.number().int().min(FOLLOW_LIVE_MAX.min).max(FOLLOW_LIVE_MAX.max).default(FOLLOW_LIVE_MAX.default),
  /** Skip live channels with more viewers than this (absent: no limit). */
  maxViewers: z.number().int().min(1).optional(),
  /**
   * Followed channels the user switched off: never listened to by this feature, however often
   * they go live, until switched on again. Oldest first; a longer list is cut from the front (R10).
   */
  off: z
    .array(followedChannelRefSchema)
    .default([])
    .transform((list) => list.slice(-MAX_REMEMBERED_OFF)),
});

export const colorOptionsSchema = z.object({
  mode: z.enum(['random', 'rainbow', 'palette']).default('random'),
  palette: z.array(z.string()).default([]),
  paletteOrder: z.enum(['random', 'sequential']).default('random'),
  minIntervalSec: z.number().min(0).default(0),
});

export const storedTokensSchema = z.object({
  accessToken: sealedSecretSchema,
  refreshToken: sealedSecretSchema,
  /** Epoch ms; 0 when unknown (imported), which makes the supervisor validate at once. */
  expiresAt: z.number(),
  scopes: z.array(z.string()).default([]),
});

export const recentColorSchema = z.object({ color: z.string(), at: z.number() });

export const accountSchema = z.object({
  /** Ours (a UUID), stable across renames and re-logins. */
  id: z.string().min(1),
  /** Twitch's user id, filled at the first successful validation. */
  userId: z.string().min(1).optional(),
  login: z.string().min(1),
  displayName: z.string().optional(),
  clientId: z.string().min(1),
  /** Only for confidential applications imported from the old bot. */
  clientSecret: sealedSecretSchema.optional(),
  tokens: storedTokensSchema.optional(),
  enabled: z.boolean().default(true),
  channels: z.array(channelSchema).default([]),
  followLive: followLiveSchema.prefault({}),
  color: colorOptionsSchema.prefault({}),
  prime: z.enum(['unknown', 'yes', 'no']).default('unknown'),
  home: z.object({ restore: z.boolean().default(false), color: z.string().optional() }).prefault({}),
  /** Newest first; a longer list in the file is cut, not rejected, and a color repeated in a row is shown once. */
  recentColors: z
    .array(recentColorSchema)
    .default([])
    .transform((list) => list.filter((entry, i) => i === 0 || !sameStoredColor(entry.color, list[i - 1]?.color)).slice(0, MAX_RECENT_COLORS)),
  addedAt: z.number(),
});

export const persistedStateSchema = z.object({
  version: z.literal(STORE_VERSION),
  settings: settingsSchema.prefault({}),
  accounts: z.array(accountSchema).default([]),
});

export type PersistedState = z.output<typeof persistedStateSchema>;
export type PersistedSettings = z.output<typeof settingsSchema>;
export type PersistedAccount = z.output<typeof accountSchema>;
export type PersistedChannel = z.output<typeof channelSchema>;
export type PersistedFollowLive = z.output<typeof followLiveSchema>;
export type PersistedColorOptions = z.output<typeof colorOptionsSchema>;
export type StoredTokens = z.output<typeof storedTokensSchema>;
export type RecentColor = z.output<typeof recentColorSchema>;
/** What `buildAccount` needs; every other field gets its default. */
export type NewAccountInput = z.input<typeof accountSchema>;

export function defaultState(): PersistedState {
  return persistedStateSchema.parse({ version: STORE_VERSION });
}

/** A complete account from the required fields, with defaults filled. Throws ZodError on bad input. */
export function buildAccount(input: NewAccountInput): PersistedAccount {
  return accountSchema.parse(input);
}

/**
 * The recent-colors list after `entry`, newest first and bounded (R10). The same color as
 * the newest (a home color put back over itself, a color chosen again) replaces it
 * instead of showing twice in a row.
 */
export function withRecentColor(list: readonly RecentColor[], entry: RecentColor): RecentColor[] {
  const rest = sameStoredColor(list[0]?.color, entry.color) ? list.slice(1) : list;
  return [entry, ...rest].slice(0, MAX_RECENT_COLORS);
}

/** A name and its hex are the same color; so are hex codes that differ only in case. */
function sameStoredColor(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return sameColor(colorFromStored(a), colorFromStored(b)) || a.toLowerCase() === b.toLowerCase();
}
