import { z } from 'zod';
import { FOLLOW_LIVE_MAX } from '../store/schema.js';
import { clientIdSchema } from '../twitch/client-id.js';
import {
  appSnapshotSchema,
  colorEntrySchema,
  colorModeSchema,
  paletteOrderSchema,
} from './snapshot.js';

/**
 * The one IPC contract between the core and any UI. Each command is declared once with a
 * request and a response schema; each event with its payload schema. Main and the bridge
 * parse every inbound payload with these; the renderer uses only the inferred types.
 *
 * Event rule: `state:changed` always carries a full snapshot (it is small; a UI that
 * missed one loses nothing). `color:changed` and `login:progress` are notifications on top.
 */
const accountId = z.string().min(1).max(64);
const channelLogin = z.string().min(1).max(30);
const colorInput = z.string().min(1).max(32);
const none = z.object({}).strict();
const empty = z.null();

export const loginStartedSchema = z.object({
  loginId: z.string(),
  userCode: z.string(),
  verificationUri: z.string(),
  expiresAt: z.number(),
});

export const legacyImportReportSchema = z.object({
  imported: z.array(z.string()),
  updated: z.array(z.string()),
  skipped: z.array(z.object({ login: z.string(), reason: z.string() })),
});

export const commands = {
  'app:snapshot': { request: none, response: appSnapshotSchema },
  'app:set-paused': { request: z.object({ paused: z.boolean() }).strict(), response: empty },
  'app:open-folder': { request: z.object({ which: z.enum(['data', 'logs']) }).strict(), response: empty },

  // null: back to the build's own client ID.
  'settings:set-client-id': {
    request: z.object({ clientId: clientIdSchema.nullable() }).strict(),
    response: empty,
  },
  /**
   * Asks Twitch whether it knows a client ID (a device-code request, left unused), before the
   * user saves it: `invalid_client` when it does not, `network` when Twitch cannot be reached.
   */
  'settings:check-client-id': {
    request: z.object({ clientId: z.string().trim().regex(/^[a-z0-9]{20,40}$/i, 'A Twitch client ID is 30 letters and digits') }).strict(),
    response: empty,
  },
  'settings:update': {
    request: z.object({ startOnBoot: z.boolean().optional(), startHidden: z.boolean().optional(), checkForUpdates: z.boolean().optional() }).strict(),
    response: empty,
  },

  // The desktop app's updates: look now; quit and install the downloaded one.
  'updates:check': { request: none, response: empty },
  'updates:restart': { request: none, response: empty },

  'login:start': { request: none, response: loginStartedSchema },
  'login:cancel': { request: z.object({ loginId: z.string() }).strict(), response: empty },
  'login:open-activation': { request: z.object({ loginId: z.string() }).strict(), response: empty },

  'accounts:remove': { request: z.object({ accountId }).strict(), response: empty },
  'accounts:set-enabled': { request: z.object({ accountId, enabled: z.boolean() }).strict(), response: empty },
  /** Skips the wait of a retrying account: its chat connection and token check go again now. */
  'accounts:retry-now': { request: z.object({ accountId }).strict(), response: empty },

  'channels:add': { request: z.object({ accountId, login: channelLogin }).strict(), response: empty },
  'channels:remove': { request: z.object({ accountId, login: channelLogin }).strict(), response: empty },
  /** A hand-listed channel, or a followed live one (the switch-off is remembered by Twitch id). */
  'channels:set-enabled': { request: z.object({ accountId, login: channelLogin, enabled: z.boolean() }).strict(), response: empty },
  /** "Live channels I follow" (issue 18): on/off, at most `max` channels, skip those over `maxViewers` (null: no limit). */
  'channels:set-follow-live': {
    request: z
      .object({
        accountId,
        enabled: z.boolean().optional(),
        max: z.number().int().min(FOLLOW_LIVE_MAX.min).max(FOLLOW_LIVE_MAX.max).optional(),
        maxViewers: z.number().int().min(1).max(100_000_000).nullable().optional(),
      })
      .strict(),
    response: empty,
  },

  'colors:set-options': {
    request: z
      .object({
        accountId,
        mode: colorModeSchema.optional(),
        palette: z.array(colorInput).max(50).optional(),
        paletteOrder: paletteOrderSchema.optional(),
        minIntervalSec: z.number().int().min(0).max(3600).optional(),
      })
      .strict(),
    response: empty,
  },
  'colors:reset-prime': { request: z.object({ accountId }).strict(), response: empty },
  'colors:set-home': {
    request: z.object({ accountId, restore: z.boolean(), color: colorInput.nullable().optional() }).strict(),
    response: empty,
  },
  'colors:set-now': { request: z.object({ accountId, color: colorInput }).strict(), response: colorEntrySchema },

  'legacy:import': { request: z.object({ contents: z.string().max(1_000_000) }).strict(), response: legacyImportReportSchema },
} as const;

export const events = {
  'state:changed': appSnapshotSchema,
  'color:changed': z.object({ accountId, login: z.string(), color: z.string(), at: z.number() }),
  'login:progress': z.discriminatedUnion('status', [
    z.object({ loginId: z.string(), status: z.literal('waiting'), userCode: z.string(), verificationUri: z.string(), expiresAt: z.number() }),
    z.object({ loginId: z.string(), status: z.literal('success'), accountId, login: z.string() }),
    z.object({ loginId: z.string(), status: z.enum(['expired', 'denied', 'cancelled', 'failed']), message: z.string() }),
  ]),
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandRequest<N extends CommandName> = z.input<Commands[N]['request']>;
export type CommandResponse<N extends CommandName> = z.output<Commands[N]['response']>;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<N extends EventName> = z.output<Events[N]>;

export const commandNames = Object.keys(commands) as CommandName[];
export const eventNames = Object.keys(events) as EventName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commands, name);
}
