import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from './electron-binary.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** An `electron` package folder as npm leaves it, with or without the downloaded binary. */
function electronPackage(options: { pathTxt?: string; binary?: boolean }): string {
  const dir = mkdtempSync(join(tmpdir(), 'tcc-electron-pkg-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'package.json'), '{"name":"electron"}');
  if (options.pathTxt !== undefined) writeFileSync(join(dir, 'path.txt'), options.pathTxt);
  if (options.binary && options.pathTxt) {
    mkdirSync(join(dir, 'dist', options.pathTxt, '..'), { recursive: true });
    writeFileSync(join(dir, 'dist', options.pathTxt), '');
  }
  return dir;
}

describe('finding the Electron binary without downloading it (test:electron)', () => {
  it('finds dist/<path.txt> as electron/index.js does', () => {
    const dir = electronPackage({ pathTxt: 'electron', binary: true });
    expect(findElectronBinary({ packageDir: dir, env: {} })).toEqual({ found: true, path: join(dir, 'dist', 'electron') });
    const mac = electronPackage({ pathTxt: 'Electron.app/Contents/MacOS/Electron', binary: true });
    expect(findElectronBinary({ packageDir: mac, env: {} })).toEqual({ found: true, path: join(mac, 'dist', 'Electron.app/Contents/MacOS/Electron') });
  });

  it('says why when it is not there: never downloaded (as here, ELECTRON_SKIP_BINARY_DOWNLOAD), or deleted', () => {
    expect(findElectronBinary({ packageDir: electronPackage({}), env: {} })).toEqual({ found: false, reason: expect.stringContaining('never downloaded') });
    expect(findElectronBinary({ packageDir: electronPackage({ pathTxt: 'electron' }), env: {} })).toEqual({ found: false, reason: expect.stringContaining('binary is missing') });
    expect(findElectronBinary({ packageDir: join(tmpdir(), 'no-such-electron-package'), env: {} })).toEqual({ found: false, reason: expect.stringContaining('not installed') });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like electron/index.js', () => {
    const dir = electronPackage({ pathTxt: 'electron' });
    const override = mkdtempSync(join(tmpdir(), 'tcc-electron-dist-'));
    dirs.push(override);
    expect(findElectronBinary({ packageDir: dir, env: { ELECTRON_OVERRIDE_DIST_PATH: override } })).toEqual({ found: false, reason: expect.stringContaining('ELECTRON_OVERRIDE_DIST_PATH') });
    writeFileSync(join(override, 'electron'), '');
    expect(findElectronBinary({ packageDir: dir, env: { ELECTRON_OVERRIDE_DIST_PATH: override } })).toEqual({ found: true, path: join(override, 'electron') });
  });
});
