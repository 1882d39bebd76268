/**
 * What the EventSub client needs from Helix to keep actual subscriptions equal to the
 * desired ones. Implemented by the Helix client; the EventSub code depends only on this.
 */
export interface ChatSubscription {
  id: string;
  /** `enabled`, or any other Twitch status (treated as not live). */
  status: string;
  broadcasterUserId: string;
  /** The condition's reader (our user). */
  userId: string;
  sessionId: string | undefined;
}

export interface SubscriptionApi {
  /**
   * POST /eventsub/subscriptions for channel.chat.message v1 on `sessionId`. Resolves a 409
   * left by an orphaned session itself (G6); a dead session (G8) throws
   * EventSubSessionGoneError (or a TwitchApiError 400 that says so).
   */
  createChatSubscription(input: { sessionId: string; broadcasterUserId: string; userId: string }, signal?: AbortSignal): Promise<ChatSubscription>;
  /** GET /eventsub/subscriptions, every page, filtered by type channel.chat.message. */
  listChatSubscriptions(signal?: AbortSignal): Promise<ChatSubscription[]>;
  /** DELETE /eventsub/subscriptions?id=; a 404 counts as success (already gone). */
  deleteSubscription(id: string, signal?: AbortSignal): Promise<void>;
}
