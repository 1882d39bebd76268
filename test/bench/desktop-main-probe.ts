import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import type * as FakeElectronModule from '../fakes/electron.js';
import { FAKE_ELECTRON_URL, type ResolveResult } from './support/fake-electron-hooks.js';

/**
 * The Electron main process in plain Node with the fake Electron: imports the entry given
 * as the first argument (the bundle out/desktop/main.js or tsc's out/electron/main.js),
 * lets it boot to its main window on an empty temporary data folder, quits it the way
 * the app quits, and prints one line `BENCH_DESKTOP {json}`:
 *
 *   loadMs      import() of the entry until its top level has run (the modules it loads)
 *   bootMs      from the same start until the main window exists (store, core, tray, window)
 *   heapLoad    V8 heap used after the import, after a full GC (MB; needs --expose-gc)
 *   heapBoot    the same once booted
 *   rssBoot     resident set size once booted (MB)
 *   resolves    module resolutions the loader made (each crosses the hooks' thread)
 *   checks      what the booted app serves: the window's page, the preload file beside the
 *               entry, the page and its script over app://, and an IPC snapshot (for the
 *               bundle's own test, test/build/bundle-desktop.test.ts)
 *
 *   node --expose-gc out/test/bench/desktop-main-probe.js out/desktop/main.js
 *
 * Electron's own loader is not Node's, so the times say how much code the entry makes the
 * process load and run, not what Electron's start-up will take.
 */
export const DESKTOP_LINE_PREFIX = 'BENCH_DESKTOP ';

const MB = 1024 * 1024;

/** Module resolutions through the hooks (counted there, reported by message). */
let resolves = 0;

async function probe(entry: string): Promise<void> {
  installFakeElectron();
  // The same module instance the app's `import 'electron'` gets.
  const fake = (await import(new URL('../fakes/electron.js', import.meta.url).href)) as FakeElectron;
  const dataDir = mkdtempSync(join(tmpdir(), 'tcc-bench-desktop-'));
  fake.app.setPath('userData', dataDir);
  // main.ts logs to the console when unpackaged; this process's stdout carries the result.
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) console[method] = () => {};
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

  const started = performance.now();
  await import(pathToFileURL(entry).href);
  const loadMs = performance.now() - started;
  gc();
  const heapLoad = process.memoryUsage().heapUsed / MB;

  let main: InstanceType<typeof fake.FakeBrowserWindow> | undefined;
  while (!main?.loadedUrl) {
    if (performance.now() - started > 30_000) throw new Error('the main window never opened');
    await new Promise((resolve) => setImmediate(resolve));
    main = fake.FakeBrowserWindow.getAllWindows()[0];
  }
  const bootMs = performance.now() - started;
  gc();
  const heapBoot = process.memoryUsage().heapUsed / MB;
  const rssBoot = process.memoryUsage().rss / MB;
  const checks = await whatTheAppServes(fake, main);

  fake.app.quit();
  const quitDeadline = performance.now() + 15_000;
  while (!fake.app.quitted && performance.now() < quitDeadline) await new Promise((resolve) => setTimeout(resolve, 5));
  process.stdout.write(`${DESKTOP_LINE_PREFIX}${JSON.stringify({ entry, loadMs, bootMs, heapLoad, heapBoot, rssBoot, resolves, quit: fake.app.quitted, checks })}\n`);
  // The fake makes a temporary folder for every other path the app asked for.
  for (const path of [dataDir, ...fake.app.paths.values()]) {
    if (path.startsWith(tmpdir())) rmSync(path, { recursive: true, force: true });
  }
}

/**
 * Every `import 'electron'` gets the fake. Node 22.15+ runs resolve hooks in this thread
 * (`registerHooks`); Node 20 only on a hooks thread (`register`), where each resolution
 * costs a round trip between threads (~0.2 ms here), so there the unbundled figures carry
 * that cost for each of their ~600 resolutions and the bundle's for its ~40.
 */
function installFakeElectron(): void {
  const inThread = (nodeModule as { registerHooks?: (hooks: { resolve: SyncResolve }) => void }).registerHooks;
  if (inThread) {
    inThread({
      resolve(specifier, context, nextResolve) {
        resolves += 1;
        return specifier === 'electron' ? { url: FAKE_ELECTRON_URL, format: 'module', shortCircuit: true } : nextResolve(specifier, context);
      },
    });
    return;
  }
  const { port1, port2 } = new MessageChannel();
  port1.on('message', () => {
    resolves += 1;
  });
  port1.unref();
  nodeModule.register(new URL('./support/fake-electron-hooks.js', import.meta.url), { data: { port: port2 }, transferList: [port2] });
}

type SyncResolve = (specifier: string, context: unknown, nextResolve: (specifier: string, context: unknown) => ResolveResult) => ResolveResult;

type FakeElectron = typeof FakeElectronModule;

async function whatTheAppServes(fake: FakeElectron, main: InstanceType<FakeElectron['FakeBrowserWindow']>): Promise<Record<string, unknown>> {
  const preload = (main.options.webPreferences as { preload?: unknown } | undefined)?.preload;
  const status = async (url: string): Promise<number | string> => {
    try {
      return (await fake.protocol.fetch(url)).status;
    } catch (error) {
      return String(error);
    }
  };
  const snapshot = (await fake.ipcMain.invoke('app:snapshot', { sender: main.webContents, senderFrame: main.webContents.mainFrame }, {})) as { ok?: unknown };
  return {
    url: main.loadedUrl,
    preload: typeof preload === 'string' ? { beside: preload === join(dirname(resolve(process.argv[2] ?? '')), 'preload.cjs'), exists: existsSync(preload) } : null,
    page: await status(main.loadedUrl ?? ''),
    script: await status(new URL('main.js', main.loadedUrl ?? '').href),
    snapshotOk: snapshot.ok === true,
  };
}

// Only when run as the entry: the bench imports DESKTOP_LINE_PREFIX from here.
if (process.argv[1]?.endsWith('desktop-main-probe.js')) {
  const entry = process.argv[2];
  if (!entry) throw new Error('usage: node --expose-gc desktop-main-probe.js <main entry>');
  await probe(resolve(entry));
  process.exit(0);
}
