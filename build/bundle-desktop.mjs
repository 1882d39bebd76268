// Bundles the Electron main process that tsc compiled (out/electron/main.js) into
// out/desktop/main.js, package.json's `main` and what the packages ship (`files` in
// electron-builder.yml). Run by `npm run build`.
//
// Why: as separate ES modules the main process loads some 300 files (zod's, undici's,
// conf's and ajv's among them) through the module loader before it can show a window, and
// keeps code it never runs. Bundled like the CLI (rolldown-node.mjs): see test/bench row 6.
//
// `electron` stays outside: Electron provides it. The preload stays the one CommonJS file
// tsc wrote (a sandboxed preload can `require` only `electron`); it is copied beside the
// bundle, where electron/resources.ts looks for it (next to main).
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleNodeProgram, root } from './rolldown-node.mjs';

const { dir: outDir } = await bundleNodeProgram({ input: 'out/electron/main.js', outDir: 'out/desktop', external: ['electron'] });
for (const file of ['preload.cjs', 'preload.cjs.map']) await copyFile(join(root, 'out', 'electron', file), join(outDir, file));
