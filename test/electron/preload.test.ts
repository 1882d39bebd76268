import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiPathOf, eventMethodOf } from '../../src-core/ipc/api-shape.js';
import { commandNames, eventNames } from '../../src-core/ipc/contract.js';
import { contextBridge, ipcRenderer, resetFakeElectron } from '../fakes/electron.js';

/**
 * The preload runs the way Electron runs a sandboxed preload: compiled to CommonJS and
 * given a `require` that knows `electron` only. Anything else it tried to load would throw.
 */
const source = readFileSync(fileURLToPath(new URL('../../electron/preload.cts', import.meta.url)), 'utf8');
const compiled = ts.transpileModule(source, {
  fileName: 'preload.cts',
  compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
}).outputText;

const required: string[] = [];

function runPreload(): void {
  const sandboxRequire = (name: string): unknown => {
    required.push(name);
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require "${name}"`);
    return { contextBridge, ipcRenderer };
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', compiled)(sandboxRequire, module, module.exports);
}

type Api = Record<string, Record<string, (...args: unknown[]) => unknown>>;

function exposedApi(): Api {
  return contextBridge.exposed.get('colorChanger') as Api;
}

beforeEach(() => {
  resetFakeElectron();
  required.length = 0;
  runPreload();
});
afterEach(() => resetFakeElectron());

describe('the preload', () => {
  it('requires nothing but electron at run time', () => {
    expect(required).toEqual(['electron']);
    expect([...compiled.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1])).toEqual(['electron']);
  });

  it('exposes exactly one object, window.colorChanger', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['colorChanger']);
  });

  it('has exactly the contract’s commands as methods, grouped by concern, and its events as subscriptions', () => {
    const api = exposedApi();
    const expected = new Map<string, string[]>([['events', eventNames.map(eventMethodOf).sort()]]);
    for (const name of commandNames) {
      const [group, method] = apiPathOf(name);
      expected.set(group, [...(expected.get(group) ?? []), method].sort());
    }
    const actual = new Map(Object.entries(api).map(([group, methods]) => [group, Object.keys(methods).sort()]));
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
    for (const methods of Object.values(api)) for (const fn of Object.values(methods)) expect(typeof fn).toBe('function');
  });

  it.each(commandNames)('%s invokes its own channel with the request as the only argument', async (name) => {
    const [group, method] = apiPathOf(name);
    ipcRenderer.answer = (channel) => ({ ok: true, data: `answer to ${channel}` });
    const request = { marker: name };
    const result = await exposedApi()[group]![method]!(request);
    expect(ipcRenderer.invocations).toEqual([{ channel: name, args: [request] }]);
    expect(result).toEqual({ ok: true, data: `answer to ${name}` });
  });

  it.each(eventNames)('%s: a subscription gets the payload only, and its unsubscribe function ends it', (name) => {
    const received: unknown[] = [];
    const unsubscribe = exposedApi().events![eventMethodOf(name)]!((payload: unknown) => received.push(payload)) as () => void;
    const electronEvent = { sender: ipcRenderer, senderId: 0 };
    ipcRenderer.emit(name, electronEvent, { n: 1 });
    ipcRenderer.emit(name, electronEvent, { n: 2 });
    unsubscribe();
    ipcRenderer.emit(name, electronEvent, { n: 3 });
    expect(received).toEqual([{ n: 1 }, { n: 2 }]);
    expect(ipcRenderer.listenerCount(name)).toBe(0);
  });

  it('keeps subscriptions independent: unsubscribing one leaves the others', () => {
    const api = exposedApi();
    const a: unknown[] = [];
    const b: unknown[] = [];
    const stopA = api.events!.onStateChanged!((p: unknown) => a.push(p)) as () => void;
    api.events!.onStateChanged!((p: unknown) => b.push(p));
    stopA();
    ipcRenderer.emit('state:changed', {}, 'x');
    expect(a).toEqual([]);
    expect(b).toEqual(['x']);
  });
});
