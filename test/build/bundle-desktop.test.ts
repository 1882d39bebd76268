import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OLD_GENERATION_FLAGS, WASM_BASELINE_FLAGS, YOUNG_GENERATION_FLAGS } from '../../src-core/runtime/v8-flags.js';
import { DESKTOP_LINE_PREFIX } from '../bench/desktop-main-probe.js';
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
  checks: { url: string; preload: { beside: boolean; exists: boolean } | null; page: number | string; script: number | string; snapshotOk: boolean };
}

/** Boots `entry` in Node with the fake Electron (test/bench/desktop-main-probe.ts) and quits it. */
function bootWithFakeElectron(entry: string, cwd: string): Promise<ProbeOutput> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [PROBE, entry], { cwd, timeout: 60_000 }, (error, stdout, stderr) => {
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
    // What the packaged app holds besides node_modules: the bundle, the renderer's files, the icons.
    const root = mkdtempSync(join(tmpdir(), 'tcc-bundle-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    for (const dir of ['out/desktop', 'out/renderer', 'renderer', 'build/tray']) cpSync(join(PROJECT_ROOT, dir), join(root, dir), { recursive: true });
    cpSync(join(PROJECT_ROOT, 'build', 'icon.png'), join(root, 'build', 'icon.png'));

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
  });
});
