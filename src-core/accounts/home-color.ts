import { colorFromReportedHex, displayColor, type ColorValue } from '../color/color-value.js';
import { parseColor } from '../color/parse-color.js';
import { childController, isAbortError } from '../runtime/abort.js';
import type { Clock } from '../runtime/clock.js';
import { describeError } from '../runtime/errors.js';
import type { Logger } from '../runtime/logger.js';
import type { DeepReadonly } from '../store/deep-freeze.js';
import type { PersistedAccount } from '../store/schema.js';
import type { StateStore } from '../store/state-store.js';
import type { HelixClient } from '../twitch/helix/helix-client.js';

/** Home colors are restored on the way out; quitting must not hang on a slow Twitch. */
const RESTORE_TIMEOUT_MS = 3_000;

/**
 * The account's home color: the color it had when we first connected (unless the user
 * chose one), put back on pause, disable, removal and quit when the account asks for it.
 */
export interface HomeColorContext {
  accountId: string;
  userId: string;
  helix: HelixClient;
  store: StateStore;
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
}

/**
 * Learns the current color (the default home color) and the display name from Twitch.
 * Returns what Twitch reported (its color is undefined for a user who never chose one),
 * or undefined when it reported nothing. Never throws: a failure is logged.
 */
export async function learnHomeColor(ctx: HomeColorContext): Promise<{ color: string | undefined } | undefined> {
  try {
    const [reported] = await ctx.helix.getChatColors([ctx.userId], ctx.signal);
    if (!reported) return undefined;
    const color = reported.color.toUpperCase();
    ctx.store.updateAccount(ctx.accountId, (target) => {
      // The chat-color answer carries Twitch's display name too; validation does not.
      if (reported.displayName) target.displayName = reported.displayName;
      // Twitch reports hex; one of the named colors is kept by its name (anyone may set it back).
      if (color && !target.home.color) target.home.color = displayColor(color);
    });
    return { color: color || undefined };
  } catch (error) {
    if (!isAbortError(error)) ctx.log.warn('color.read_failed', `Reading the current color failed: ${describeError(error)}`, { operation: 'chat.color.get' });
    return undefined;
  }
}

/**
 * Puts the home color back if the account wants that, within RESTORE_TIMEOUT_MS. Returns
 * the color set, or undefined when there was nothing to do or it failed (logged).
 */
export async function restoreHomeColor(ctx: HomeColorContext, account: DeepReadonly<PersistedAccount>, why: string): Promise<ColorValue | undefined> {
  if (!account.home.restore) return undefined;
  if (!account.home.color) {
    ctx.log.info('color.home_missing', `No home color is set, so none was restored (${why}); choose one in the account's colors`, { operation: 'chat.color' });
    return undefined;
  }
  const parsed = parseColor(account.home.color);
  if (!parsed.ok) return undefined;
  // Twitch reports every color as hex, but only Turbo/Prime users may set hex: one of the
  // named colors goes back by its name, so everyone gets their home color back.
  const color = parsed.color.kind === 'hex' ? (colorFromReportedHex(parsed.color.hex) ?? parsed.color) : parsed.color;
  const controller = childController(ctx.signal);
  const timer = ctx.clock.setTimeout(() => controller.abort(), RESTORE_TIMEOUT_MS);
  try {
    await ctx.helix.setChatColor(ctx.userId, color, controller.signal);
    ctx.log.info('color.home_restored', `Home color restored (${why})`, { operation: 'chat.color' });
    return color;
  } catch (error) {
    ctx.log.warn('color.home_failed', `Restoring the home color failed: ${describeError(error)}`, { operation: 'chat.color' });
    return undefined;
  } finally {
    timer.cancel();
    controller.abort();
  }
}
