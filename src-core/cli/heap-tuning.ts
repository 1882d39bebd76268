import { setFlagsFromString } from 'node:v8';

/**
 * Keeps V8's young generation at its initial size (1 MB semi-spaces) in the headless
 * process. Left alone, V8 grows it to 16 MB semi-spaces under load; in a process whose
 * live heap is ~25 MB that doubles the heap's RSS, and the dead socket buffers a large
 * young generation holds between scavenges grow malloc's heap by another ~20 MB (test/bench
 * row 5: RSS 136-144 -> 106-115 MB at 20 x 100 channels). Scavenges of 1 MB are more frequent
 * and each cheaper: the CPU per notification did not rise measurably (rows 1 and 3); a
 * start-up of 2,000 subscriptions spends about 100 ms more in GC. (`--optimize-for-size`
 * as well saved 5 MB more but cost 30-40 % more CPU at start-up.)
 *
 * The growth factor is what can change once the heap exists: V8 reads --max-semi-space-size
 * only when it creates the heap, and clamps a command-line growth factor below 2 back to
 * 2, but reads the factor on every growth. Factor 1 gives exactly the heap that
 * `node --max-semi-space-size=1` gives, a supported configuration.
 *
 * Imported first by the CLI entry, so it runs before the modules load (loading them
 * alone would grow the young generation). The Electron main process is separate and does
 * not import this.
 */
export const YOUNG_GENERATION_FLAGS = '--semi-space-growth-factor=1';

setFlagsFromString(YOUNG_GENERATION_FLAGS);
