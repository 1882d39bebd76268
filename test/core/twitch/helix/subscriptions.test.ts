import { describe, expect, it } from 'vitest';
import { EventSubSessionGoneError, SubscriptionRefusedError, TwitchApiError } from '../../../../src-core/twitch/errors.js';
import { runOnClock, sendJson, sendStatus, sendTwitchError } from '../http/local-server.js';
import { useHelixSetup } from './helix-support.js';

const setup = useHelixSetup();

function sub(id: string, broadcaster: string, sessionId: string, status = 'enabled', type = 'channel.chat.message') {
  return {
    id,
    status,
    type,
    version: '1',
    condition: type === 'channel.chat.message' ? { broadcaster_user_id: broadcaster, user_id: 'me' } : { broadcaster_user_id: broadcaster },
    created_at: '2026-01-01T00:00:00.123456789Z',
    transport: { method: 'websocket', session_id: sessionId, connected_at: '2026-01-01T00:00:00.1Z' },
    cost: 0,
  };
}
const created = (s: ReturnType<typeof sub>) => ({ data: [s], total: 1, total_cost: 0, max_total_cost: 10 });
const input = { sessionId: 'S-new', broadcasterUserId: 'b1', userId: 'me' };

describe('Helix EventSub subscriptions', () => {
  it('creates channel.chat.message v1 on the websocket session (202)', async () => {
    const { local, helix, clock } = await setup((_req, res) => sendJson(res, 202, created(sub('sub-1', 'b1', 'S-new'))));
    const result = await runOnClock(clock, helix.createChatSubscription(input));
    expect(result).toEqual({ id: 'sub-1', status: 'enabled', broadcasterUserId: 'b1', userId: 'me', sessionId: 'S-new' });
    const req = local.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.url.pathname).toBe('/helix/eventsub/subscriptions');
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual({
      type: 'channel.chat.message',
      version: '1',
      condition: { broadcaster_user_id: 'b1', user_id: 'me' },
      transport: { method: 'websocket', session_id: 'S-new' },
    });
  });

  it('G6 409 -> lists, deletes the same channel\'s subscription of another session, creates again', async () => {
    let posts = 0;
    const { local, helix, clock } = await setup((req, res) => {
      if (req.method === 'POST') {
        posts += 1;
        return posts === 1 ? sendTwitchError(res, 409, 'subscription already exists') : sendJson(res, 202, created(sub('sub-new', 'b1', 'S-new')));
      }
      if (req.method === 'GET') return sendJson(res, 200, { data: [sub('stale', 'b1', 'S-old'), sub('keep', 'b2', 'S-old')], total: 2, pagination: {} });
      sendStatus(res, 204);
    });
    const result = await runOnClock(clock, helix.createChatSubscription(input));
    expect(result.id).toBe('sub-new');
    expect(local.requests.map((r) => `${r.method} ${r.rawUrl}`)).toEqual([
      'POST /helix/eventsub/subscriptions',
      'GET /helix/eventsub/subscriptions?type=channel.chat.message',
      'DELETE /helix/eventsub/subscriptions?id=stale',
      'POST /helix/eventsub/subscriptions',
    ]);
  });

  it('409 where the current session already has it -> that subscription, nothing deleted', async () => {
    const { local, helix, clock } = await setup((req, res) => {
      if (req.method === 'POST') return sendTwitchError(res, 409, 'subscription already exists');
      sendJson(res, 200, { data: [sub('mine', 'b1', 'S-new')], pagination: {} });
    });
    await expect(runOnClock(clock, helix.createChatSubscription(input))).resolves.toMatchObject({ id: 'mine', sessionId: 'S-new' });
    expect(local.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
  });

  it('a 409 that survives the cleanup is a TwitchApiError 409 (never swallowed)', async () => {
    const { helix, clock } = await setup((req, res) => {
      if (req.method === 'POST') return sendTwitchError(res, 409, 'subscription already exists');
      if (req.method === 'GET') return sendJson(res, 200, { data: [sub('stale', 'b1', 'S-old')], pagination: {} });
      sendStatus(res, 204);
    });
    await expect(runOnClock(clock, helix.createChatSubscription(input))).rejects.toMatchObject({ name: 'TwitchApiError', status: 409 });
  });

  it('G8 400 "session does not exist" -> EventSubSessionGoneError (reconnect), not retried', async () => {
    const { local, helix, clock } = await setup((_req, res) => sendTwitchError(res, 400, 'websocket transport session does not exist or has already disconnected'));
    const error = await runOnClock(clock, helix.createChatSubscription(input)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EventSubSessionGoneError);
    expect((error as EventSubSessionGoneError).sessionId).toBe('S-new');
    expect(local.requests).toHaveLength(1);
  });

  it('other 400s stay TwitchApiError; 5xx is not retried for POST', async () => {
    const statuses = [
      [400, 'The parameter "condition.broadcaster_user_id" was malformed'],
      [503, 'Service Unavailable'],
    ] as const;
    for (const [status, message] of statuses) {
      const { local, helix, clock } = await setup((_req, res) => sendTwitchError(res, status, message));
      const error = await runOnClock(clock, helix.createChatSubscription(input)).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: 'TwitchApiError', status, twitchMessage: message });
      expect(error).toBeInstanceOf(TwitchApiError);
      expect(local.requests).toHaveLength(1);
    }
  });

  it('a channel Twitch will not serve is SubscriptionRefusedError: owner gone (400), banned (403 naming it), any other 403', async () => {
    const cases = [
      [400, 'A user in the condition does not exist', 'user_missing'],
      [403, 'The user in the condition is banned from the broadcaster\'s chat', 'banned'],
      [403, 'subscription missing proper authorization', 'forbidden'],
    ] as const;
    for (const [status, message, reason] of cases) {
      const { local, helix, clock } = await setup((_req, res) => sendTwitchError(res, status, message));
      const error = await runOnClock(clock, helix.createChatSubscription(input)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SubscriptionRefusedError);
      expect(error).toMatchObject({ reason, status, twitchMessage: message });
      // Not retried: the same request gets the same answer.
      expect(local.requests).toHaveLength(1);
    }
  });

  it('lists every page filtered by type, mapping only chat subscriptions', async () => {
    const pages: Record<string, unknown> = {
      '': { data: [sub('a', 'b1', 'S1'), sub('x', 'b9', 'S1', 'enabled', 'channel.follow')], pagination: { cursor: 'c1' } },
      c1: { data: [sub('b', 'b2', 'S1', 'websocket_disconnected')], pagination: { cursor: 'c2' } },
      c2: { data: [sub('c', 'b3', 'S2')], pagination: {} },
    };
    const { local, helix, clock } = await setup((req, res) => sendJson(res, 200, pages[req.url.searchParams.get('after') ?? '']));
    const list = await runOnClock(clock, helix.listChatSubscriptions());
    expect(list.map((s) => [s.id, s.status, s.broadcasterUserId, s.sessionId])).toEqual([
      ['a', 'enabled', 'b1', 'S1'],
      ['b', 'websocket_disconnected', 'b2', 'S1'],
      ['c', 'enabled', 'b3', 'S2'],
    ]);
    expect(local.requests.map((r) => r.rawUrl)).toEqual([
      '/helix/eventsub/subscriptions?type=channel.chat.message',
      '/helix/eventsub/subscriptions?type=channel.chat.message&after=c1',
      '/helix/eventsub/subscriptions?type=channel.chat.message&after=c2',
    ]);
  });

  it('a repeating cursor ends the listing with an error instead of looping', async () => {
    const { local, helix, clock } = await setup((_req, res) => sendJson(res, 200, { data: [], pagination: { cursor: 'same' } }));
    await expect(runOnClock(clock, helix.listChatSubscriptions())).rejects.toMatchObject({ name: 'InvalidResponseError' });
    expect(local.requests).toHaveLength(2);
  });

  it('deletes by id; 404 counts as already gone; 5xx is retried (DELETE is idempotent)', async () => {
    let count = 0;
    const { local, helix, clock } = await setup((req, res) => {
      count += 1;
      if (req.url.searchParams.get('id') === 'gone') return sendTwitchError(res, 404, 'subscription not found');
      if (count === 2) return sendTwitchError(res, 502, 'Bad Gateway');
      sendStatus(res, 204);
    });
    await runOnClock(clock, helix.deleteSubscription('gone'));
    await runOnClock(clock, helix.deleteSubscription('sub-1'));
    expect(local.requests.map((r) => `${r.method} ${r.rawUrl}`)).toEqual([
      'DELETE /helix/eventsub/subscriptions?id=gone',
      'DELETE /helix/eventsub/subscriptions?id=sub-1',
      'DELETE /helix/eventsub/subscriptions?id=sub-1',
    ]);
  });
});
