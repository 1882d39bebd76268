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
//
// `bundleCli({ outDir, distribution })` builds another copy, e.g. a test's CLI with a
// built-in client ID (build/distribution.mjs); run as a script it bundles into out/cli/
// with whatever the build baked.
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { argv } from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'rolldown';
import { distributionPlugin } from './distribution.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

export async function bundleCli({ outDir = join(root, 'out', 'cli'), distribution } = {}) {
  await rm(outDir, { recursive: true, force: true });
  await build({
    cwd: root,
    input: 'out/src-core/cli/main.js',
    platform: 'node',
    // ws loads these native speed-ups when installed and falls back without them.
    external: [/^node:/, 'bufferutil', 'utf-8-validate'],
    plugins: distribution ? [distributionPlugin(distribution)] : [],
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
  return outDir;
}

if (import.meta.url === pathToFileURL(argv[1] ?? '').href) await bundleCli();
