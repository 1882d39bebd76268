import { setFlagsFromString } from 'node:v8';
import { WASM_BASELINE_FLAGS } from '../src-core/runtime/v8-flags.js';

/**
 * The main process runs the same HTTP client as the headless CLI, so undici's parser would
 * cost it the same ~35 MB burst of malloc once it is hot (src-core/runtime/v8-flags.ts).
 * Only this setting is shared: the CLI's garbage-collector settings were measured on the
 * headless process alone, and the main process of Electron also serves windows and IPC.
 * Imported first by main.ts; it only has to come before the first HTTP call.
 */
setFlagsFromString(WASM_BASELINE_FLAGS);
