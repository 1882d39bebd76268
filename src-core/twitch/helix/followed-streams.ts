import { InvalidResponseError } from '../http/errors.js';
import { TwitchApiError } from '../errors.js';
import type { HelixTransport } from './helix-transport.js';
import { followedStreamsResponseWireSchema, type FollowedStreamWire } from './followed-streams.wire.js';

/** A channel the user follows that is live now, as Get Followed Streams reports it. */
export interface LiveStream {
  /** The broadcaster's Twitch id. */
  broadcasterId: string;
  login: string;
  displayName: string;
  viewers: number;
  /** When the stream started (epoch ms); undefined if Twitch's timestamp could not be read. */
  startedAt: number | undefined;
}

export type FollowedStreamsResult =
  /** Every live followed channel, most viewers first (Twitch's order). */
  | { outcome: 'live'; streams: LiveStream[]; pages: number }
  /** 401 after a refresh, or 403: the token lacks `user:read:follows` (or is not the user's). */
  | { outcome: 'refused'; status: number; twitchMessage: string };

const PATH = '/streams/followed';
/** Twitch's page size limit for this endpoint. */
export const FOLLOWED_STREAMS_PAGE_SIZE = 100;
/**
 * Far more live followed channels than anyone listens to (the cap is 500); a poll never
 * walks more pages than this, and a cursor that repeats ends it as an invalid answer.
 */
export const MAX_FOLLOWED_PAGES = 30;

function toLiveStream(wire: FollowedStreamWire): LiveStream {
  const started = Date.parse(wire.started_at);
  return {
    broadcasterId: wire.user_id,
    login: wire.user_login.toLowerCase(),
    displayName: wire.user_name || wire.user_login,
    viewers: wire.viewer_count,
    startedAt: Number.isFinite(started) ? started : undefined,
  };
}

/**
 * GET /helix/streams/followed?user_id=<self>&first=100, page after page (cursor `after`).
 * Either every page arrives, or the call fails as a whole: a poll never mistakes a page it
 * did not get for channels that went offline. A channel that moved between pages while we
 * read (viewer counts change) is listed once.
 */
export async function getFollowedStreams(transport: HelixTransport, userId: string, signal?: AbortSignal): Promise<FollowedStreamsResult> {
  const streams = new Map<string, LiveStream>();
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; page <= MAX_FOLLOWED_PAGES; page += 1) {
    const query = new URLSearchParams({ user_id: userId, first: String(FOLLOWED_STREAMS_PAGE_SIZE) });
    if (cursor) query.set('after', cursor);
    let result;
    try {
      result = await transport.call({ method: 'GET', path: PATH, query, schema: followedStreamsResponseWireSchema, handles: ['forbidden'], signal });
    } catch (error) {
      // The transport refreshed once already: a second 401 is this token's scope, not its age.
      if (error instanceof TwitchApiError && error.status === 401) return { outcome: 'refused', status: 401, twitchMessage: error.twitchMessage };
      throw error;
    }
    if (result.outcome === 'forbidden') return { outcome: 'refused', status: result.status, twitchMessage: result.twitchMessage };
    if (result.outcome !== 'success') throw new TwitchApiError(result.status, 'GET', PATH, result.twitchMessage);
    for (const wire of result.data.data) if (!streams.has(wire.user_id)) streams.set(wire.user_id, toLiveStream(wire));
    cursor = result.data.pagination?.cursor || undefined;
    if (!cursor) return { outcome: 'live', streams: [...streams.values()], pages: page };
    if (seen.has(cursor)) throw new InvalidResponseError(`helix GET ${PATH}`, result.status, 'the page cursor repeats');
    seen.add(cursor);
  }
  throw new InvalidResponseError(`helix GET ${PATH}`, 200, `more than ${MAX_FOLLOWED_PAGES} pages of live followed channels`);
}
