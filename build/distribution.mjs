// The distributor's per-build settings (build/distribution.json, overridden by the
// COLORCHANGER_CLIENT_ID and COLORCHANGER_UPDATE_FEED environment variables), validated by
// the app's own schema (src-core/app/distribution.ts, compiled by tsc first) and baked into
// the compiled app: run by `npm run build` after tsc, before the CLI is bundled.
//
// Why baked into the code, not read from a file at run time: the CLI bundle and the desktop
// app then carry it wherever they are copied, and nothing beside them can get lost.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import process, { argv, env as processEnv, stderr, stdout } from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const BAKED_MODULE = join('src-core', 'app', 'distribution-baked.js');

async function schemaModule() {
  return import(pathToFileURL(join(root, 'out', 'src-core', 'app', 'distribution.js')).href);
}

/** The settings this build gets: build/distribution.json (optional), then the environment. */
export async function readDistribution(env = processEnv, file = join(root, 'build', 'distribution.json')) {
  const { resolveDistribution } = await schemaModule();
  let contents;
  try {
    contents = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if (error.code !== 'ENOENT') throw new Error(`${file}: ${error.message}`, { cause: error });
    contents = {};
  }
  return resolveDistribution(contents, env, file);
}

/** The module that replaces the compiled placeholder. */
export function bakedModuleSource(distribution) {
  return `// Written by build/distribution.mjs for this build.\nexport const BAKED_DISTRIBUTION = ${JSON.stringify(distribution)};\n`;
}

/** For rolldown: the bundle gets `distribution` whatever out/ holds. */
export function distributionPlugin(distribution) {
  return {
    name: 'colorchanger-distribution',
    load(id) {
      return id.endsWith(`${sep}${BAKED_MODULE}`) ? bakedModuleSource(distribution) : null;
    },
  };
}

/** electron-builder's `publish` for the feed: it writes app-update.yml into each package and the latest*.yml files beside them. */
export function publishConfig(distribution) {
  const feed = distribution.updates;
  if (!feed) return null;
  // GitHub: `--publish always` uploads to a draft release, which the distributor publishes.
  return feed.provider === 'github' ? { provider: 'github', owner: feed.owner, repo: feed.repo } : { provider: 'generic', url: feed.url };
}

export function describeDistribution(distribution) {
  const id = distribution.twitchClientId ? `client ID ${distribution.twitchClientId.slice(0, 6)}… built in` : 'no built-in client ID';
  const feed = distribution.updates;
  const updates = !feed ? 'no update feed' : feed.provider === 'github' ? `updates from github.com/${feed.owner}/${feed.repo}` : `updates from ${feed.url}`;
  return `${id}, ${updates}`;
}

if (import.meta.url === pathToFileURL(argv[1] ?? '').href) {
  try {
    const distribution = await readDistribution();
    await writeFile(join(root, 'out', BAKED_MODULE), bakedModuleSource(distribution));
    stdout.write(`Distribution: ${describeDistribution(distribution)}\n`);
  } catch (error) {
    // A distributor's typo: one line saying what to fix, no stack.
    stderr.write(`build/distribution.mjs: ${error.message}\n`);
    process.exitCode = 1;
  }
}
