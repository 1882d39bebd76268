import { z } from 'zod';
import type { EventName, EventPayload } from '../contract.js';
import type { Result } from '../result.js';

/**
 * The bridge's wire protocol, JSON text frames on `ws://127.0.0.1:PORT/ws?token=...`:
 * - UI -> bridge: `{ id, command, payload }`, answered by `{ id, result }` where `result` is
 *   the contract's Result envelope. Answers may arrive out of order; `id` pairs them.
 * - bridge -> UI: `{ event, payload }`. The first message on every connection is a
 *   `state:changed` with the full snapshot, so a UI that (re)connects is whole at once.
 * A message that cannot be read as a request is answered with `id: null` (or its id, when
 * that much was readable) and an `invalid_request` result; the connection stays open.
 */
export const BRIDGE_WS_PATH = '/ws';

/** Above the contract's largest request (a 1 MB legacy config), with room for JSON escaping. */
export const BRIDGE_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/** Close codes the UI acts on: policy means "wrong token or origin, do not retry". */
export const BRIDGE_CLOSE = {
  goingAway: 1001,
  policy: 1008,
  tooBig: 1009,
  tryAgainLater: 1013,
} as const;

export const bridgeRequestIdSchema = z.union([z.string().min(1).max(64), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)]);
export type BridgeRequestId = z.infer<typeof bridgeRequestIdSchema>;

export const bridgeRequestSchema = z
  .object({ id: bridgeRequestIdSchema, command: z.string().max(100), payload: z.unknown().optional() })
  .strict();
export type BridgeRequest = z.infer<typeof bridgeRequestSchema>;

export interface BridgeResponse {
  id: BridgeRequestId | null;
  result: Result<unknown>;
}

export type BridgeEvent = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];

export type BridgeServerMessage = BridgeResponse | BridgeEvent;
