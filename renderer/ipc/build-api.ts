import type { ColorChangerApi } from '../../src-core/ipc/api-shape.js';
import type { CommandName, EventName } from '../../src-core/ipc/contract.js';
import type { Result } from '../../src-core/ipc/result.js';
import { COMMAND_NAMES, EVENT_NAMES, apiPathOf, eventMethodOf } from './names.js';

/** What a transport must offer; the API object on top is the same for every transport. */
export interface IpcTransport {
  invoke(command: CommandName, payload: unknown): Promise<Result<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

/**
 * Builds the grouped API object (`api.accounts.setEnabled(req)`, `api.events.onStateChanged(cb)`)
 * from a transport. The object is frozen, like the one Electron's contextBridge exposes.
 */
export function buildApi(transport: IpcTransport): ColorChangerApi {
  const groups: Record<string, Record<string, unknown>> = {};
  for (const command of COMMAND_NAMES) {
    const [group, method] = apiPathOf(command);
    (groups[group] ??= {})[method] = (request: unknown) => transport.invoke(command, request);
  }
  const events: Record<string, unknown> = {};
  for (const event of EVENT_NAMES) {
    events[eventMethodOf(event)] = (listener: (payload: unknown) => void) => transport.subscribe(event, listener);
  }
  const api: Record<string, unknown> = { events: Object.freeze(events) };
  for (const [group, methods] of Object.entries(groups)) api[group] = Object.freeze(methods);
  // The names come from the contract and the rules above are tested against api-shape.ts.
  return Object.freeze(api) as ColorChangerApi;
}
