/**
 * V8 settings that make a long-running core smaller, measured with test/bench (row 5: 20
 * accounts x 100 channels after 100,000 notifications) on Node 20. Only the values live
 * here; the entry points apply them (src-core/cli/v8-tuning.ts all three, the Electron
 * main process the WebAssembly one: electron/v8-tuning.ts). Every flag exists from Node
 * 20's V8 11.3 to current V8: an unknown one would make V8 print an error on stdout,
 * where `status --json` writes.
 */

/**
 * Keeps V8's young generation at its initial size (1 MB semi-spaces). Left alone, V8 grows
 * it to 16 MB semi-spaces under load; in a process whose live heap is ~20 MB that doubles
 * the heap's RSS, and the dead socket buffers a large young generation holds between
 * scavenges grow malloc's heap by another ~20 MB (RSS 136-144 -> 106-115 MB). V8 reads
 * --max-semi-space-size only when it creates the heap and clamps a command-line growth
 * factor below 2 back to 2, but reads the factor on every growth: factor 1 gives exactly
 * the heap `node --max-semi-space-size=1` gives, a supported configuration.
 */
export const YOUNG_GENERATION_FLAGS = '--semi-space-growth-factor=1';

/**
 * Keeps undici's HTTP parser (llhttp, a WebAssembly module) on V8's baseline WebAssembly
 * compiler. Once its parse function is hot, V8 recompiles it with the optimizing compiler,
 * which for that one large function takes ~35 MB of malloc at once; glibc keeps much of it
 * after it is freed (row 5: RSS -5 MB, peak -10 MB, start-up no slower). Our HTTP traffic is a
 * few small answers per color change, so the optimized parser never paid for itself.
 */
export const WASM_BASELINE_FLAGS = '--liftoff-only --no-wasm-tier-up --no-wasm-dynamic-tiering';

/**
 * Lets the old generation grow by 20 % between full collections instead of V8's default
 * (up to 4x for a heap this small). A start-up with 2,000 subscriptions keeps ~200 HTTP
 * calls in flight; what they hold outlives the small young generation and is promoted, so
 * V8 let the old generation balloon to ~50 MB before collecting it, and the malloc'd
 * buffers tied to it with it. Row 5: peak RSS 113 -> 82 MB, RSS after 100,000
 * notifications 74-83 -> 75-77 MB; start-up used less CPU, not more (1.2-1.3 s against
 * 1.3-1.4 s: less to collect at once), rows 1-3 unchanged (a full GC of this 15 MB heap
 * takes a few ms).
 */
export const OLD_GENERATION_FLAGS = '--heap-growing-percent=20';
