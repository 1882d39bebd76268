import { z } from 'zod';
import { ACCOUNT_REASON_CODES } from '../accounts/account-reasons.js';

/**
 * What any UI (the Electron window, the bridge in a browser, the tray) sees of the core.
 * Built from desired state (the store) and actual state (runtimes). Never holds a token,
 * refresh token, client secret or device code (R34).
 */
export const accountStateSchema = z.enum(['needs_login', 'authorizing', 'starting', 'active', 'paused', 'degraded', 'stopped']);
export type AccountStateView = z.infer<typeof accountStateSchema>;
/** The name UIs use; the core's own type is accounts/account-status.ts's. */
export type AccountState = AccountStateView;

/**
 * Why an account is in its state, as a closed set: each has one sentence for people
 * (src-core/accounts/account-reasons.ts) and tells a UI which action helps (log in again,
 * retry now, resume). The technical detail, when there is one, travels beside it.
 */
export const accountReasonCodeSchema = z.enum(ACCOUNT_REASON_CODES);
export type AccountReasonCode = z.infer<typeof accountReasonCodeSchema>;

export const primeStatusSchema = z.enum(['unknown', 'yes', 'no']);
export type PrimeStatus = z.infer<typeof primeStatusSchema>;

export const colorModeSchema = z.enum(['random', 'rainbow', 'palette']);
export type ColorMode = z.infer<typeof colorModeSchema>;

export const paletteOrderSchema = z.enum(['random', 'sequential']);
export type PaletteOrder = z.infer<typeof paletteOrderSchema>;

/** Whether a channel's EventSub subscription is live at Twitch right now. */
export const subscriptionStatusSchema = z.enum(['live', 'pending', 'off', 'error']);
export type SubscriptionStatus = z.infer<typeof subscriptionStatusSchema>;

/**
 * What a channel row says, true for the user: the account's condition where it decides
 * (waiting for login, paused, changes off, not running), else the channel's own state.
 */
export const channelStateSchema = z.enum([
  'listening',
  'connecting',
  'off',
  'paused',
  'changes_off',
  'waiting_for_login',
  'stopped',
  /** Its owner's account is closed or suspended, or the name no longer resolves: offer Remove. */
  'gone',
  'banned',
  /** Twitch retired the chat event this version uses (see `notices`). */
  'unsupported',
  /** Twitch stopped delivering it for another reason; retried with backoff. */
  'revoked',
  'error',
]);
export type ChannelStateView = z.infer<typeof channelStateSchema>;

/** Listed by hand, or found by "Live channels I follow" (issue 18). */
export const channelSourceSchema = z.enum(['manual', 'followed-live']);
export type ChannelSource = z.infer<typeof channelSourceSchema>;

/** What the group "Following, live now" shows of a followed channel. */
export const followedChannelViewSchema = z.object({
  displayName: z.string(),
  viewers: z.number(),
  /** When its stream started (epoch ms). */
  liveSince: z.number().nullable(),
  /** When a poll found it offline; it stops being listened in at `leavesAt` unless it comes back. */
  offlineSince: z.number().nullable(),
  leavesAt: z.number().nullable(),
});
export type FollowedChannelView = z.infer<typeof followedChannelViewSchema>;

export const channelViewSchema = z.object({
  source: channelSourceSchema,
  /** For `followed-live`: the stream behind it; null for channels listed by hand. */
  followed: followedChannelViewSchema.nullable(),
  login: z.string(),
  id: z.string().nullable(),
  enabled: z.boolean(),
  subscription: subscriptionStatusSchema,
  error: z.string().nullable(),
  state: channelStateSchema,
  /** Why, in words a user can act on; null when listening or off. */
  reason: z.string().nullable(),
  /** Epoch ms of the next attempt, when one is scheduled. */
  nextAttemptAt: z.number().nullable(),
});
export type ChannelView = z.infer<typeof channelViewSchema>;

export const colorEntrySchema = z.object({ color: z.string(), at: z.number() });
export type ColorEntry = z.infer<typeof colorEntrySchema>;

export const colorOptionsSchema = z.object({
  mode: colorModeSchema,
  palette: z.array(z.string()),
  paletteOrder: paletteOrderSchema,
  minIntervalSec: z.number().min(0),
});
export type ColorOptions = z.infer<typeof colorOptionsSchema>;

/**
 * "Live channels I follow" of one account: the user's settings and what the feature is
 * doing. `needs_login`: the login lacks `user:read:follows` (a new login grants it);
 * `stopped`: nothing runs the account (offline, waiting for its login).
 */
export const followLiveStateSchema = z.enum(['off', 'checking', 'needs_login', 'paused', 'active', 'retrying', 'stopped']);
export type FollowLiveState = z.infer<typeof followLiveStateSchema>;

export const followLiveViewSchema = z.object({
  enabled: z.boolean(),
  /** At most this many followed channels at once (1-500). */
  max: z.number(),
  /** Channels with more viewers are skipped; null: no limit. */
  maxViewers: z.number().nullable(),
  state: followLiveStateSchema,
  reason: z.string().nullable(),
  reasonDetail: z.string().nullable(),
  lastPollAt: z.number().nullable(),
  nextPollAt: z.number().nullable(),
  /** Live followed channels left out: over the cap, over the viewers filter. */
  skipped: z.object({ overLimit: z.number(), overViewers: z.number() }),
  /** Followed channels the user switched off (remembered while offline too). */
  switchedOff: z.number(),
});
export type FollowLiveView = z.infer<typeof followLiveViewSchema>;

