import { describe, expect, it } from 'vitest';
import { TwitchApiError } from '../../../../src-core/twitch/errors.js';
import { InvalidResponseError } from '../../../../src-core/twitch/http/errors.js';
import { runOnClock, sendJson, sendTwitchError } from '../http/local-server.js';
import { useHelixSetup } from './helix-support.js';

const setup = useHelixSetup();

const stream = (login: string, viewers: number, startedAt = '2026-01-01T10:00:00Z') => ({
  id: `s-${login}`,
  user_id: `id-${login}`,
  user_login: login,
  user_name: login.toUpperCase(),
  game_id: '',
  game_name: '',
  type: 'live',
  title: 't',
  viewer_count: viewers,
  started_at: startedAt,
  language: 'en',
  thumbnail_url: '',
  tag_ids: [],
  tags: [],
  is_mature: false,
  some_future_field: { ignored: true },
});

describe('Helix GET /streams/followed', () => {
  it('asks for the token user, 100 per page, follows the cursor to the last page, and maps each stream once', async () => {
    const { local, helix, clock } = await setup((req, res) => {
      const after = req.url.searchParams.get('after');
      if (!after) return sendJson(res, 200, { data: [stream('big', 900), stream('mid', 50)], pagination: { cursor: 'p2' } });
      // "mid" gained viewers between the pages and shows up again: listed once.
      return sendJson(res, 200, { data: [stream('mid', 60), stream('small', 3, 'not a time')], pagination: {} });
    });
    const result = await runOnClock(clock, helix.getFollowedStreams('42'));
    expect(local.requests.map((r) => r.url.search)).toEqual(['?user_id=42&first=100', '?user_id=42&first=100&after=p2']);
    expect(result).toEqual({
      outcome: 'live',
      pages: 2,
      streams: [
        { broadcasterId: 'id-big', login: 'big', displayName: 'BIG', viewers: 900, startedAt: Date.UTC(2026, 0, 1, 10) },
        { broadcasterId: 'id-mid', login: 'mid', displayName: 'MID', viewers: 50, startedAt: Date.UTC(2026, 0, 1, 10) },
        { broadcasterId: 'id-small', login: 'small', displayName: 'SMALL', viewers: 3, startedAt: undefined },
      ],
    });
  });

  it('a 401 that survives the one refresh, or a 403, is "refused" (the scope), not a dead login', async () => {
    const { helix, clock, tokens } = await setup((_req, res) => sendTwitchError(res, 401, 'Missing scope: user:read:follows'));
    expect(await runOnClock(clock, helix.getFollowedStreams('42'))).toEqual({ outcome: 'refused', status: 401, twitchMessage: 'Missing scope: user:read:follows' });
    expect(tokens.refreshes).toBe(1);
    const forbidden = await setup((_req, res) => sendTwitchError(res, 403, 'no'));
    expect(await runOnClock(forbidden.clock, forbidden.helix.getFollowedStreams('42'))).toEqual({ outcome: 'refused', status: 403, twitchMessage: 'no' });
  });

  it('fails as a whole when a later page fails (a missing page never reads as channels gone offline), and on a repeating cursor', async () => {
    let n = 0;
    const { helix, clock } = await setup((_req, res) => {
      n += 1;
      if (n === 1) return sendJson(res, 200, { data: [stream('a', 1)], pagination: { cursor: 'next' } });
      return sendTwitchError(res, 400, 'Invalid cursor');
    });
    await expect(runOnClock(clock, helix.getFollowedStreams('42'))).rejects.toBeInstanceOf(TwitchApiError);
    const looping = await setup((_req, res) => sendJson(res, 200, { data: [], pagination: { cursor: 'same' } }));
    await expect(runOnClock(looping.clock, looping.helix.getFollowedStreams('42'))).rejects.toBeInstanceOf(InvalidResponseError);
  });

  it('rejects an answer that is not the documented shape (zod at the boundary)', async () => {
    const { helix, clock } = await setup((_req, res) => sendJson(res, 200, { data: [{ user_id: 'x', user_login: 'x', user_name: 'X', viewer_count: 'many', started_at: '' }] }));
    await expect(runOnClock(clock, helix.getFollowedStreams('42'))).rejects.toBeInstanceOf(InvalidResponseError);
  });
});
