import type { CommandName, EventName } from '../../src-core/ipc/contract.js';

/**
 * The contract's names, as runtime values the renderer may hold (it imports only types
 * from src-core). The checks below make tsc fail when this list and the contract differ,
 * in either direction; the naming rules are tested against src-core's own.
 */
export const COMMAND_NAMES = [
  'app:snapshot',
  'app:set-paused',
  'app:open-folder',
  'settings:set-client-id',
  'settings:check-client-id',
  'settings:update',
  'updates:check',
  'updates:restart',
  'login:start',
  'login:cancel',
  'login:open-activation',
  'accounts:remove',
  'accounts:set-enabled',
  'accounts:retry-now',
  'channels:add',
  'channels:remove',
  'channels:set-enabled',
  'channels:set-follow-live',
  'colors:set-options',
  'colors:reset-prime',
  'colors:set-home',
  'colors:set-now',
  'legacy:import',
] as const satisfies readonly CommandName[];

export const EVENT_NAMES = ['state:changed', 'color:changed', 'login:progress'] as const satisfies readonly EventName[];

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const commandsMatch: Same<(typeof COMMAND_NAMES)[number], CommandName> = true;
const eventsMatch: Same<(typeof EVENT_NAMES)[number], EventName> = true;
void commandsMatch;
void eventsMatch;

/** `accounts:set-enabled` -> ['accounts', 'setEnabled'] (the same rule as src-core/ipc/api-shape.ts). */
export function apiPathOf(name: string): [group: string, method: string] {
  const [group = '', method = ''] = name.split(':');
  return [group, method.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())];
}

/** `state:changed` -> 'onStateChanged'. */
export function eventMethodOf(name: string): string {
  const [group, method] = apiPathOf(name);
  return `on${capitalize(group)}${capitalize(method)}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}
