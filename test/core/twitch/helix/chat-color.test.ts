import { describe, expect, it } from 'vitest';
import type { ColorValue } from '../../../../src-core/color/color-value.js';
import { HexColorRejectedError, TwitchApiError } from '../../../../src-core/twitch/errors.js';
import { runOnClock, sendJson, sendStatus, sendTwitchError, waitUntil } from '../http/local-server.js';
import { bearer, useHelixSetup } from './helix-support.js';

const setup = useHelixSetup();

const named = (name: 'blue_violet' | 'red'): ColorValue => ({ kind: 'named', name });
const hex = (value: string): ColorValue => ({ kind: 'hex', hex: value });
const START_SEC = Date.UTC(2026, 0, 1) / 1000;

describe('Helix chat color', () => {
  it('sets a named color as lower snake_case in the query, no body', async () => {
    const { local, helix, clock } = await setup((_req, res) => sendStatus(res, 204));
    await runOnClock(clock, helix.setChatColor('1234', named('blue_violet')));
    const req = local.requests[0]!;
    expect(req.method).toBe('PUT');
    expect(req.rawUrl).toBe('/helix/chat/color?user_id=1234&color=blue_violet');
    expect(req.body).toBe('');
  });

  it('G11 sends hex as %23RRGGBB', async () => {
    const { local, helix, clock } = await setup((_req, res) => sendStatus(res, 204));
    await runOnClock(clock, helix.setChatColor('1234', hex('#9146FF')));
    expect(local.requests[0]!.rawUrl).toBe('/helix/chat/color?user_id=1234&color=%239146FF');
  });

  it('G12 a 400 on a hex color -> HexColorRejectedError ("needs Turbo/Prime"), not retried', async () => {
    const { local, helix, clock } = await setup((_req, res) => sendTwitchError(res, 400, 'Only Turbo and Prime users may specify a hex color code'));
    const error = await runOnClock(clock, helix.setChatColor('1234', hex('#9146FF'))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HexColorRejectedError);
    expect((error as HexColorRejectedError).color).toBe('#9146FF');
    expect((error as Error).message).toMatch(/Turbo or Prime/);
    expect(local.requests).toHaveLength(1);
  });

  it('a 400 on a named color stays a TwitchApiError with Twitch\'s message', async () => {
    const { helix, clock } = await setup((_req, res) => sendTwitchError(res, 400, 'The color specified in the color query parameter is not valid'));
    const error = await runOnClock(clock, helix.setChatColor('1234', named('red'))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TwitchApiError);
    expect(error).not.toBeInstanceOf(HexColorRejectedError);
    expect(error).toMatchObject({ status: 400, method: 'PUT', path: '/chat/color', twitchMessage: 'The color specified in the color query parameter is not valid' });
  });

  it('429 -> waits for Ratelimit-Reset and retries', async () => {
    let count = 0;
    const { local, helix, clock } = await setup((_req, res) => {
      count += 1;
      if (count === 1) return sendTwitchError(res, 429, 'Too Many Requests', { 'Ratelimit-Remaining': '0', 'Ratelimit-Reset': String(START_SEC + 5) });
      sendStatus(res, 204);
    });
    const setting = helix.setChatColor('1234', named('red'));
    await waitUntil(() => local.requests.length === 1 && clock.pending === 1);
    await clock.advance(4_999);
    expect(local.requests).toHaveLength(1);
    await clock.advance(1);
    await expect(setting).resolves.toBeUndefined();
    expect(local.requests).toHaveLength(2);
  });

  it('429 until giving up -> TwitchApiError with retryAt', async () => {
    const { local, helix, clock } = await setup((_req, res) => sendTwitchError(res, 429, 'Too Many Requests', { 'Ratelimit-Reset': String(START_SEC + 5) }));
    const error = await runOnClock(clock, helix.setChatColor('1234', named('red'))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TwitchApiError);
    expect(error).toMatchObject({ status: 429 });
    expect((error as TwitchApiError).retryAt).toBeTypeOf('number');
    expect(local.requests).toHaveLength(4);
  });

  it('R03 401 -> one refresh, retried once with the new token', async () => {
    const { local, helix, clock, tokens } = await setup((req, res) => (bearer(req) === 'token-1' ? sendTwitchError(res, 401, 'Invalid OAuth token') : sendStatus(res, 204)));
    await runOnClock(clock, helix.setChatColor('1234', named('red')));
    expect(local.requests.map(bearer)).toEqual(['token-1', 'token-2']);
    expect(tokens.refreshes).toBe(1);
  });

  it('gets colors; "" when never set, undefined for an unknown user', async () => {
    const { local, helix, clock } = await setup((req, res) => {
      const ids = req.url.searchParams.getAll('user_id').filter((id) => id !== '404');
      sendJson(res, 200, { data: ids.map((id) => ({ user_id: id, user_login: `u${id}`, user_name: `U${id}`, color: id === '1' ? '#9146FF' : '' })) });
    });
    await expect(runOnClock(clock, helix.getChatColor('1'))).resolves.toBe('#9146FF');
    await expect(runOnClock(clock, helix.getChatColor('2'))).resolves.toBe('');
    await expect(runOnClock(clock, helix.getChatColor('404'))).resolves.toBeUndefined();
    await expect(runOnClock(clock, helix.getChatColors(['1', '2', '1']))).resolves.toEqual([
      { userId: '1', login: 'u1', displayName: 'U1', color: '#9146FF' },
      { userId: '2', login: 'u2', displayName: 'U2', color: '' },
    ]);
    expect(local.requests[3]!.rawUrl).toBe('/helix/chat/color?user_id=1&user_id=2');
  });
});

describe('R27 token read at call time', () => {
  it('R27 refresh during a burst: no request after the swap uses the old token', async () => {
    let swapped = false;
    const held: (() => void)[] = [];
    const afterSwap: string[] = [];
    const { local, helix, clock, tokens } = await setup((req, res) => {
      if (swapped) afterSwap.push(bearer(req));
      const answer = () => (bearer(req) === tokens.current ? sendStatus(res, 204) : sendTwitchError(res, 401, 'Invalid OAuth token'));
      if (!swapped) held.push(answer);
      else answer();
    });
    // Six: fewer than the HTTP client's connections per origin, so all are on the wire.
    const first = Array.from({ length: 6 }, (_, i) => helix.setChatColor(String(i), named('red')));
    await local.waitForRequests(6);
    // The token supervisor refreshes while those ten are in flight.
    tokens.current = 'token-refreshed';
    swapped = true;
    const second = Array.from({ length: 10 }, (_, i) => helix.setChatColor(String(10 + i), named('red')));
    for (const answer of held) answer();
    await runOnClock(clock, Promise.all([...first, ...second]));
    expect(afterSwap.length).toBe(16);
    expect(afterSwap.every((token) => token === 'token-refreshed')).toBe(true);
    // The six refused with the old token asked once each, and got the new token without another refresh.
    expect(tokens.refused).toEqual(Array(6).fill('token-1'));
    expect(tokens.refreshes).toBe(0);
  });
});
