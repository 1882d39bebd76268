import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Where the `electron` package keeps its binary, found the way its index.js finds it
 * (node_modules/electron/index.js, Electron 45): `path.txt` names the executable inside
 * `dist/`, or inside $ELECTRON_OVERRIDE_DIST_PATH when that is set. Unlike index.js this
 * never downloads: requiring `electron` from Node fetches a missing binary, which a test
 * runner must not do behind the user's back.
 */
export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

export function findElectronBinary(input: { packageDir: string; env: NodeJS.ProcessEnv }): ElectronBinary {
  const pathFile = join(input.packageDir, 'path.txt');
  const override = input.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!existsSync(join(input.packageDir, 'package.json'))) return { found: false, reason: `the electron package is not installed (${input.packageDir})` };
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (override) {
    const path = join(override, executable || 'electron');
    return existsSync(path) ? { found: true, path } : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no Electron binary (${path})` };
  }
  if (!executable) return { found: false, reason: 'the Electron binary was never downloaded (node_modules/electron/path.txt is missing)' };
  const path = join(input.packageDir, 'dist', executable);
  return existsSync(path) ? { found: true, path } : { found: false, reason: `the Electron binary is missing (${path})` };
}

/** The binary of the `electron` package the project at `root` resolves. */
export function findProjectElectron(root: string, env: NodeJS.ProcessEnv): ElectronBinary {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { found: false, reason: 'the electron package is not installed (run `npm ci`)' };
  }
  return findElectronBinary({ packageDir, env });
}