export const accountViewSchema = z.object({
  id: z.string(),
  login: z.string(),
  displayName: z.string(),
  userId: z.string().nullable(),
  enabled: z.boolean(),
  state: accountStateSchema,
  /** Why the account is in its state, in words a user can act on; null when all is well. */
  reason: z.string().nullable(),
  reasonCode: accountReasonCodeSchema.nullable(),
  /** The technical detail behind the reason (Twitch's answer, the network error), for "Details" and bug reports. */
  reasonDetail: z.string().nullable(),
  /** When degraded: epoch ms of the next attempt. */
  nextAttemptAt: z.number().nullable(),
  prime: primeStatusSchema,
  /** A Twitch color name or `#RRGGBB`, as recentColors. */
  currentColor: z.string().nullable(),
  /**
   * The Twitch profile picture, cached by the core and served by the app at this path
   * (relative to the page: `avatars/<file>`); null until it has been fetched.
   */
  avatar: z.string().nullable(),
  /**
   * Newest first, at most 10, never the same color twice in a row. Each is what was set: a
   * Twitch color name (`dodger_blue`) or `#RRGGBB`; a color equal to a named one is named.
   */
  recentColors: z.array(colorEntrySchema),
  color: colorOptionsSchema,
  /** The color put back when changes stop; a name or hex as recentColors, null when none is known. */
  home: z.object({ restore: z.boolean(), color: z.string().nullable() }),
  /** Hand-listed channels first, then the followed live ones (`source`). */
  channels: z.array(channelViewSchema),
  followLive: followLiveViewSchema,
});
export type AccountView = z.infer<typeof accountViewSchema>;

/**
 * The desktop app's own updates (electron-updater), as the host reports them:
 * - `unconfigured`: this build has no update feed (a developer build);
 * - `unsupported`: this copy cannot replace itself (a development run, the headless
 *   command, an install electron-updater does not handle);
 * - `off`: the user switched checking off;
 * - `idle` (checked, nothing newer), `checking`, `downloading`, `ready` (downloaded;
 *   installs on the next quit, or now with "Restart to update"), `error` (tried again later).
 */
export const updateStateSchema = z.enum(['unconfigured', 'unsupported', 'off', 'idle', 'checking', 'downloading', 'ready', 'error']);
export type UpdateState = z.infer<typeof updateStateSchema>;

export const updateStatusSchema = z.object({
  state: updateStateSchema,
  /** The newer version being downloaded or waiting for a restart. */
  version: z.string().nullable(),
  /** Download progress, 0-100, while downloading. */
  percent: z.number().min(0).max(100).nullable(),
  /** When the last check finished (epoch ms). */
  checkedAt: z.number().nullable(),
  /** Why the last check or download failed, in words a user can act on. */
  error: z.string().nullable(),
});
export type UpdateStatus = z.infer<typeof updateStatusSchema>;

/**
 * Start on boot as the system has it (read back, not what was asked): `needs-approval`
 * means registered but held by the system until the user allows it (macOS 13+: System
 * Settings > General > Login Items; Windows: turned off in Task Manager), `unavailable`
 * that this run cannot offer it. `note` says why, and what to do, in the user's words.
 */
export const startOnBootStatusSchema = z.object({
  state: z.enum(['on', 'off', 'needs-approval', 'unavailable']),
  note: z.string().nullable(),
});
export type StartOnBootStatus = z.infer<typeof startOnBootStatusSchema>;

export const appSnapshotSchema = z.object({
  version: z.string(),
  /** "Pause all": no automatic changes for any account (their own flags untouched). */
  paused: z.boolean(),
  settings: z.object({
    /** The user's own client ID (advanced); null when they use the built-in one or have none yet. */
    clientId: z.string().nullable(),
    /** The client ID this build carries; null in a developer build, where the user must bring their own. */
    builtInClientId: z.string().nullable(),
    startOnBoot: z.boolean(),
    startHidden: z.boolean(),
    /** False where the platform offers no auto-start (e.g. the headless bridge), or this run cannot use it. */
    startOnBootSupported: z.boolean(),
    /** The user's "check for updates" switch (used where the build has an update feed). */
    checkForUpdates: z.boolean(),
    /** The system's own answer, where the host has start on boot (the desktop app). */
    startOnBootStatus: startOnBootStatusSchema.optional(),
    /** False where there is no tray to start hidden in (the headless bridge). */
    startHiddenSupported: z.boolean(),
  }),
  updates: updateStatusSchema,
  secrets: z.object({
    encryptedAtRest: z.boolean(),
    /** A sentence for the settings screen, e.g. why tokens are not encrypted. */
    description: z.string(),
  }),
  paths: z.object({ dataDir: z.string(), logDir: z.string() }),
  store: z.object({
    /** The last failed write, until a write succeeds again. */
    writeError: z.string().nullable(),
    /** Where an unreadable store file was moved aside at start, if that happened. */
    recoveredCorruptFile: z.string().nullable(),
    /** Read-only commands: why the store file could not be read (it was left untouched). */
    loadProblem: z.string().nullable(),
  }),
  accounts: z.array(accountViewSchema),
  /** App-wide notices the user must act on (e.g. Twitch retired the chat event: update the app). */
  notices: z.array(z.string()),
});
export type AppSnapshot = z.infer<typeof appSnapshotSchema>;
