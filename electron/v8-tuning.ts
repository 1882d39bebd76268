import { setFlagsFromString } from 'node:v8';
import { OLD_GENERATION_FLAGS, WASM_BASELINE_FLAGS, YOUNG_GENERATION_FLAGS } from '../src-core/runtime/v8-flags.js';

/**
 * The main process runs the same core as the headless CLI, so it takes the CLI's V8
 * settings (src-core/runtime/v8-flags.ts for each): undici's parser on the baseline
 * WebAssembly compiler, the small young generation, and the old generation collected before
 * it balloons while a start-up keeps thousands of Twitch calls in flight. Measured on the
 * bundled main process in Node with the fake Electron under row 5's load (test/bench row 7,
 * 20 accounts x 100 channels, two runs each): RSS after 100,000 notifications 136-142 ->
 * 90-91 MB, peak RSS 195-200 -> 101-103 MB, live heap unchanged (16.4-16.8 MB). Node's V8
 * is not Electron's, so the real figures will differ; the core's allocations are the same.
 * Imported first by main.ts: it only has to come before the first HTTP call, and V8 reads
 * these growth settings on every growth.
 */
setFlagsFromString(WASM_BASELINE_FLAGS);
setFlagsFromString(YOUNG_GENERATION_FLAGS);
setFlagsFromString(OLD_GENERATION_FLAGS);
