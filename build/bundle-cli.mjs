// Bundles the headless CLI that tsc compiled (out/src-core/cli/main.js) into out/cli/, the
// file users run: `node out/cli/main.js` (and npm's bin link). Run by `npm run build`.
//
// Why: as ~150 separate ES modules (95 of them zod's) plus packages that load all of
// themselves, the CLI spent ~470 ms before its first request and held code it never runs
// (zod's 40 locales, conf's JSON-schema validator). One tree-shaken file: first request
// after ~230 ms and ~10 MB less RSS (test/bench rows 4c, 5, 5c). The command loaders stay
// separate chunks, so `status` does not load what `run` needs.
//
// How it is bundled (names kept, source maps): rolldown-node.mjs.
//
// `bundleCli({ outDir, distribution })` builds another copy, e.g. a test's CLI with a
// built-in client ID (build/distribution.mjs); run as a script it bundles into out/cli/
// with whatever the build baked.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { argv } from 'node:process';
import { pathToFileURL } from 'node:url';
import { distributionPlugin } from './distribution.mjs';
import { bundleNodeProgram, root } from './rolldown-node.mjs';

export async function bundleCli({ outDir = join(root, 'out', 'cli'), distribution } = {}) {
  const { dir, moduleIds } = await bundleNodeProgram({
    input: 'out/src-core/cli/main.js',
    outDir,
    plugins: distribution ? [distributionPlugin(distribution)] : [],
  });
  await writeFile(join(dir, LICENSES_FILE), await thirdPartyNotices(moduleIds));
  return dir;
}

/** The bundle carries other people's code (zod, undici, ws): their licenses go with it. */
export const LICENSES_FILE = 'THIRD_PARTY_LICENSES.txt';

async function thirdPartyNotices(moduleIds) {
  const packages = new Map();
  for (const id of moduleIds) {
    const at = id.lastIndexOf(`${sep}node_modules${sep}`);
    if (at < 0) continue;
    const rest = id.slice(at + 14).split(sep);
    const name = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    if (name) packages.set(name, join(id.slice(0, at + 14), ...name.split('/')));
  }
  const sections = [];
  for (const [name, dir] of [...packages].sort(([a], [b]) => a.localeCompare(b))) {
    const meta = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    const licenseFile = (await readdir(dir)).find((file) => /^(licen[cs]e|copying)/i.test(file));
    const text = licenseFile ? (await readFile(join(dir, licenseFile), 'utf8')).trim() : `License: ${meta.license ?? 'see the package'}`;
    sections.push(`${name} ${meta.version} (${meta.license ?? 'unknown license'})\n\n${text}`);
  }
  return `The twitch-colorchanger command bundles these packages:\n\n${sections.join(`\n\n${'-'.repeat(72)}\n\n`)}\n`;
}

if (import.meta.url === pathToFileURL(argv[1] ?? '').href) await bundleCli();
