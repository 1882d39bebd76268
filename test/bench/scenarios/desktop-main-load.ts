import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DESKTOP_LINE_PREFIX } from '../desktop-main-probe.js';
import type { Row } from '../support/report.js';
import { percentile, round } from '../support/stats.js';

const PROBE = fileURLToPath(new URL('../desktop-main-probe.js', import.meta.url));
/** What package.json's `main` runs (build/bundle-desktop.mjs), and tsc's unbundled output it was made from. */
const BUNDLE = fileURLToPath(new URL('../../../desktop/main.js', import.meta.url));
const UNBUNDLED = fileURLToPath(new URL('../../../electron/main.js', import.meta.url));

interface ProbeResult {
  loadMs: number;
  bootMs: number;
  heapLoad: number;
  heapBoot: number;
  rssBoot: number;
  resolves: number;
  quit: boolean;
}

function runProbe(entry: string, nodeFlags: readonly string[]): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...nodeFlags, '--expose-gc', PROBE, entry], { timeout: 60_000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      const line = stdout.split('\n').find((l) => l.startsWith(DESKTOP_LINE_PREFIX));
      if (error || !line) return reject(new Error(`desktop probe of ${entry} failed: ${String(error ?? 'no result line')}\n${stderr}`));
      const result = JSON.parse(line.slice(DESKTOP_LINE_PREFIX.length)) as ProbeResult;
      if (!result.quit) return reject(new Error(`desktop probe of ${entry}: the app did not quit`));
      resolve(result);
    });
  });
}

const median = (values: readonly number[]): number => percentile(values, 50);

/**
 * 6. The Electron main process in Node with the fake Electron (test/bench/desktop-main-probe.ts),
 * each run a fresh process on an empty data folder: the bundle package.json's `main` points
 * at, and tsc's unbundled modules it is built from (before the bundling), alternating so
 * both see the same machine. Medians of `runs` each.
 */
export async function desktopMainLoad(runs: number, nodeFlags: readonly string[] = []): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const bundled: ProbeResult[] = [];
  const unbundled: ProbeResult[] = [];
  for (let i = 0; i < runs; i += 1) {
    bundled.push(await runProbe(BUNDLE, nodeFlags));
    unbundled.push(await runProbe(UNBUNDLED, nodeFlags));
  }
  const rowsOf = (id: string, label: string, results: ProbeResult[]): Row[] => [
    { id, measurement: `main process load (import), ${label}`, value: round(median(results.map((r) => r.loadMs)), 0), unit: 'ms' },
    { id: `${id}b`, measurement: `to the main window (store, core, window), ${label}`, value: round(median(results.map((r) => r.bootMs)), 0), unit: 'ms' },
    { id: `${id}c`, measurement: `heap used after load, ${label}`, value: round(median(results.map((r) => r.heapLoad)), 1), unit: 'MB' },
    { id: `${id}d`, measurement: `heap used at the main window, ${label}`, value: round(median(results.map((r) => r.heapBoot)), 1), unit: 'MB' },
    { id: `${id}e`, measurement: `RSS at the main window, ${label}`, value: round(median(results.map((r) => r.rssBoot)), 1), unit: 'MB' },
  ];
  return {
    rows: [...rowsOf('6', 'bundled', bundled), ...rowsOf('6u', 'unbundled (before)', unbundled)],
    details: { runs, bundled, unbundled, modulesResolved: { bundled: bundled[0]?.resolves, unbundled: unbundled[0]?.resolves } },
  };
}
