import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OLD_GENERATION_FLAGS, WASM_BASELINE_FLAGS, YOUNG_GENERATION_FLAGS } from '../../src-core/runtime/v8-flags.js';
import { DESKTOP_LINE_PREFIX } from '../bench/desktop-main-probe.js';
import { FeedServer, artifactBytes } from '../electron/updates/feed-server.js';
import { desktopBundleScript } from './build-scripts.js';
import { PROJECT_ROOT, loadBuilderProject } from './support/builder-project.js';

/**
 * The Electron main process is bundled like the CLI (build/bundle-desktop.mjs): package.json's
 * `main` and the packages run out/desktop/main.js. These tests use what `npm run build`
 * made, as `npm test` runs it first.
 */
const BUNDLE_DIR = join(PROJECT_ROOT, 'out', 'desktop');
const PROBE = join(PROJECT_ROOT, 'out', 'test', 'bench', 'desktop-main-probe.js');

function ensureBuilt(): void {
  for (const file of [join(BUNDLE_DIR, 'main.js'), PROBE]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

interface ProbeOutput {
  quit: boolean;
  resolves: number;
  /** The bundle's files (main.js and chunks) loaded by the time the window was up. */
  loaded: string[];
  checks: { url: string; preload: { beside: boolean; exists: boolean } | null; page: number | string; script: number | string; snapshotOk: boolean };
  /** With --check-updates: the snapshot's update status after "Check now", and the files loaded by then. */
  updates?: { state: string; version: string | null; checkedAt: number | null; error: string | null };
  loadedAfterCheck?: string[];
}

/** Boots `entry` in Node with the fake Electron (test/bench/desktop-main-probe.ts) and quits it. */
function bootWithFakeElectron(entry: string, cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<ProbeOutput> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [PROBE, entry, ...args], { cwd, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const line = stdout.split('\n').find((l) => l.startsWith(DESKTOP_LINE_PREFIX));
      if (error || !line) return reject(new Error(`the app did not boot: ${String(error ?? 'no result')}\n${stderr}`));
      resolve(JSON.parse(line.slice(DESKTOP_LINE_PREFIX.length)) as ProbeOutput);
    });
  });
}

