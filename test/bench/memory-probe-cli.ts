import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';

/**
 * The headless CLI exactly as `out/cli/main.js` (the bundle) runs it, plus one bench-only
 * probe: on SIGUSR2 it collects garbage (when started with --expose-gc) and prints
 * `BENCH_MEMORY {json}` with process.memoryUsage() to stdout. The CLI's contract gains
 * no flag; only the benchmark starts this entry.
 *
 *   node --expose-gc out/test/bench/memory-probe-cli.js run --data-dir DIR
 */
export const MEMORY_LINE_PREFIX = 'BENCH_MEMORY ';

/** Prints the `BENCH_MEMORY` line (after a GC when started with --expose-gc); the desktop probe uses it too. */
export function printMemory(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const usage = process.memoryUsage();
  const heap = getHeapStatistics();
  // Where the RSS that is not the JS heap's live objects goes: V8's committed pages per
  // space and its own malloc (compiler zones), for a look at a surprise in the JSON.
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, { committed: s.space_size, physical: s.physical_space_size, used: s.space_used_size }]));
  const v8 = { totalPhysical: heap.total_physical_size, malloced: heap.malloced_memory, peakMalloced: heap.peak_malloced_memory, spaces };
  process.stdout.write(`${MEMORY_LINE_PREFIX}${JSON.stringify({ ...usage, gc: gc !== undefined, v8 })}\n`);
}

// Only when run as the entry: the bench also imports MEMORY_LINE_PREFIX from here.
if (process.argv[1]?.endsWith('memory-probe-cli.js')) {
  process.on('SIGUSR2', printMemory);
  // The bundle has no type declarations; a URL string keeps TypeScript from looking for them.
  await import(new URL('../../cli/main.js', import.meta.url).href);
}
