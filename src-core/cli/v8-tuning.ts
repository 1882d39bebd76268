import { setFlagsFromString } from 'node:v8';
import { OLD_GENERATION_FLAGS, WASM_BASELINE_FLAGS, YOUNG_GENERATION_FLAGS } from '../runtime/v8-flags.js';

/**
 * The headless process's V8 settings (see runtime/v8-flags.ts for each), set at run time
 * because a user starts it as `node .../main.js` (or through npm's bin link) with no room
 * for node flags. Imported first by the CLI entry, before the program's modules load.
 */
setFlagsFromString(YOUNG_GENERATION_FLAGS);
setFlagsFromString(WASM_BASELINE_FLAGS);
setFlagsFromString(OLD_GENERATION_FLAGS);