describe('the bundled Electron main process (out/desktop/)', () => {
  it('is what package.json starts and what the packages ship, with the preload beside it', async () => {
    ensureBuilt();
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
    expect(pkg.main).toBe('out/desktop/main.js');
    expect(pkg.scripts.build).toContain('node build/bundle-desktop.mjs');
    const { config } = await loadBuilderProject();
    // electron-builder's loader normalizes `files` into file sets with a `filter` list.
    const files = ((config.files ?? []) as Array<{ filter?: string[] }>).flatMap((set) => set.filter ?? []);
    expect(files).toContain('out/desktop/**/*.{js,cjs}');
    // tsc's unbundled modules stay out of the packages.
    expect(files.filter((pattern) => /out\/(electron|src-core)\//.test(pattern))).toEqual([]);
    expect(existsSync(join(BUNDLE_DIR, 'preload.cjs'))).toBe(true);
    // The preload stays the CommonJS file tsc wrote; its only runtime import is `electron`.
    expect(readFileSync(join(BUNDLE_DIR, 'preload.cjs'), 'utf8')).toBe(readFileSync(join(PROJECT_ROOT, 'out', 'electron', 'preload.cjs'), 'utf8'));
  });

  it("sets the CLI's V8 settings before any of undici's code, as main.ts's first import does (bench rows 5 and 7)", () => {
    ensureBuilt();
    const bundle = readFileSync(join(BUNDLE_DIR, 'main.js'), 'utf8');
    const alias = /import\{[^}]*\bsetFlagsFromString as ([\w$]+)[^}]*\}from"node:v8"/.exec(bundle)?.[1];
    expect(alias).toBeDefined();
    for (const flags of [WASM_BASELINE_FLAGS, YOUNG_GENERATION_FLAGS, OLD_GENERATION_FLAGS]) {
      const call = bundle.indexOf(`${alias}(\`${flags}\`)`);
      expect(call, flags).toBeGreaterThan(0);
      expect(call, flags).toBeLessThan(bundle.indexOf('llhttp'));
    }
  });

  it('boots on its own, from a folder with no node_modules: window on our page, preload beside it, app:// serving, IPC answering', async () => {
    ensureBuilt();
    const root = appFolder('out/desktop');

    const result = await bootWithFakeElectron(join(root, 'out', 'desktop', 'main.js'), root);
    expect(result.checks).toEqual({
      url: 'app://colorchanger/index.html',
      preload: { beside: true, exists: true },
      page: 200,
      script: 200,
      snapshotOk: true,
    });
    expect(result.quit).toBe(true);
    // One file instead of the ~600 module resolutions of tsc's output (test/bench row 6).
    expect(result.resolves).toBeLessThan(100);
    // Start-up loads the main file and rolldown's shared helpers, not the chunks for later.
    expect(result.loaded).toEqual(['main.js', expect.stringMatching(/^rolldown-runtime-[\w-]+\.js$/)]);
  });

  it('leaves out what start-up never runs: electron-updater in a chunk of its own, conf without its JSON-schema validator (ajv)', () => {
    ensureBuilt();
    const sources = (file: string): string[] => (JSON.parse(readFileSync(join(BUNDLE_DIR, `${file}.map`), 'utf8')) as { sources: string[] }).sources;
    const main = sources('main.js');
    expect(main.filter((source) => /node_modules\/(electron-updater|builder-util-runtime|js-yaml|fs-extra|ajv|ajv-formats)\//.test(source))).toEqual([]);
    expect(main.some((source) => source.includes('node_modules/conf/'))).toBe(true);
    const updaterChunk = readdirSync(BUNDLE_DIR).find((file) => /^electron-updater-engine-[\w-]+\.js$/.test(file));
    expect(updaterChunk).toBeDefined();
    expect(sources(updaterChunk as string).some((source) => source.includes('node_modules/electron-updater/'))).toBe(true);
  });

  it('a build with an update feed loads electron-updater from its chunk only when a check is due, and checks the feed with it', { timeout: 120_000 }, async () => {
    ensureBuilt();
    const feed = await FeedServer.start();
    cleanups.push(() => void feed.close());
    feed.release = { version: '1.0.0', artifacts: { 'twitch-colorchanger-1.0.0-x86_64.AppImage': artifactBytes('appimage-1.0.0', 1024) } };
    // The app a distributor builds with a feed, in a folder with no node_modules.
    const root = appFolder();
    const { bundleDesktop } = await desktopBundleScript();
    await bundleDesktop({ outDir: join(root, 'out', 'desktop'), distribution: { twitchClientId: null, updates: { provider: 'generic', url: feed.url } } });

    // A packaged AppImage run of version 1.0.0 ($APPIMAGE names the running file, as the AppImage runtime
    // sets it); its resources folder holds the icons, as electron-builder's extraResources put them.
    const env = { ...process.env, APPIMAGE: join(root, 'Twitch ColorChanger-1.0.0.AppImage'), XDG_CACHE_HOME: join(root, 'cache') };
    const result = await bootWithFakeElectron(join(root, 'out', 'desktop', 'main.js'), root, ['--packaged', '--app-version', '1.0.0', '--resources', join(root, 'build'), '--check-updates'], env);

    expect(result.checks.snapshotOk).toBe(true);
    expect(result.loaded.some((file) => file.startsWith('electron-updater-engine-'))).toBe(false);
    expect(result.loadedAfterCheck?.some((file) => file.startsWith('electron-updater-engine-'))).toBe(true);
    // electron-updater (AppImage updater, generic provider) read the feed: nothing newer.
    expect(result.updates).toMatchObject({ state: 'idle', error: null, checkedAt: expect.any(Number) });
    expect(feed.requestsFor('latest-linux.yml')).toBe(1);
    expect(result.quit).toBe(true);
  });
});

/**
 * What the packaged app holds besides node_modules, in a temporary folder: the renderer's
 * files, the icons and (given `bundle`) a copy of this project's bundle.
 */
function appFolder(bundle?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'tcc-bundle-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  for (const dir of [...(bundle ? [bundle] : []), 'out/renderer', 'renderer', 'build/tray']) cpSync(join(PROJECT_ROOT, dir), join(root, dir), { recursive: true });
  cpSync(join(PROJECT_ROOT, 'build', 'icon.png'), join(root, 'build', 'icon.png'));
  return root;
}
