import { randomUUID } from 'node:crypto';

/** Builders of EventSub frames as Twitch sends them (compact JSON, TWITCH.md §7, §9). */

export function iso(at: number = Date.now()): string {
  // Twitch sends nanoseconds; keep the parser honest.
  return new Date(at).toISOString().replace(/\.(\d{3})Z$/, '.$1456789Z');
}

function metadata(type: string, at?: number, extra: Record<string, string> = {}, messageId: string = randomUUID()) {
  return { message_id: messageId, message_type: type, message_timestamp: iso(at), ...extra };
}

export function welcomeFrame(sessionId: string, options: { keepaliveSeconds?: number | null; at?: number } = {}): string {
  return JSON.stringify({
    metadata: metadata('session_welcome', options.at),
    payload: {
      session: {
        id: sessionId,
        status: 'connected',
        connected_at: iso(options.at),
        keepalive_timeout_seconds: options.keepaliveSeconds === undefined ? 10 : options.keepaliveSeconds,
        reconnect_url: null,
      },
    },
  });
}

export function keepaliveFrame(at?: number): string {
  return JSON.stringify({ metadata: metadata('session_keepalive', at), payload: {} });
}

export function reconnectFrame(sessionId: string, reconnectUrl: string, at?: number): string {
  return JSON.stringify({
    metadata: metadata('session_reconnect', at),
    payload: {
      session: { id: sessionId, status: 'reconnecting', keepalive_timeout_seconds: null, reconnect_url: reconnectUrl, connected_at: iso(at) },
    },
  });
}

export interface ChatFrameInput {
  chatterUserId: string;
  broadcasterUserId?: string;
  deliveryId?: string;
  messageId?: string;
  sourceMessageId?: string | null;
  subscriptionId?: string;
  sessionId?: string;
  text?: string;
  at?: number;
  color?: string;
}

export function chatEvent(input: ChatFrameInput): Record<string, unknown> {
  const broadcaster = input.broadcasterUserId ?? '1000';
  return {
    broadcaster_user_id: broadcaster,
    broadcaster_user_login: `channel${broadcaster}`,
    broadcaster_user_name: `Channel${broadcaster}`,
    chatter_user_id: input.chatterUserId,
    chatter_user_login: `user${input.chatterUserId}`,
    chatter_user_name: `User${input.chatterUserId}`,
    message_id: input.messageId ?? randomUUID(),
    message: {
      text: input.text ?? 'hello there',
      fragments: [{ type: 'text', text: input.text ?? 'hello there', cheermote: null, emote: null, mention: null }],
    },
    color: input.color ?? '#1E90FF',
    badges: [{ set_id: 'subscriber', id: '12', info: '16' }],
    message_type: 'text',
    cheer: null,
    reply: null,
    channel_points_custom_reward_id: null,
    channel_points_animation_id: null,
    source_broadcaster_user_id: input.sourceMessageId ? '999' : null,
    source_broadcaster_user_login: input.sourceMessageId ? 'source' : null,
    source_broadcaster_user_name: input.sourceMessageId ? 'Source' : null,
    source_message_id: input.sourceMessageId ?? null,
    source_badges: null,
    is_source_only: null,
  };
}

export function chatFrame(input: ChatFrameInput): string {
  return notificationFrame(chatEvent(input), input);
}

export function notificationFrame(event: unknown, input: Pick<ChatFrameInput, 'deliveryId' | 'subscriptionId' | 'sessionId' | 'at' | 'broadcasterUserId'> & { type?: string } = {}): string {
  const type = input.type ?? 'channel.chat.message';
  return JSON.stringify({
    metadata: metadata('notification', input.at, { subscription_type: type, subscription_version: '1' }, input.deliveryId),
    payload: {
      subscription: subscriptionObject(input.subscriptionId ?? randomUUID(), 'enabled', input.broadcasterUserId ?? '1000', input.sessionId ?? 'S', type),
      event,
    },
  });
}

export function revocationFrame(subscriptionId: string, status: string, broadcasterUserId: string, at?: number): string {
  return JSON.stringify({
    metadata: metadata('revocation', at, { subscription_type: 'channel.chat.message', subscription_version: '1' }),
    payload: { subscription: subscriptionObject(subscriptionId, status, broadcasterUserId, 'S') },
  });
}

function subscriptionObject(id: string, status: string, broadcaster: string, sessionId: string, type = 'channel.chat.message') {
  return {
    id,
    status,
    type,
    version: '1',
    cost: 0,
    condition: { broadcaster_user_id: broadcaster, user_id: '42' },
    transport: { method: 'websocket', session_id: sessionId },
    created_at: iso(),
  };
}
