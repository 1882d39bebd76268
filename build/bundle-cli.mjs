// Bundles the headless CLI that tsc compiled (out/src-core/cli/main.js) into out/cli/, the
// file users run: `node out/cli/main.js` (and npm's bin link). Run by `npm run build`.
//
// Why: as ~150 separate ES modules (95 of them zod's) plus packages that load all of
// themselves, the CLI spent ~470 ms before its first request and held code it never runs
// (zod's 40 locales, conf's JSON-schema validator). One tree-shaken file: first request
// after ~230 ms and ~10 MB less RSS (test/bench rows 4c, 5, 5c). The command loaders stay
// separate chunks, so `status` does not load what `run` needs.
//
// Names are kept (keepNames) so stack traces in bug reports still say which function
// failed; `node --enable-source-maps out/cli/main.js ...` maps them back to the TypeScript.
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outDir = join(root, 'out', 'cli');

await rm(outDir, { recursive: true, force: true });
await build({
  cwd: root,
  input: 'out/src-core/cli/main.js',
  platform: 'node',
  // ws loads these native speed-ups when installed and falls back without them.
  external: [/^node:/, 'bufferutil', 'utf-8-validate'],
  logLevel: 'warn',
  output: {
    dir: outDir,
    format: 'esm',
    entryFileNames: 'main.js',
    chunkFileNames: '[name]-[hash].js',
    sourcemap: true,
    minify: { compress: { keepNames: { function: true, class: true } }, mangle: { keepNames: true }, codegen: { removeWhitespace: true } },
  },
});
