/**
 * The renderer-side part of the Electron fake (see electron.ts), for the preload test:
 * contextBridge records what was exposed, ipcRenderer records invocations and lets the
 * test answer them and push events (`ipcRenderer.emit(channel, event, payload)`).
 *
 * Fidelity notes: api/context-bridge.md (exposeInMainWorld refuses a key that already
 * exists on the main world); api/ipc-renderer.md (invoke returns a promise of the main
 * handler's result; `on` listeners get (event, ...args)).
 */
import { EventEmitter } from 'node:events';

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    if (contextBridge.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property "${key}"`);
    contextBridge.exposed.set(key, api);
  },
};

class FakeIpcRenderer extends EventEmitter {
  readonly invocations: Array<{ channel: string; args: unknown[] }> = [];
  answer: (channel: string, ...args: unknown[]) => unknown = () => null;
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ channel, args });
    return this.answer(channel, ...args);
  }
}

export const ipcRenderer = new FakeIpcRenderer();

export function resetRenderer(): void {
  contextBridge.exposed.clear();
  ipcRenderer.removeAllListeners();
  ipcRenderer.invocations.length = 0;
  ipcRenderer.answer = () => null;
}
