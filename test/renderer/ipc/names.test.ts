import { describe, expect, it } from 'vitest';
import type { ColorChangerApi, CommandGroup } from '../../../src-core/ipc/api-shape.js';
import * as core from '../../../src-core/ipc/api-shape.js';
import { commandNames, eventNames } from '../../../src-core/ipc/contract.js';
import { type IpcTransport, buildApi } from '../../../renderer/ipc/build-api.js';
import { COMMAND_NAMES, EVENT_NAMES, apiPathOf, eventMethodOf, isEventName } from '../../../renderer/ipc/names.js';

/**
 * The API's method names, spelled out once and checked both ways: against the type
 * ColorChangerApi at compile time (a missing or extra key does not compile) and against
 * the object buildApi makes at run time (the test below).
 */
const methodsOfType: { [G in CommandGroup | 'events']: Record<keyof ColorChangerApi[G], true> } = {
  app: { snapshot: true, setPaused: true, openFolder: true },
  settings: { setClientId: true, checkClientId: true, update: true },
  updates: { check: true, restart: true },
  login: { start: true, cancel: true, openActivation: true },
  accounts: { remove: true, setEnabled: true, retryNow: true },
  channels: { add: true, remove: true, setEnabled: true, setFollowLive: true },
  colors: { setOptions: true, resetPrime: true, setHome: true, setNow: true },
  legacy: { import: true },
  events: { onStateChanged: true, onColorChanged: true, onLoginProgress: true },
};

const unused: IpcTransport = {
  invoke: async () => ({ ok: true, data: null }),
  subscribe: () => () => {},
};

describe('the renderer’s copy of the contract’s names', () => {
  it('lists exactly the contract’s commands and events', () => {
    expect([...COMMAND_NAMES].sort()).toEqual([...commandNames].sort());
    expect([...EVENT_NAMES].sort()).toEqual([...eventNames].sort());
  });

  it('maps names to methods by the same rule as src-core', () => {
    for (const name of [...commandNames, ...eventNames, 'a:b-c-d', 'x', '']) {
      expect(apiPathOf(name)).toEqual(core.apiPathOf(name));
      expect(eventMethodOf(name)).toBe(core.eventMethodOf(name));
    }
  });

  it('buildApi makes exactly the methods ColorChangerApi declares', () => {
    const api = buildApi(unused) as unknown as Record<string, Record<string, unknown>>;
    const shape = (o: Record<string, Record<string, unknown>>) =>
      Object.fromEntries(Object.entries(o).map(([group, methods]) => [group, Object.keys(methods).sort()]));
    expect(shape(api)).toEqual(shape(methodsOfType));
    expect(Object.isFrozen(api) && Object.isFrozen(api.accounts) && Object.isFrozen(api.events)).toBe(true);
  });

  it('each method calls its own command, each event method subscribes to its own event', async () => {
    const calls: unknown[] = [];
    const api = buildApi({
      invoke: async (command, payload) => (calls.push([command, payload]), { ok: true, data: null }),
      subscribe: (event, listener) => (calls.push(['subscribe', event]), listener('ping'), () => calls.push(['unsubscribe', event])),
    });
    await api.accounts.setEnabled({ accountId: 'a', enabled: true });
    await api.legacy.import({ contents: '{}' });
    const got: unknown[] = [];
    const off = api.events.onLoginProgress((p) => got.push(p));
    off();
    expect(calls).toEqual([
      ['accounts:set-enabled', { accountId: 'a', enabled: true }],
      ['legacy:import', { contents: '{}' }],
      ['subscribe', 'login:progress'],
      ['unsubscribe', 'login:progress'],
    ]);
    expect(got).toEqual(['ping']);
  });

  it('isEventName knows the events and nothing else', () => {
    expect(EVENT_NAMES.every(isEventName)).toBe(true);
    expect([undefined, 'state', 'toString', 'app:snapshot'].some(isEventName)).toBe(false);
  });
});
