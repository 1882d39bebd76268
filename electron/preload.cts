/**
 * The preload of every window. Sandboxed preloads can `require` only `electron` (and a
 * few Node built-ins), never our modules, so the contract's channel names are spelled out
 * here; `satisfies ColorChangerApi` makes a missing, extra or mistyped method a compile
 * error, and test/electron/preload.test.ts checks each method uses its own channel.
 *
 * It exposes exactly one object, `window.colorChanger`, with named methods grouped by
 * concern. There is no generic `invoke(channel)`: a page can only make the calls listed
 * here, and main checks the sender and parses the payload of each.
 */
// CommonJS under verbatimModuleSyntax has no other way to import.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import electron = require('electron');
import type { ColorChangerApi } from '../src-core/ipc/api-shape.js';
import type { CommandName, CommandRequest, CommandResponse, EventName, EventPayload } from '../src-core/ipc/contract.js';
import type { Result } from '../src-core/ipc/result.js';

const { contextBridge, ipcRenderer } = electron;

function command<N extends CommandName>(name: N): (request: CommandRequest<N>) => Promise<Result<CommandResponse<N>>> {
  return (request) => ipcRenderer.invoke(name, request);
}

function subscription<E extends EventName>(name: E): (listener: (payload: EventPayload<E>) => void) => () => void {
  return (listener) => {
    // The page gets the payload only: Electron's event object carries `sender`, i.e. ipcRenderer itself.
    const forward = (_event: electron.IpcRendererEvent, payload: EventPayload<E>): void => listener(payload);
    ipcRenderer.on(name, forward);
    return () => {
      ipcRenderer.removeListener(name, forward);
    };
  };
}

const api = {
  app: {
    snapshot: command('app:snapshot'),
    setPaused: command('app:set-paused'),
    openFolder: command('app:open-folder'),
  },
  settings: {
    setClientId: command('settings:set-client-id'),
    checkClientId: command('settings:check-client-id'),
    update: command('settings:update'),
  },
  updates: {
    check: command('updates:check'),
    restart: command('updates:restart'),
  },
  login: {
    start: command('login:start'),
    cancel: command('login:cancel'),
    openActivation: command('login:open-activation'),
  },
  accounts: {
    remove: command('accounts:remove'),
    setEnabled: command('accounts:set-enabled'),
    retryNow: command('accounts:retry-now'),
  },
  channels: {
    add: command('channels:add'),
    remove: command('channels:remove'),
    setEnabled: command('channels:set-enabled'),
    setFollowLive: command('channels:set-follow-live'),
  },
  colors: {
    setOptions: command('colors:set-options'),
    resetPrime: command('colors:reset-prime'),
    setHome: command('colors:set-home'),
    setNow: command('colors:set-now'),
  },
  legacy: {
    import: command('legacy:import'),
  },
  events: {
    onStateChanged: subscription('state:changed'),
    onColorChanged: subscription('color:changed'),
    onLoginProgress: subscription('login:progress'),
  },
} satisfies ColorChangerApi;

contextBridge.exposeInMainWorld('colorChanger', api);
