import type { Clock } from '../../src-core/runtime/clock.js';
import type { Accounts, FakeUser } from './accounts.js';
import type { Envelope, EventSubSessions } from './eventsub-sessions.js';
import { newUuid } from './ids.js';
import type { SubscriptionRegistry } from './subscriptions.js';

export interface ChatBadge {
  set_id: string;
  id: string;
  info: string;
}

export interface SayInput {
  /** Channel (broadcaster) id or login where the message is sent. */
  channel: string;
  /** Sender id or login; may be anyone (G9: the subscription does not filter by sender). */
  chatter: string;
  text: string;
  /** event.message_id (default: a fresh UUID). */
  messageId?: string;
  /** event.color (default: the chatter's current color, '' if never set). */
  color?: string;
  badges?: ChatBadge[];
  /** event.message_type (default `text`). */
  messageType?: string;
  /** event.message.fragments (default: one text fragment). */
  fragments?: unknown[];
  reply?: Record<string, string> | null;
  cheer?: { bits: number } | null;
  channelPointsCustomRewardId?: string | null;
  /**
   * Shared chat (G10): the message is sent in `channel` and also delivered to these channels
   * (ids or logins), every copy with the source_* fields set; copies outside the source get
   * their own message_id, source_message_id is the original id everywhere.
   */
  sharedChat?: { channels: string[]; sourceBadges?: ChatBadge[] };
}

export interface Delivery {
  sessionId: string;
  subscriptionId: string;
  /** The channel this copy was delivered to. */
  broadcasterUserId: string;
  /** Envelope metadata.message_id (the redelivery dedupe key). */
  envelopeMessageId: string;
  /** event.message_id of this copy. */
  messageId: string;
}

export interface SayResult {
  messageId: string;
  deliveries: Delivery[];
}

const MAX_REMEMBERED = 1000;

/** Simulated chat: turns "X says T in C" into channel.chat.message notifications. */
export class Chat {
  /** event.message_id (original) -> envelopes sent, for redelivery with the same ids. */
  readonly #sent = new Map<string, { subscriptionId: string; envelope: Envelope; messageId: string; broadcasterUserId: string }[]>();
  readonly #deps: { clock: Clock; accounts: Accounts; subscriptions: SubscriptionRegistry; sessions: EventSubSessions };

  constructor(deps: { clock: Clock; accounts: Accounts; subscriptions: SubscriptionRegistry; sessions: EventSubSessions }) {
    this.#deps = deps;
  }

  say(input: SayInput): SayResult {
    const { accounts } = this.#deps;
    const source = accounts.resolveUser(input.channel);
    const chatter = accounts.resolveUser(input.chatter);
    if (accounts.isBanned(source.id, chatter.id)) throw new Error(`fake-twitch: ${chatter.login} is banned in ${source.login}'s chat`);
    const messageId = input.messageId ?? newUuid();
    const targets: FakeUser[] = [source, ...(input.sharedChat?.channels ?? []).map((c) => accounts.resolveUser(c))];
    const deliveries: Delivery[] = [];
    const remembered: { subscriptionId: string; envelope: Envelope; messageId: string; broadcasterUserId: string }[] = [];
    for (const target of targets) {
      const copyId = target.id === source.id ? messageId : newUuid();
      const event = this.#event(input, { target, source, chatter, messageId: copyId, originalId: messageId });
      for (const sub of this.#deps.subscriptions.all()) {
        if (sub.status !== 'enabled' || sub.type !== 'channel.chat.message' || sub.condition.broadcaster_user_id !== target.id) continue;
        const envelope = this.#deps.sessions.envelope(
          'notification',
          { subscription: this.#subscriptionJson(sub.id), event },
          { subscription_type: sub.type, subscription_version: sub.version },
        );
        remembered.push({ subscriptionId: sub.id, envelope, messageId: copyId, broadcasterUserId: target.id });
        if (this.#deps.sessions.send(sub.sessionId, envelope)) {
          deliveries.push({ sessionId: sub.sessionId, subscriptionId: sub.id, broadcasterUserId: target.id, envelopeMessageId: String(envelope.metadata.message_id), messageId: copyId });
        }
      }
    }
    this.#remember(messageId, remembered);
    return { messageId, deliveries };
  }

  /**
   * At-least-once delivery: sends every envelope of an earlier `say` again, byte for byte
   * (same metadata.message_id), to each subscription's current session.
   */
  redeliver(messageId: string): Delivery[] {
    const sent = this.#sent.get(messageId);
    if (!sent) throw new Error(`fake-twitch: no chat message ${messageId} to redeliver`);
    const deliveries: Delivery[] = [];
    for (const item of sent) {
      const sub = this.#deps.subscriptions.get(item.subscriptionId);
      if (!sub || sub.status !== 'enabled') continue;
      if (this.#deps.sessions.send(sub.sessionId, item.envelope)) {
        deliveries.push({ sessionId: sub.sessionId, subscriptionId: sub.id, broadcasterUserId: item.broadcasterUserId, envelopeMessageId: String(item.envelope.metadata.message_id), messageId: item.messageId });
      }
    }
    return deliveries;
  }

  #remember(messageId: string, items: { subscriptionId: string; envelope: Envelope; messageId: string; broadcasterUserId: string }[]): void {
    this.#sent.set(messageId, items);
    if (this.#sent.size > MAX_REMEMBERED) {
      const oldest = this.#sent.keys().next().value;
      if (oldest !== undefined) this.#sent.delete(oldest);
    }
  }

  #subscriptionJson(id: string): Record<string, unknown> {
    const sub = this.#deps.subscriptions.get(id);
    if (!sub) return {};
    const json = this.#deps.subscriptions.toJson(sub, this.#deps.clock.now());
    const transport = json.transport as Record<string, unknown>;
    return { ...json, transport: { method: transport.method, session_id: transport.session_id } };
  }

  #event(input: SayInput, p: { target: FakeUser; source: FakeUser; chatter: FakeUser; messageId: string; originalId: string }): Record<string, unknown> {
    const shared = input.sharedChat !== undefined;
    return {
      broadcaster_user_id: p.target.id,
      broadcaster_user_login: p.target.login,
      broadcaster_user_name: p.target.displayName,
      chatter_user_id: p.chatter.id,
      chatter_user_login: p.chatter.login,
      chatter_user_name: p.chatter.displayName,
      message_id: p.messageId,
      message: {
        text: input.text,
        fragments: input.fragments ?? [{ type: 'text', text: input.text, cheermote: null, emote: null, mention: null }],
      },
      message_type: input.messageType ?? 'text',
      badges: input.badges ?? [],
      cheer: input.cheer ?? null,
      color: input.color ?? p.chatter.color,
      reply: input.reply ?? null,
      channel_points_custom_reward_id: input.channelPointsCustomRewardId ?? null,
      channel_points_animation_id: null,
      source_broadcaster_user_id: shared ? p.source.id : null,
      source_broadcaster_user_login: shared ? p.source.login : null,
      source_broadcaster_user_name: shared ? p.source.displayName : null,
      source_message_id: shared ? p.originalId : null,
      source_badges: shared ? (input.sharedChat?.sourceBadges ?? input.badges ?? []) : null,
      is_source_only: shared ? false : null,
    };
  }
}
