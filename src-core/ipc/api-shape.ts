import type { CommandName, CommandRequest, CommandResponse, EventName, EventPayload } from './contract.js';
import type { Result } from './result.js';

/**
 * The shape of the object a UI talks to, derived from the contract: `accounts:set-enabled`
 * becomes `api.accounts.setEnabled(request)`, `state:changed` becomes
 * `api.events.onStateChanged(listener)` returning an unsubscribe function. The Electron
 * preload exposes it as `window.colorChanger`; the renderer's WebSocket client builds the
 * same shape, so the renderer cannot tell the transports apart.
 */
type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;
type GroupOf<N extends string> = N extends `${infer G}:${string}` ? G : never;
type MethodOf<N extends string> = N extends `${string}:${infer M}` ? CamelCase<M> : never;

export type CommandGroup = GroupOf<CommandName>;

export type ColorChangerApi = {
  [G in CommandGroup]: {
    [N in CommandName as GroupOf<N> extends G ? MethodOf<N> : never]: (
      request: CommandRequest<N>,
    ) => Promise<Result<CommandResponse<N>>>;
  };
} & {
  events: {
    [E in EventName as `on${Capitalize<GroupOf<E>>}${Capitalize<MethodOf<E>>}`]: (listener: (payload: EventPayload<E>) => void) => () => void;
  };
};

/** `accounts:set-enabled` -> ['accounts', 'setEnabled']; shared rule for every transport. */
export function apiPathOf(name: string): [group: string, method: string] {
  const [group = '', method = ''] = name.split(':');
  return [group, method.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())];
}

/** `state:changed` -> 'onStateChanged'. */
export function eventMethodOf(name: string): string {
  const [, method] = apiPathOf(name);
  const [group] = name.split(':');
  return `on${(group ?? '').charAt(0).toUpperCase()}${(group ?? '').slice(1)}${method.charAt(0).toUpperCase()}${method.slice(1)}`;
}
