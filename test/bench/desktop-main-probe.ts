import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { MessageChannel } from 'node:worker_threads';
import type * as FakeElectronModule from '../fakes/electron.js';
import { printMemory } from './memory-probe-cli.js';
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
 *   loaded      the files beside the entry that were loaded (the bundle's chunks), by name
 *   checks      what the booted app serves: the window's page, the preload file beside the
 *               entry, the page and its script over app://, and an IPC snapshot (for the
 *               bundle's own test, test/build/bundle-desktop.test.ts)
 *
 *   node --expose-gc out/test/bench/desktop-main-probe.js out/desktop/main.js
 *
 * `--v8-flags "..."` sets V8 flags right after the entry's top level ran, over its own.
 * `--packaged` and `--app-version V` make the fake app a packaged one of that version,
 * `--resources DIR` is its process.resourcesPath (where a package keeps the icons);
 * `--check-updates` then asks the booted app to check for updates (as Settings' "Check
 * now" does) and adds `updates` (the snapshot's update status once the check is over) and
 * `loadedAfterCheck` to the line.
 * With `--data-dir DIR --serve` it runs on DIR (the bench's world of accounts, with the
 * TWITCH_* variables of its fake Twitch) and keeps running after the line: SIGUSR2 prints
 * `BENCH_MEMORY {json}` (memory-probe-cli.ts), SIGTERM quits the app the way main.ts
 * handles it, then the process exits.
 *
 * Electron's own loader is not Node's, so the times say how much code the entry makes the
 * process load and run, not what Electron's start-up will take.
 */
export const DESKTOP_LINE_PREFIX = 'BENCH_DESKTOP ';

const MB = 1024 * 1024;

/** Module resolutions through the hooks (counted there, reported by message), and what they resolved to. */
let resolves = 0;
const resolved = new Set<string>();

interface ProbeOptions {
  dataDir?: string;
  serve: boolean;
  v8Flags?: string;
  packaged: boolean;
  appVersion?: string;
  resources?: string;
  checkUpdates: boolean;
}

async function probe(entry: string, options: ProbeOptions): Promise<void> {
  installFakeElectron();
  // The same module instance the app's `import 'electron'` gets.
  const fake = (await import(new URL('../fakes/electron.js', import.meta.url).href)) as FakeElectron;
  routeCommonJsElectron(fake.default);
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tcc-bench-desktop-'));
  fake.app.setPath('userData', dataDir);
  if (options.packaged) fake.app.isPackaged = true;
  if (options.appVersion) fake.app.version = options.appVersion;
  // Electron sets it for every run; plain Node has none.
  if (options.resources) (process as { resourcesPath?: string }).resourcesPath = resolve(options.resources);
  // main.ts logs to the console when unpackaged; this process's stdout carries the result.
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) console[method] = () => {};
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

  const started = performance.now();
  await import(pathToFileURL(entry).href);
  const loadMs = performance.now() - started;
  // What-ifs: V8 flags over the ones the entry set itself (before the core's first traffic).
  if (options.v8Flags) setFlagsFromString(options.v8Flags);
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
  const loaded = loadedBeside(entry);
  const updates = options.checkUpdates ? { updates: await checkForUpdates(fake, main), loadedAfterCheck: loadedBeside(entry) } : {};
  const result = { entry, loadMs, bootMs, heapLoad, heapBoot, rssBoot, resolves, loaded, checks, ...updates };

  if (options.serve) {
    process.stdout.write(`${DESKTOP_LINE_PREFIX}${JSON.stringify(result)}\n`);
    const drained = { pagePushes: 0, trayMenus: 0 };
    // The fake records what the app hands Electron (every push to a page, every tray menu)
    // for tests to inspect; over a long run that record, not the app, would fill the heap.
    setInterval(() => forgetRecords(fake, drained), 100).unref();
    process.on('SIGUSR2', () => {
      forgetRecords(fake, drained);
      process.stdout.write(`${DESKTOP_LINE_PREFIX}${JSON.stringify({ drained })}\n`);
      printMemory();
    });
    // main.ts quits the app on SIGTERM itself.
    while (!fake.app.quitted) await new Promise((resolve) => setTimeout(resolve, 20));
  } else {
    fake.app.quit();
    const quitDeadline = performance.now() + 15_000;
    while (!fake.app.quitted && performance.now() < quitDeadline) await new Promise((resolve) => setTimeout(resolve, 5));
    process.stdout.write(`${DESKTOP_LINE_PREFIX}${JSON.stringify({ ...result, quit: fake.app.quitted })}\n`);
  }
  // The fake makes a temporary folder for every other path the app asked for.
  for (const path of [...(options.dataDir ? [] : [dataDir]), ...fake.app.paths.values()]) {
    if (path !== options.dataDir && path.startsWith(tmpdir())) rmSync(path, { recursive: true, force: true });
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
        const result = specifier === 'electron' ? { url: FAKE_ELECTRON_URL, format: 'module', shortCircuit: true } : nextResolve(specifier, context);
        resolved.add(result.url);
        return result;
      },
    });
    return;
  }
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (url: string) => {
    resolves += 1;
    resolved.add(url);
  });
  port1.unref();
  nodeModule.register(new URL('./support/fake-electron-hooks.js', import.meta.url), { data: { port: port2 }, transferList: [port2] });
}

 /**
 * CommonJS packages in the bundle (electron-updater, electron-log) `require('electron')`
 * through Node's own loader, which the hooks above do not see on Node 20. Electron makes
 * that name resolve to its API whatever node_modules holds (it patches
 * Module._resolveFilename: lib/common/reset-search-paths.ts); the same here, to the fake.
 */
