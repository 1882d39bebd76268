import { randomBytes } from 'node:crypto';
import type { AccessTokenRecord } from './auth-store.js';
import type { Headers, HttpContext } from './http-io.js';
import { sendHelixError, sendJson } from './http-io.js';
import type { FakeStream, Streams } from './streams.js';
import type { FakeUser } from './accounts.js';

export interface StreamsDeps {
  streams: Streams;
}

export const FOLLOWS_SCOPE = 'user:read:follows';

/** Twitch writes a stream's start to the second ("2021-03-31T20:57:26Z"). */
function streamTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

function streamJson(stream: FakeStream, user: FakeUser): Record<string, unknown> {
  return {
    id: stream.id,
    user_id: user.id,
    user_login: user.login,
    user_name: user.displayName,
    game_id: '509658',
    game_name: stream.gameName,
    type: 'live',
    title: stream.title,
    viewer_count: stream.viewers,
    started_at: streamTime(stream.startedAt),
    language: 'en',
    thumbnail_url: `https://static-cdn.jtvnw.net/previews-ttv/live_user_${user.login}-{width}x{height}.jpg`,
    tag_ids: [],
    tags: [],
    is_mature: false,
  };
}

/**
 * Cursors are opaque to clients; this one carries the offset of the next page, the user it was
 * issued for and this server's key, so a cursor the fake never issued (made up, or another
 * user's) is refused with 400 as FOLLOWED-STREAMS.md says.
 */
const CURSOR_KEY = randomBytes(6).toString('hex');

function cursorFor(offset: number, userId: string): string {
  return Buffer.from(JSON.stringify({ o: offset, u: userId, k: CURSOR_KEY })).toString('base64url');
}

function offsetOf(cursor: string, userId: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const { o, u, k } = parsed as { o?: unknown; u?: unknown; k?: unknown };
    if (u !== userId || k !== CURSOR_KEY) return undefined;
    return typeof o === 'number' && Number.isInteger(o) && o >= 0 ? o : undefined;
  } catch {
    return undefined;
  }
}

/**
 * GET /helix/streams/followed (FOLLOWED-STREAMS.md): the token's user only, `user:read:follows`
 * (401 without it, as for every Helix scope here), `first` 1-100 (default 100), cursor
 * pagination with `after`, most viewers first; `pagination` is `{}` on the last page.
 */
export function getFollowedStreams(ctx: HttpContext, token: AccessTokenRecord, headers: Headers, deps: StreamsDeps): void {
  if (!token.scopes.includes(FOLLOWS_SCOPE)) return sendHelixError(ctx.res, 401, `Missing scope: ${FOLLOWS_SCOPE}`, headers);
  const userId = ctx.query.get('user_id');
  if (userId === null || userId === '') return sendHelixError(ctx.res, 400, 'Missing required parameter "user_id"', headers);
  if (userId !== token.userId) return sendHelixError(ctx.res, 400, 'The ID in user_id must match the user ID in the access token', headers);
  const firstText = ctx.query.get('first');
  const first = firstText === null ? 100 : Number(firstText);
  if (!Number.isInteger(first) || first < 1 || first > 100) return sendHelixError(ctx.res, 400, 'The parameter "first" must be between 1 and 100', headers);
  const after = ctx.query.get('after');
  const offset = after === null ? 0 : offsetOf(after, userId);
  if (offset === undefined) return sendHelixError(ctx.res, 400, 'Invalid cursor', headers);
  const all = deps.streams.followedLive(userId);
  const page = all.slice(offset, offset + first);
  const more = offset + first < all.length;
  sendJson(ctx.res, 200, { data: page.map(({ stream, user }) => streamJson(stream, user)), pagination: more ? { cursor: cursorFor(offset + first, userId) } : {} }, headers);
}
