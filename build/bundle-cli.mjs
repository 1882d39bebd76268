// Bundles the headless CLI that tsc compiled (out/src-core/cli/main.js) into out/cli/, the
// file users run: `node out/cli/main.js` (and npm's bin link). Run by `npm run build`.
//
// Why: as ~150 separate ES modules (95 of them zod's) plus packages that load all of
// themselves, the CLI spent ~470 ms before its first request and held code it never runs
// (zod's 40 locales, conf's JSON-schema validator). One tree-shaken file: first request
// after ~230 ms and ~10 MB less RSS (test/bench rows 4c, 5, 5c). The command loaders stay
// separate chunks, so `status` does not load what `run` needs. How it is bundled (names
// kept, source maps): rolldown-node.mjs.
import { bundleNodeProgram } from './rolldown-node.mjs';

await bundleNodeProgram({ input: 'out/src-core/cli/main.js', outDir: 'out/cli' });
