import { z } from 'zod';

/**
 * Twitch's error body, on both id.twitch.tv and Helix:
 * `{"status":400,"message":"authorization_pending"}` (OAuth, no `error` field) or
 * `{"error":"Unauthorized","status":401,"message":"Invalid OAuth token"}` (Helix).
 * Everything is optional: a proxy or load balancer may answer with anything.
 */
export const twitchErrorBodySchema = z
  .object({
    status: z.number().optional(),
    message: z.string().optional(),
    error: z.string().optional(),
  })
  .loose();

/**
 * The text that says what went wrong: `message` first, then `error` (G1: generic OAuth
 * libraries read only `error` and miss Twitch's answer). Empty when the body says nothing.
 */
export function twitchErrorMessage(body: unknown): string {
  const parsed = twitchErrorBodySchema.safeParse(body);
  if (!parsed.success) return '';
  return (parsed.data.message || parsed.data.error || '').trim();
}
