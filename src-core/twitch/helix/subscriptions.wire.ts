import { z } from 'zod';

/**
 * An EventSub subscription as Helix lists and creates it (TWITCH.md §8). The condition
 * and transport vary by type and method, so they are read loosely and checked when mapped.
 */
export const subscriptionWireSchema = z.object({
  id: z.string().min(1),
  status: z.string(),
  type: z.string(),
  version: z.string(),
  condition: z.record(z.string(), z.unknown()),
  created_at: z.string().optional(),
  transport: z.looseObject({
    method: z.string(),
    session_id: z.string().optional(),
  }),
  cost: z.number().optional(),
});
export type SubscriptionWire = z.output<typeof subscriptionWireSchema>;

/** POST /eventsub/subscriptions, 202. */
export const createSubscriptionResponseWireSchema = z.object({
  data: z.array(subscriptionWireSchema).min(1),
  total: z.number().optional(),
  total_cost: z.number().optional(),
  max_total_cost: z.number().optional(),
});

/** GET /eventsub/subscriptions, 200. `pagination` is `{}` on the last page. */
export const listSubscriptionsResponseWireSchema = z.object({
  data: z.array(subscriptionWireSchema),
  total: z.number().optional(),
  pagination: z.object({ cursor: z.string().optional() }).optional(),
});

/** DELETE /eventsub/subscriptions, 204: no body. */
export const deleteSubscriptionResponseWireSchema = z.unknown();
