import { z } from 'zod';

/**
 * One entry of GET /helix/streams/followed `data` (test/fake-twitch/FOLLOWED-STREAMS.md).
 * Only what the app uses is read; every other field (title, game, tags, thumbnail, ...) is
 * ignored, as are unknown ones. `type` is "live", or "" when Twitch had an error with the
 * entry: the stream is live either way, so it is not checked.
 */
export const followedStreamWireSchema = z.object({
  user_id: z.string().min(1),
  user_login: z.string().min(1),
  user_name: z.string(),
  viewer_count: z.number().int().min(0),
  /** RFC3339 UTC. */
  started_at: z.string(),
});
export type FollowedStreamWire = z.output<typeof followedStreamWireSchema>;

/** `pagination` is `{}` (or absent) on the last page. */
export const followedStreamsResponseWireSchema = z.object({
  data: z.array(followedStreamWireSchema),
  pagination: z.object({ cursor: z.string().optional() }).optional(),
});
