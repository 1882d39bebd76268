import type { ColorValue } from '../../color/color-value.js';
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import type { TwitchEndpoints } from '../endpoints.js';
import type { ChatSubscription, SubscriptionApi } from '../eventsub/subscription-api.js';
import { HttpClient } from '../http/http-client.js';
import type { RateLimitSnapshot } from '../http/rate-limit.js';
import type { TokenSource } from '../token-source.js';
import { getChatColors, setChatColor, type ChatColor } from './chat-color.js';
import { getFollowedStreams, type FollowedStreamsResult } from './followed-streams.js';
import { HelixTransport, type HelixRetryPolicy } from './helix-transport.js';
import { createChatSubscription, deleteSubscription, listChatSubscriptions, type CreateChatSubscriptionInput } from './subscriptions.js';
import { lookupUsers, type UserLookup } from './users.js';

export interface HelixClientOptions {
  endpoints: Pick<TwitchEndpoints, 'apiUrl'>;
  /** The account's token; read at every call, never cached here (R27). */
  tokens: TokenSource;
  clock: Clock;
  logger: Logger;
  /** The owner's signal (the account): aborting it cancels every call in flight. */
  signal?: AbortSignal | undefined;
  /** Shared HTTP client; when absent the Helix client makes one and `close()` closes it. */
  http?: HttpClient;
  retry?: Partial<HelixRetryPolicy>;
}

/**
 * Helix for one account: users, chat color, live followed channels, and the EventSub subscriptions the EventSub
 * client reconciles through SubscriptionApi. One instance per account, because the rate
 * limit bucket belongs to the user (client id + user id), whichever token is current.
 */
export class HelixClient implements SubscriptionApi {
  readonly #transport: HelixTransport;
  readonly #ownedHttp: HttpClient | undefined;

  constructor(options: HelixClientOptions) {
    const http = options.http ?? new HttpClient({ clock: options.clock });
    this.#ownedHttp = options.http ? undefined : http;
    this.#transport = new HelixTransport({
      http,
      apiUrl: options.endpoints.apiUrl,
      tokens: options.tokens,
      clock: options.clock,
      logger: options.logger.child({ component: 'helix' }),
      signal: options.signal,
      retry: options.retry,
    });
  }

  /** The account's Helix bucket as the newest response described it. */
  rateLimit(): RateLimitSnapshot {
    return this.#transport.rateLimit.snapshot();
  }

  /** Users by login (case-insensitive), 100 per request, concurrently (R22); unknown ones in `notFound` (R25). */
  getUsersByLogin(logins: readonly string[], signal?: AbortSignal): Promise<UserLookup> {
    return lookupUsers(this.#transport, 'login', logins, signal);
  }

  /** Users by id, 100 per request, concurrently (R22); unknown ones in `notFound` (R25). */
  getUsersById(ids: readonly string[], signal?: AbortSignal): Promise<UserLookup> {
    return lookupUsers(this.#transport, 'id', ids, signal);
  }

  /** Chat colors of up to 100 users; unknown ids are absent. */
  getChatColors(userIds: readonly string[], signal?: AbortSignal): Promise<ChatColor[]> {
    return getChatColors(this.#transport, userIds, signal);
  }

  /** `#RRGGBB`, '' when never set, undefined when Twitch does not know the user. */
  async getChatColor(userId: string, signal?: AbortSignal): Promise<string | undefined> {
    const colors = await getChatColors(this.#transport, [userId], signal);
    return colors.find((entry) => entry.userId === userId)?.color;
  }

  /** Sets the user's name color; HexColorRejectedError when hex needs Turbo/Prime. */
  setChatColor(userId: string, color: ColorValue, signal?: AbortSignal): Promise<void> {
    return setChatColor(this.#transport, userId, color, signal);
  }

  /** Every channel `userId` follows that is live now (needs `user:read:follows`). */
  getFollowedStreams(userId: string, signal?: AbortSignal): Promise<FollowedStreamsResult> {
    return getFollowedStreams(this.#transport, userId, signal);
  }

  createChatSubscription(input: CreateChatSubscriptionInput, signal?: AbortSignal): Promise<ChatSubscription> {
    return createChatSubscription(this.#transport, input, signal);
  }

  listChatSubscriptions(signal?: AbortSignal): Promise<ChatSubscription[]> {
    return listChatSubscriptions(this.#transport, signal);
  }

  deleteSubscription(id: string, signal?: AbortSignal): Promise<void> {
    return deleteSubscription(this.#transport, id, signal);
  }

  /** Closes the HTTP client this instance made (a shared one stays open). */
  async close(): Promise<void> {
    await this.#ownedHttp?.close();
  }
}
