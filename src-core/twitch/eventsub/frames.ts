import type { z } from 'zod';
import type { ChatMessage } from '../chat-message.js';
import { isLoopbackHost } from '../endpoints.js';
import {
  chatMessageEventSchema,
  envelopeSchema,
  notificationPayloadSchema,
  revocationPayloadSchema,
  sessionPayloadSchema,
  type MetadataWire,
} from './frames.wire.js';

/** An EventSub frame after validation, in domain terms. */
export type EventSubFrame =
  | { kind: 'welcome'; messageId: string; sentAt: number; sessionId: string; keepaliveTimeoutSeconds: number | undefined }
  | { kind: 'keepalive'; messageId: string; sentAt: number }
  | { kind: 'reconnect'; messageId: string; sentAt: number; sessionId: string; reconnectUrl: string }
  | { kind: 'chat_message'; message: ChatMessage }
  /** A notification we do not act on (another subscription type). */
  | { kind: 'other_notification'; messageId: string; subscriptionType: string }
  | { kind: 'revocation'; messageId: string; sentAt: number; revocation: Revocation };

export interface Revocation {
  subscriptionId: string;
  subscriptionType: string;
  /** Twitch's reason, e.g. `authorization_revoked`, `user_removed`; unknown ones mean "revoked". */
  status: string;
  broadcasterUserId: string | undefined;
}

export type FrameProblem = 'malformed' | 'unknown_type';

export type FrameParseResult = { ok: true; frame: EventSubFrame } | { ok: false; problem: FrameProblem; detail: string };

export const CHAT_MESSAGE_TYPE = 'channel.chat.message';

/** Validates a decoded JSON frame fully and maps it to the domain. Never throws. */
export function parseFrame(json: unknown): FrameParseResult {
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return malformed('envelope', envelope.error);
  const { metadata, payload } = envelope.data;
  const sentAt = parseTimestamp(metadata.message_timestamp);
  if (Number.isNaN(sentAt)) return { ok: false, problem: 'malformed', detail: 'metadata.message_timestamp is not a timestamp' };
  const base = { messageId: metadata.message_id, sentAt };

  switch (metadata.message_type) {
    case 'session_welcome': {
      const parsed = sessionPayloadSchema.safeParse(payload);
      if (!parsed.success) return malformed('session_welcome', parsed.error);
      const { session } = parsed.data;
      return ok({ kind: 'welcome', ...base, sessionId: session.id, keepaliveTimeoutSeconds: session.keepalive_timeout_seconds ?? undefined });
    }
    case 'session_keepalive':
      return ok({ kind: 'keepalive', ...base });
    case 'session_reconnect': {
      const parsed = sessionPayloadSchema.safeParse(payload);
      if (!parsed.success) return malformed('session_reconnect', parsed.error);
      const url = parsed.data.session.reconnect_url;
      const problem = url ? reconnectUrlProblem(url) : 'reconnect_url is missing';
      if (problem || !url) return { ok: false, problem: 'malformed', detail: `session_reconnect: ${problem}` };
      return ok({ kind: 'reconnect', ...base, sessionId: parsed.data.session.id, reconnectUrl: url });
    }
    case 'notification':
      return parseNotification(metadata, payload, sentAt);
    case 'revocation': {
      const parsed = revocationPayloadSchema.safeParse(payload);
      if (!parsed.success) return malformed('revocation', parsed.error);
      const sub = parsed.data.subscription;
      return ok({
        kind: 'revocation',
        ...base,
        revocation: {
          subscriptionId: sub.id,
          subscriptionType: sub.type,
          status: sub.status,
          broadcasterUserId: sub.condition.broadcaster_user_id ?? undefined,
        },
      });
    }
    default:
      return { ok: false, problem: 'unknown_type', detail: `message_type ${JSON.stringify(metadata.message_type.slice(0, 64))}` };
  }
}

function parseNotification(metadata: MetadataWire, payload: unknown, sentAt: number): FrameParseResult {
  const parsed = notificationPayloadSchema.safeParse(payload);
  if (!parsed.success) return malformed('notification', parsed.error);
  const { subscription, event } = parsed.data;
  if (subscription.type !== CHAT_MESSAGE_TYPE) {
    return ok({ kind: 'other_notification', messageId: metadata.message_id, subscriptionType: subscription.type });
  }
  const chat = chatMessageEventSchema.safeParse(event);
  if (!chat.success) return malformed('channel.chat.message event', chat.error);
  const e = chat.data;
  return ok({
    kind: 'chat_message',
    message: {
      deliveryId: metadata.message_id,
      messageId: e.message_id,
      sourceMessageId: e.source_message_id ?? undefined,
      sentAt,
      subscriptionId: subscription.id,
      broadcasterUserId: e.broadcaster_user_id,
      broadcasterLogin: e.broadcaster_user_login,
      chatterUserId: e.chatter_user_id,
      chatterLogin: e.chatter_user_login,
      text: e.message.text,
      color: e.color ?? '',
    },
  });
}

/** RFC3339 with up to 9 fractional digits; JavaScript keeps milliseconds, so cut the rest. */
export function parseTimestamp(value: string): number {
  const trimmed = value.replace(/(\.\d{3})\d+/, '$1');
  return Date.parse(trimmed);
}

/** The reconnect URL is used as given, but only if it is a WebSocket URL we may open. */
function reconnectUrlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'reconnect_url is not a URL';
  }
  if (url.protocol === 'wss:') return undefined;
  if (url.protocol === 'ws:' && isLoopbackHost(url.hostname)) return undefined;
  return 'reconnect_url must be wss: (ws: only on loopback)';
}

function ok(frame: EventSubFrame): FrameParseResult {
  return { ok: true, frame };
}

function malformed(what: string, error: z.ZodError): FrameParseResult {
  // Paths and messages only: values could be anyone's chat text.
  const issues = error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, problem: 'malformed', detail: `${what}: ${issues}` };
}
