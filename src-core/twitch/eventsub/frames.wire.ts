import { z } from 'zod';

/**
 * Zod schemas of EventSub WebSocket frames as Twitch sends them (TWITCH.md §7, §9).
 * Unknown fields are stripped; values documented as enums are plain strings because
 * Twitch adds new ones over time.
 */

export const metadataSchema = z.object({
  message_id: z.string().min(1),
  message_type: z.string(),
  message_timestamp: z.string(),
  subscription_type: z.string().optional(),
  subscription_version: z.string().optional(),
});

/** The envelope alone: enough to route a frame by `message_type`. */
export const envelopeSchema = z.object({
  metadata: metadataSchema,
  payload: z.unknown(),
});

export const sessionSchema = z.object({
  id: z.string().min(1),
  status: z.string(),
  connected_at: z.string().nullish(),
  keepalive_timeout_seconds: z.number().int().positive().nullish(),
  reconnect_url: z.string().nullish(),
});

export const sessionPayloadSchema = z.object({ session: sessionSchema });

export const subscriptionSchema = z.object({
  id: z.string().min(1),
  status: z.string(),
  type: z.string(),
  version: z.string(),
  cost: z.number().nullish(),
  condition: z.object({
    broadcaster_user_id: z.string().nullish(),
    user_id: z.string().nullish(),
  }),
  transport: z.object({
    method: z.string(),
    session_id: z.string().nullish(),
  }),
  created_at: z.string().nullish(),
});

export const revocationPayloadSchema = z.object({ subscription: subscriptionSchema });

const fragmentSchema = z.object({
  type: z.string(),
  text: z.string(),
  cheermote: z.object({ prefix: z.string(), bits: z.number(), tier: z.number() }).nullish(),
  emote: z
    .object({
      id: z.string(),
      emote_set_id: z.string(),
      owner_id: z.string().nullish(),
      format: z.array(z.string()).nullish(),
    })
    .nullish(),
  mention: z.object({ user_id: z.string(), user_name: z.string(), user_login: z.string() }).nullish(),
});

const badgeSchema = z.object({ set_id: z.string(), id: z.string(), info: z.string().nullish() });

/**
 * `channel.chat.message` v1 event. Field presence varies between Twitch versions, so every
 * field after `message` is optional or nullable (TWITCH.md §9).
 */
export const chatMessageEventSchema = z.object({
  broadcaster_user_id: z.string().min(1),
  broadcaster_user_login: z.string(),
  broadcaster_user_name: z.string(),
  chatter_user_id: z.string().min(1),
  chatter_user_login: z.string(),
  chatter_user_name: z.string(),
  message_id: z.string().min(1),
  message: z.object({
    text: z.string(),
    fragments: z.array(fragmentSchema).nullish(),
  }),
  message_type: z.string().nullish(),
  badges: z.array(badgeSchema).nullish(),
  cheer: z.object({ bits: z.number() }).nullish(),
  color: z.string().nullish(),
  reply: z
    .object({
      parent_message_id: z.string().nullish(),
      parent_message_body: z.string().nullish(),
      parent_user_id: z.string().nullish(),
      parent_user_name: z.string().nullish(),
      parent_user_login: z.string().nullish(),
      thread_message_id: z.string().nullish(),
      thread_user_id: z.string().nullish(),
      thread_user_name: z.string().nullish(),
      thread_user_login: z.string().nullish(),
    })
    .nullish(),
  channel_points_custom_reward_id: z.string().nullish(),
  channel_points_animation_id: z.string().nullish(),
  source_broadcaster_user_id: z.string().nullish(),
  source_broadcaster_user_login: z.string().nullish(),
  source_broadcaster_user_name: z.string().nullish(),
  source_message_id: z.string().nullish(),
  source_badges: z.array(badgeSchema).nullish(),
  is_source_only: z.boolean().nullish(),
});

export const notificationPayloadSchema = z.object({
  subscription: subscriptionSchema,
  event: z.unknown(),
});

export type MetadataWire = z.infer<typeof metadataSchema>;
export type SessionWire = z.infer<typeof sessionSchema>;
export type SubscriptionWire = z.infer<typeof subscriptionSchema>;
export type ChatMessageEventWire = z.infer<typeof chatMessageEventSchema>;
