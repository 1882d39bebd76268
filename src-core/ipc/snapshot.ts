import { z } from 'zod';

/**
 * What any UI (the Electron window, the bridge in a browser, the tray) sees of the core.
 * Built from desired state (the store) and actual state (runtimes). Never holds a token,
 * refresh token, client secret or device code (R34).
 */
export const accountStateSchema = z.enum(['needs_login', 'authorizing', 'starting', 'active', 'paused', 'degraded', 'stopped']);
export type AccountStateView = z.infer<typeof accountStateSchema>;
/** The name UIs use; the core's own type is accounts/account-status.ts's. */
export type AccountState = AccountStateView;

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

export const channelViewSchema = z.object({
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

export const accountViewSchema = z.object({
  id: z.string(),
  login: z.string(),
  displayName: z.string(),
  userId: z.string().nullable(),
  enabled: z.boolean(),
  state: accountStateSchema,
  /** Why the account is in its state, in words a user can act on; null when all is well. */
  reason: z.string().nullable(),
  /** When degraded: epoch ms of the next attempt. */
  nextAttemptAt: z.number().nullable(),
  prime: primeStatusSchema,
  currentColor: z.string().nullable(),
  /** Newest first, at most 10. */
  recentColors: z.array(colorEntrySchema),
  color: colorOptionsSchema,
  home: z.object({ restore: z.boolean(), color: z.string().nullable() }),
  channels: z.array(channelViewSchema),
});
export type AccountView = z.infer<typeof accountViewSchema>;

export const appSnapshotSchema = z.object({
  version: z.string(),
  /** "Pause all": no automatic changes for any account (their own flags untouched). */
  paused: z.boolean(),
  settings: z.object({
    clientId: z.string().nullable(),
    startOnBoot: z.boolean(),
    startHidden: z.boolean(),
    /** False where the platform offers no auto-start (e.g. the headless bridge). */
    startOnBootSupported: z.boolean(),
  }),
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
