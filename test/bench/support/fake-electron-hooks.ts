import type { MessagePort } from 'node:worker_threads';

/**
 * Module-resolution hooks (node:module `register`) that give every `import 'electron'` the
 * compiled fake (out/test/fakes/electron.js), the way vitest's alias does for the tests,
 * for running the Electron main process in plain Node (test/bench/desktop-main-probe.ts).
 * Each resolution is reported on the port the probe passes (the URL it resolved to), so it
 * can count them and tell which files were loaded.
 */
export const FAKE_ELECTRON_URL = new URL('../../fakes/electron.js', import.meta.url).href;

export interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context: unknown) => Promise<ResolveResult>;

let counter: MessagePort | undefined;

export function initialize(data: { port?: MessagePort } | undefined): void {
  counter = data?.port;
}

export async function resolve(specifier: string, context: unknown, nextResolve: NextResolve): Promise<ResolveResult> {
  const result = specifier === 'electron' ? { url: FAKE_ELECTRON_URL, format: 'module', shortCircuit: true } : await nextResolve(specifier, context);
  counter?.postMessage(result.url);
  return result;
}
