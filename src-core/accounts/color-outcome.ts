import type { ApplyOutcome } from '../color/cycler-types.js';
import { isAbortError } from '../runtime/abort.js';
import { HexColorRejectedError, TwitchApiError, twitchStatusOf } from '../twitch/errors.js';

/**
 * Sends a color through `send` (Helix PUT /chat/color) and says what came of it in the
 * cycler's terms, so the color code never sees Twitch's error classes. An abort is passed
 * on as is: the cycler was stopped, there is no outcome to report.
 */
export async function applyColor(send: () => Promise<void>): Promise<ApplyOutcome> {
  try {
    await send();
    return { kind: 'applied' };
  } catch (error) {
    if (isAbortError(error)) throw error;
    return applyOutcomeOf(error);
  }
}

/** Twitch's refusal of a color as an outcome: hex without Turbo/Prime, 429, or anything else. */
export function applyOutcomeOf(error: unknown): ApplyOutcome {
  if (error instanceof HexColorRejectedError) return { kind: 'hex_refused', message: error.message };
  if (error instanceof TwitchApiError && error.status === 429) return { kind: 'rate_limited', until: error.retryAt };
  return { kind: 'failed', error, status: twitchStatusOf(error) };
}