function routeCommonJsElectron(electron: unknown): void {
  const loader = nodeModule as unknown as {
    _resolveFilename: (request: string, ...rest: unknown[]) => string;
    _cache: Record<string, InstanceType<typeof nodeModule.Module>>;
  };
  const key = 'electron';
  const entry = new nodeModule.Module(key);
  entry.filename = key;
  entry.exports = electron;
  entry.loaded = true;
  loader._cache[key] = entry;
  const original = loader._resolveFilename;
  loader._resolveFilename = function resolveElectron(this: unknown, request: string, ...rest: unknown[]): string {
    return request === key ? key : original.call(this, request, ...rest);
  };
}

/** Names of the files beside the entry (the bundle and its chunks) the loader has resolved so far. */
function loadedBeside(entry: string): string[] {
  const dir = dirname(entry);
  return [...resolved]
    .filter((url) => url.startsWith('file:'))
    .map((url) => fileURLToPath(url))
    .filter((path) => dirname(path) === dir)
    .map((path) => basename(path))
    .sort();
}

/** "Check now" from Settings, through IPC; waits (up to 30 s) until the check is over. */
async function checkForUpdates(fake: FakeElectron, main: InstanceType<FakeElectron['FakeBrowserWindow']>): Promise<unknown> {
  const sender = { sender: main.webContents, senderFrame: main.webContents.mainFrame };
  const asked = (await fake.ipcMain.invoke('updates:check', sender, {})) as { ok?: unknown };
  if (asked.ok !== true) return { refused: asked };
  const deadline = performance.now() + 30_000;
  for (;;) {
    const answer = (await fake.ipcMain.invoke('app:snapshot', sender, {})) as { data?: { updates?: { state?: unknown } } };
    const updates = answer.data?.updates;
    // checkNow() moves the state to `checking` before it answers; anything else is the outcome.
    if (updates?.state !== 'checking' || performance.now() > deadline) return updates;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

type SyncResolve = (specifier: string, context: unknown, nextResolve: (specifier: string, context: unknown) => ResolveResult) => ResolveResult;

type FakeElectron = typeof FakeElectronModule;

function forgetRecords(fake: FakeElectron, counts: { pagePushes: number; trayMenus: number }): void {
  for (const window of fake.FakeBrowserWindow.getAllWindows()) counts.pagePushes += window.webContents.sent.splice(0).length;
  for (const tray of fake.FakeTray.instances) counts.trayMenus += tray.menus.splice(0, Math.max(0, tray.menus.length - 1)).length;
  fake.FakeNotification.shown.length = 0;
}

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
  const [entry, ...rest] = process.argv.slice(2);
  if (!entry) throw new Error('usage: node --expose-gc desktop-main-probe.js <main entry> [--data-dir DIR --serve]');
  const valueOf = (name: string): string | undefined => (rest.includes(name) ? rest[rest.indexOf(name) + 1] : undefined);
  await probe(resolve(entry), {
    dataDir: valueOf('--data-dir'),
    serve: rest.includes('--serve'),
    v8Flags: valueOf('--v8-flags'),
    packaged: rest.includes('--packaged'),
    appVersion: valueOf('--app-version'),
    resources: valueOf('--resources'),
    checkUpdates: rest.includes('--check-updates'),
  });
  process.exit(0);
}
