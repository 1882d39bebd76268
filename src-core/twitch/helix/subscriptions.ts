import { EventSubSessionGoneError, SubscriptionRefusedError, TwitchApiError } from '../errors.js';
import { InvalidResponseError } from '../http/errors.js';
import type { ChatSubscription } from '../eventsub/subscription-api.js';
import type { HelixTransport } from './helix-transport.js';
import {
  createSubscriptionResponseWireSchema,
  deleteSubscriptionResponseWireSchema,
  listSubscriptionsResponseWireSchema,
  type SubscriptionWire,
} from './subscriptions.wire.js';

export const CHAT_MESSAGE_TYPE = 'channel.chat.message';
const PATH = '/eventsub/subscriptions';
/** 3 sessions x 300 subscriptions, 100 a page, with room for disabled leftovers. */
const MAX_PAGES = 100;

export interface CreateChatSubscriptionInput {
  sessionId: string;
  broadcasterUserId: string;
  userId: string;
}

/** A chat subscription in domain terms; undefined for other types or odd conditions. */
function toChatSubscription(wire: SubscriptionWire): ChatSubscription | undefined {
  const { broadcaster_user_id: broadcaster, user_id: user } = wire.condition;
  if (wire.type !== CHAT_MESSAGE_TYPE || typeof broadcaster !== 'string' || typeof user !== 'string') return undefined;
  return {
    id: wire.id,
    status: wire.status,
    broadcasterUserId: broadcaster,
    userId: user,
    sessionId: wire.transport.method === 'websocket' ? wire.transport.session_id : undefined,
  };
}

// G8: "websocket transport session does not exist or has already disconnected".
function isSessionGone(message: string): boolean {
  return /session/i.test(message) && /(not exist|disconnected)/i.test(message);
}

// §8: 400 "a user in the condition does not exist" (the channel's owner was removed or suspended).
function isUserMissing(message: string): boolean {
  return /user/i.test(message) && /(not|n't) exist/i.test(message);
}

// A 403 naming a ban: how Twitch words it is (unverified); anything else stays a plain refusal.
function isBanned(message: string): boolean {
  return /banned/i.test(message);
}

/** One POST; undefined on 409 (the caller resolves the conflict). */
async function postChatSubscription(
  transport: HelixTransport,
  input: CreateChatSubscriptionInput,
  signal: AbortSignal | undefined,
): Promise<ChatSubscription | undefined> {
  const result = await transport.call({
    method: 'POST',
    path: PATH,
    json: {
      type: CHAT_MESSAGE_TYPE,
      version: '1',
      condition: { broadcaster_user_id: input.broadcasterUserId, user_id: input.userId },
      transport: { method: 'websocket', session_id: input.sessionId },
    },
    schema: createSubscriptionResponseWireSchema,
    handles: ['bad_request', 'conflict', 'forbidden'],
    signal,
  });
  switch (result.outcome) {
    case 'success': {
      const created = result.data.data[0] && toChatSubscription(result.data.data[0]);
      if (!created) throw new InvalidResponseError(`helix POST ${PATH}`, result.status, 'the created subscription is not a chat subscription');
      return created;
    }
    case 'conflict':
      return undefined;
    case 'bad_request':
      if (isSessionGone(result.twitchMessage)) throw new EventSubSessionGoneError(input.sessionId, result.twitchMessage);
      if (isUserMissing(result.twitchMessage)) throw new SubscriptionRefusedError('user_missing', result.status, result.twitchMessage);
      throw new TwitchApiError(result.status, 'POST', PATH, result.twitchMessage);
    case 'forbidden':
      // The token's scope is checked by validation (hourly, G14); a 403 here concerns this channel.
      throw new SubscriptionRefusedError(isBanned(result.twitchMessage) ? 'banned' : 'forbidden', result.status, result.twitchMessage);
    default:
      // `not_found` was not handed over, so the transport has already thrown for it.
      throw new TwitchApiError(result.status, 'POST', PATH, result.twitchMessage);
  }
}

/**
 * POST channel.chat.message v1 on a WebSocket session. On 409 (G6: a subscription left by
 * an orphaned session still counts as enabled) it lists, deletes the same channel's
 * subscriptions bound to other sessions, and creates once more. A 409 that survives that
 * is a TwitchApiError; a dead session is EventSubSessionGoneError (G8: reconnect); a channel
 * Twitch will not serve (owner gone, banned, other 403) is SubscriptionRefusedError.
 */
export async function createChatSubscription(
  transport: HelixTransport,
  input: CreateChatSubscriptionInput,
  signal?: AbortSignal,
): Promise<ChatSubscription> {
  const created = await postChatSubscription(transport, input, signal);
  if (created) return created;

  const same = (await listChatSubscriptions(transport, signal)).filter(
    (sub) => sub.broadcasterUserId === input.broadcasterUserId && sub.userId === input.userId,
  );
  const live = same.find((sub) => sub.sessionId === input.sessionId && sub.status === 'enabled');
  if (live) return live;
  const stale = same.filter((sub) => sub.sessionId !== input.sessionId);
  transport.logger.info('helix.subscription_conflict', 'A subscription from an earlier session blocks this channel; replacing it', {
    operation: `helix POST ${PATH}`,
    channel: input.broadcasterUserId,
    stale: stale.length,
  });
  for (const sub of stale) await deleteSubscription(transport, sub.id, signal);

  const retried = await postChatSubscription(transport, input, signal);
  if (retried) return retried;
  throw new TwitchApiError(409, 'POST', PATH, 'a subscription for this channel still exists after removing stale ones');
}

/** Every page of GET /eventsub/subscriptions?type=channel.chat.message, oldest first. */
export async function listChatSubscriptions(transport: HelixTransport, signal?: AbortSignal): Promise<ChatSubscription[]> {
  const out: ChatSubscription[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const query = new URLSearchParams({ type: CHAT_MESSAGE_TYPE });
    if (cursor) query.set('after', cursor);
    const result = await transport.call({ method: 'GET', path: PATH, query, schema: listSubscriptionsResponseWireSchema, signal });
    if (result.outcome !== 'success') throw new TwitchApiError(result.status, 'GET', PATH, result.twitchMessage);
    for (const wire of result.data.data) {
      const sub = toChatSubscription(wire);
      if (sub) out.push(sub);
    }
    cursor = result.data.pagination?.cursor || undefined;
    if (!cursor) return out;
    // A cursor seen before would loop forever.
    if (seen.has(cursor)) throw new InvalidResponseError(`helix GET ${PATH}`, result.status, 'the page cursor repeats');
    seen.add(cursor);
  }
  throw new InvalidResponseError(`helix GET ${PATH}`, 200, `more than ${MAX_PAGES} pages of subscriptions`);
}

/** DELETE /eventsub/subscriptions?id=. A 404 means it is already gone: success. */
export async function deleteSubscription(transport: HelixTransport, id: string, signal?: AbortSignal): Promise<void> {
  await transport.call({
    method: 'DELETE',
    path: PATH,
    query: new URLSearchParams({ id }),
    schema: deleteSubscriptionResponseWireSchema,
    handles: ['not_found'],
    signal,
  });
}
