// The one way this project bundles a Node program that tsc compiled: the headless CLI
// (bundle-cli.mjs) and the Electron main process (bundle-desktop.mjs). One tree-shaken ES
// module per entry (plus a chunk per dynamic import), minified with names kept
// (keepNames) so stack traces in bug reports still say which function failed, and source
// maps beside it (`node --enable-source-maps` maps them back to the TypeScript).
import { rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

export const root = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * Bundles `input` (relative to the project root) into `outDir`/main.js (relative to the
 * root, or absolute), replacing what was there. `external` adds to what always stays
 * outside: Node's built-ins and ws's optional native speed-ups (ws loads them when
 * installed and falls back without them). Returns the folder and every module inside the
 * bundle (for the licenses of what it carries).
 */
export async function bundleNodeProgram({ input, outDir, external = [], plugins = [] }) {
  const dir = resolve(root, outDir);
  await rm(dir, { recursive: true, force: true });
  const result = await build({
    cwd: root,
    input,
    platform: 'node',
    external: [/^node:/, 'bufferutil', 'utf-8-validate', ...external],
    plugins,
    logLevel: 'warn',
    output: {
      dir,
      format: 'esm',
      entryFileNames: 'main.js',
      chunkFileNames: '[name]-[hash].js',
      sourcemap: true,
      minify: { compress: { keepNames: { function: true, class: true } }, mangle: { keepNames: true }, codegen: { removeWhitespace: true } },
    },
  });
  return { dir, moduleIds: result.output.flatMap((chunk) => chunk.moduleIds ?? []) };
}
