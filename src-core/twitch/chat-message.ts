/** A `channel.chat.message` notification mapped to the domain (camelCase, only what we use). */
export interface ChatMessage {
  /** Envelope `metadata.message_id`: the delivery id, repeated on redelivery. */
  deliveryId: string;
  /** `event.message_id`. */
  messageId: string;
  /** `event.source_message_id` in shared chat, else undefined. Dedupe key: sourceMessageId ?? messageId. */
  sourceMessageId: string | undefined;
  /** Envelope `metadata.message_timestamp`, epoch ms. */
  sentAt: number;
  subscriptionId: string;
  broadcasterUserId: string;
  broadcasterLogin: string;
  chatterUserId: string;
  chatterLogin: string;
  text: string;
  /** The chatter's name color as `#RRGGBB`, or '' if never set. */
  color: string;
}
