import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OLD_GENERATION_FLAGS, WASM_BASELINE_FLAGS, YOUNG_GENERATION_FLAGS } from '../../../src-core/runtime/v8-flags.js';

const MB = 1024 * 1024;

/** Runs `script` in a fresh Node process after setting `flags` at run time; returns its stdout. */
function runWithFlags(flags: string | undefined, script: string): string {
  const prelude = `require('node:v8').setFlagsFromString(${JSON.stringify(flags ?? '')});`;
  return execFileSync(process.execPath, ['-e', `${flags === undefined ? '' : prelude}\n${script}`], { encoding: 'utf8', cwd: process.cwd() });
}

/** New-space size (bytes) after allocation churn. */
function newSpaceAfterChurn(flags: string | undefined): number {
  return Number(
    runWithFlags(
      flags,
      `const keep = [];
       for (let i = 0; i < 2e6; i += 1) { const o = { i, s: 'x' + i, a: [i] }; if (i % 100 === 0) keep.push(o); }
       const space = require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
       process.stdout.write(String(space ? space.space_size : -1));`,
    ),
  );
}

/** Peak heap size (bytes) while objects outlive the young generation and then die, as in-flight calls do. */
function peakHeapWithPromotedGarbage(flags: string): number {
  return Number(
    runWithFlags(
      flags,
      `const v8 = require('node:v8');
       let peak = 0;
       const live = [];
       for (let round = 0; round < 150; round += 1) {
         const batch = [];
         for (let i = 0; i < 20000; i += 1) batch.push({ i, s: 'x' + i, a: [i, i] });
         live.push(batch);
         if (live.length > 8) live.shift();
         peak = Math.max(peak, v8.getHeapStatistics().total_heap_size);
       }
       process.stdout.write(String(peak));`,
    ),
  );
}

/** V8's peak malloc (bytes) after undici has parsed 300 HTTP answers from a loopback server. */
function peakMallocAfterHttp(flags: string | undefined): number {
  return Number(
    runWithFlags(
      flags,
      `const http = require('node:http');
       const { Agent } = require('undici');
       const server = http.createServer((req, res) => res.end('{"data":[{"id":"1","status":"enabled"}]}')).listen(0, '127.0.0.1', async () => {
         const agent = new Agent();
         const origin = 'http://127.0.0.1:' + server.address().port;
         for (let i = 0; i < 300; i += 1) {
           await new Promise((resolve, reject) => agent.dispatch({ origin, path: '/', method: 'GET' }, {
             onRequestStart() {}, onResponseEnd: resolve, onResponseError: (_c, e) => reject(e),
           }));
         }
         // Tier-up compiles in the background: give it up to 3 s to happen if it is going to
         // (a loaded CI machine is slow), and stop waiting as soon as it has.
         const peak = () => require('node:v8').getHeapStatistics().peak_malloced_memory;
         for (let waited = 0; waited < 3000 && peak() < 20 * 1024 * 1024; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
         process.stdout.write(String(peak()));
         process.exit(0);
       });`,
    ),
  );
}

describe('V8 tuning of the headless process', () => {
  it('keeps V8 young generation at its initial size under allocation churn, where Node would grow it', () => {
    const untuned = newSpaceAfterChurn(undefined);
    const tuned = newSpaceAfterChurn(YOUNG_GENERATION_FLAGS);
    // Node 20 grows the new space to 32 MB; tuned it stays at two 1 MB semi-spaces.
    expect(untuned).toBeGreaterThanOrEqual(8 * MB);
    expect(tuned).toBeGreaterThan(0);
    expect(tuned).toBeLessThanOrEqual(4 * MB);
  });

  it("keeps undici's HTTP parser off the optimizing compiler and its ~35 MB burst of malloc", () => {
    const untuned = peakMallocAfterHttp(undefined);
    const tuned = peakMallocAfterHttp(WASM_BASELINE_FLAGS);
    // Node 20: ~37 MB untuned, ~2.5 MB tuned.
    expect(tuned).toBeLessThan(12 * MB);
    expect(untuned).toBeGreaterThan(2 * tuned);
  });

  it('collects the old generation before it balloons when calls in flight get promoted', () => {
    // ~16 MB stay alive at any time; Node 20 lets the heap reach ~130 MB, tuned ~55 MB.
    const untuned = peakHeapWithPromotedGarbage(YOUNG_GENERATION_FLAGS);
    const tuned = peakHeapWithPromotedGarbage(`${YOUNG_GENERATION_FLAGS} ${OLD_GENERATION_FLAGS}`);
    expect(tuned).toBeLessThan(80 * MB);
    expect(untuned).toBeGreaterThan(1.5 * tuned);
  });

  it('prints nothing: an unknown flag would put an error on stdout, where `status --json` writes', () => {
    expect(runWithFlags(`${YOUNG_GENERATION_FLAGS} ${WASM_BASELINE_FLAGS} ${OLD_GENERATION_FLAGS}`, '')).toBe('');
  });

  it('is applied by the CLI entry before any other module loads', () => {
    const main = readFileSync(new URL('../../../src-core/cli/main.ts', import.meta.url), 'utf8');
    const firstImport = /^import .*$/m.exec(main)?.[0];
    expect(firstImport).toBe("import './v8-tuning.js';");
  });

  it('is applied first by the bundled CLI users run (out/cli/main.js, built by npm run build)', () => {
    const entry = readFileSync(new URL('../../../out/cli/main.js', import.meta.url), 'utf8');
    // A static import is evaluated before the entry's own code: only Node's modules may be one.
    const staticImports = [...entry.matchAll(/\bimport\s*\{[^}]*\}\s*from\s*["'`]([^"'`]+)["'`]/g)].map((m) => m[1]);
    expect(staticImports.length).toBeGreaterThan(0);
    expect(staticImports.every((from) => from?.startsWith('node:'))).toBe(true);
    const flagsAt = [YOUNG_GENERATION_FLAGS, WASM_BASELINE_FLAGS, OLD_GENERATION_FLAGS].map((flags) => entry.indexOf(flags));
    expect(Math.min(...flagsAt)).toBeGreaterThan(0);
    expect(entry.indexOf('import(')).toBeGreaterThan(Math.max(...flagsAt));
  });
});
