// Bundles the Electron main process that tsc compiled (out/electron/main.js) into
// out/desktop/main.js, package.json's `main` and what the packages ship (`files` in
// electron-builder.yml). Run by `npm run build`.
//
// Why: as separate ES modules the main process loads some 300 files (zod's, undici's,
// conf's and ajv's among them) through the module loader before it can show a window, and
// keeps code it never runs. Bundled like the CLI (rolldown-node.mjs): see test/bench row 6.
// What start-up does not need stays in chunks loaded on first use: electron-updater
// (electron/updates/electron-updater-engine.ts, at the first update check of a build with
// a feed) and undici's proxy agent (only behind a proxy). conf (under electron-store)
// imports ajv, its JSON-schema validator, at its top level but uses it only for its
// `schema`/`ajvOptions`/`rootSchema` options, which we never pass (the store is validated
// with zod; src-core/store/conf-backend.ts fixes conf's options): ajv stays out
// (confWithoutAjv below), which is ~140 KB less to load at every start.
//
// `electron` stays outside: Electron provides it. The preload stays the one CommonJS file
// tsc wrote (a sandboxed preload can `require` only `electron`); it is copied beside the
// bundle, where electron/resources.ts looks for it (next to main).
//
// `bundleDesktop({ outDir, distribution })` builds another copy, e.g. a test's app with an
// update feed (build/distribution.mjs); run as a script it bundles into out/desktop/ with
// whatever the build baked.
import { copyFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { argv } from 'node:process';
import { pathToFileURL } from 'node:url';
import { distributionPlugin } from './distribution.mjs';
import { bundleNodeProgram, root } from './rolldown-node.mjs';

export async function bundleDesktop({ outDir = join(root, 'out', 'desktop'), distribution } = {}) {
  const { dir } = await bundleNodeProgram({
    input: 'out/electron/main.js',
    outDir,
    external: ['electron'],
    plugins: [confWithoutAjv(), ...(distribution ? [distributionPlugin(distribution)] : [])],
  });
  for (const file of ['preload.cjs', 'preload.cjs.map']) await copyFile(join(root, 'out', 'electron', file), join(dir, file));
  return dir;
}

/** Hands conf stand-ins for ajv and ajv-formats that refuse, with a message, if ever used. */
export function confWithoutAjv() {
  const PREFIX = '\0conf-without-ajv:';
  const refusal = 'conf was asked to validate with a JSON schema, which this bundle leaves out (build/bundle-desktop.mjs): validate with zod instead';
  return {
    name: 'conf-without-ajv',
    resolveId(source, importer) {
      const fromConf = importer?.includes(`${sep}node_modules${sep}conf${sep}`);
      return fromConf && (source === 'ajv/dist/2020.js' || source === 'ajv-formats') ? `${PREFIX}${source}` : null;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const refuse = `throw new Error(${JSON.stringify(refusal)});`;
      return id.endsWith('ajv-formats') ? `export default { default() { ${refuse} } };` : `export class Ajv2020 { constructor() { ${refuse} } }`;
    },
  };
}

if (import.meta.url === pathToFileURL(argv[1] ?? '').href) await bundleDesktop();
