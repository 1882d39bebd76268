// The headless command as its own npm package, generated into out/npm/ from what
// `npm run build` made: `npm pack ./out/npm` gives twitch-colorchanger-<version>.tgz, which
// `npm install -g` (or `npx`) turns into a working `twitch-colorchanger` on a server or a
// Raspberry Pi, with no clone and no build. `npm run pack:cli` does all of it into dist/.
//
// Only built files: the bundled CLI (no runtime dependencies: zod, undici and ws are inside
// it, their licenses beside it), and the compiled UI that `run --ui-port` serves. The layout
// mirrors the project's (out/cli/, out/renderer/, renderer/), so the CLI finds its UI by the
// same rule as in a checkout (src-core/ipc/renderer-assets.ts).
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, extname, join, relative } from 'node:path';
import process, { argv, stderr, stdout } from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

export const PACKAGE_NAME = 'twitch-colorchanger';
/** The static files of the UI (the same list electron-builder ships). */
const UI_STATIC = new Set(['.html', '.css', '.svg', '.png', '.ico', '.woff2']);

export async function writeCliPackage({ outDir = join(root, 'out', 'npm'), cliDir = join(root, 'out', 'cli') } = {}) {
  const app = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await cp(cliDir, join(outDir, 'out', 'cli'), { recursive: true });
  await copyMatching(join(root, 'out', 'renderer'), join(outDir, 'out', 'renderer'), (file) => file.endsWith('.js'));
  await copyMatching(join(root, 'renderer'), join(outDir, 'renderer'), (file) => UI_STATIC.has(extname(file)));
  const manifest = {
    name: PACKAGE_NAME,
    version: app.version,
    description: 'Changes your Twitch chat name color after every message you send: the headless command (servers, Raspberry Pi, containers).',
    license: app.license,
    type: 'module',
    bin: { [PACKAGE_NAME]: 'out/cli/main.js' },
    engines: { node: app.engines.node },
    files: ['out/cli/', 'out/renderer/', 'renderer/'],
    keywords: ['twitch', 'chat', 'color', 'eventsub', 'cli'],
  };
  await writeFile(join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(outDir, 'README.md'), packageReadme(app.version));
  await writeFile(join(outDir, 'LICENSE'), mitLicense());
  return outDir;
}

async function copyMatching(from, to, keep) {
  for (const entry of await readdir(from, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !keep(entry.name)) continue;
    const source = join(entry.parentPath ?? entry.path, entry.name);
    const target = join(to, relative(from, source));
    await mkdir(dirname(target), { recursive: true });
    await cp(source, target);
  }
}

function packageReadme(version) {
  return `# twitch-colorchanger ${version}

Changes your Twitch chat name color after every message you send, without a desktop: on a
server, a Raspberry Pi or in a container. Node.js 20.19 or newer; no other dependencies.

\`\`\`sh
npm install -g twitch-colorchanger      # or: npx twitch-colorchanger --help
twitch-colorchanger login --channels yourname,friendchannel
twitch-colorchanger run                 # until Ctrl+C / SIGTERM
twitch-colorchanger status --json
\`\`\`

\`login\` takes \`--client-id ID\` (the Client ID of your own Twitch application, Client Type
Public) when this build has no client ID of its own. \`run --ui-port 8080\` serves the desktop
app's UI to a browser on 127.0.0.1. Data lives in \`~/.config/Twitch ColorChanger\` unless
\`--data-dir\` says otherwise; see \`twitch-colorchanger --help\`.

Running it as a service (systemd, Docker): see the project's README, "Run as a service".
The bundled third-party code and its licenses: \`out/cli/THIRD_PARTY_LICENSES.txt\`.
`;
}

function mitLicense() {
  return `MIT License

Copyright (c) Twitch ColorChanger contributors

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;
}

if (import.meta.url === pathToFileURL(argv[1] ?? '').href) {
  try {
    const dir = await writeCliPackage();
    stdout.write(`npm package written to ${relative(root, dir)}/ (npm pack ./${relative(root, dir)})\n`);
  } catch (error) {
    stderr.write(`build/cli-package.mjs: ${error.message}\n`);
    process.exitCode = 1;
  }
}
