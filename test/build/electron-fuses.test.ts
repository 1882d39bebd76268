import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { Arch, LinuxPackager, MacPackager, type AfterPackContext } from 'electron-builder';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadBuilderProject } from './support/builder-project.js';

/**
 * Defect 1 of issue 15: unsigned Apple Silicon builds must launch.
 *
 * Flipping a fuse rewrites bytes in the Electron Framework's code; on arm64 macOS the
 * kernel kills a process whose code pages no longer match their signature, before our
 * main.js runs. electron-builder 26.17 flips the fuses (platformPackager.js
 * `doAddElectronFuses`) and then signs only when it finds an identity
 * (mac/MacTargetHelper.js `findSigningIdentity` returns null without a certificate;
 * codeSign/macCodeSign.js `isSignAllowed` is false in pull-request builds): an unsigned
 * build keeps the stale ad-hoc signature. Its `electronFuses.resetAdHocDarwinSignature`
 * is handed to @electron/fuses' `flipFuses` (platformPackager.js `generateFuseConfig`),
 * which re-signs the bundle ad hoc right after writing the fuses (@electron/fuses 1.8
 * dist/index.js; README "Apple Silicon"). A signed build is signed again with its real
 * identity right after, so the reset costs it nothing.
 *
 * These tests run electron-builder's own fuse step on a stand-in Electron binary, with a
 * stand-in `codesign` on PATH that records how it was called and what the binary held.
 */

/** @electron/fuses dist/constants.js: the marker before the fuse wire, and the states. */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const DISABLE = 0x30;
const ENABLE = 0x31;
/** Wire order (@electron/fuses FuseV1Options) with Electron's defaults (electronjs.org/docs/latest/tutorial/fuses). */
const FUSES = [
  ['runAsNode', ENABLE],
  ['enableCookieEncryption', DISABLE],
  ['enableNodeOptionsEnvironmentVariable', ENABLE],
  ['enableNodeCliInspectArguments', ENABLE],
  ['enableEmbeddedAsarIntegrityValidation', DISABLE],
  ['onlyLoadAppFromAsar', DISABLE],
  ['loadBrowserProcessSpecificV8Snapshot', DISABLE],
  ['grantFileProtocolExtraPrivileges', ENABLE],
] as const;

function fakeElectronBinary(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const wire = Buffer.from([1, FUSES.length, ...FUSES.map(([, state]) => state)]);
  writeFileSync(path, Buffer.concat([Buffer.alloc(64, 0xcc), Buffer.from(SENTINEL, 'ascii'), wire, Buffer.alloc(64, 0xcc)]));
}

/** The fuses in the file, by name: true (enabled) or false (disabled). */
function readFuses(path: string): Record<string, boolean> {
  const bytes = readFileSync(path);
  const at = bytes.indexOf(SENTINEL) + SENTINEL.length;
  return Object.fromEntries(FUSES.map(([name], i) => [name, bytes[at + 2 + i] === ENABLE]));
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tcc-fuses-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A `codesign` on PATH that logs its arguments and a copy of the framework binary it found. */
function standInCodesign(dir: string, frameworkBinary: string): { calls: () => string[][]; binaryAtCall: string } {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const log = join(dir, 'codesign-calls');
  const binaryAtCall = join(dir, 'framework-at-codesign');
  writeFileSync(join(bin, 'codesign'), `#!/bin/sh\nprintf '%s\\n' "$@" >> '${log}'\nprintf '%s\\n' '--' >> '${log}'\ncp '${frameworkBinary}' '${binaryAtCall}'\n`);
  chmodSync(join(bin, 'codesign'), 0o755);
  vi.stubEnv('PATH', `${bin}${delimiter}${process.env.PATH ?? ''}`);
  const calls = (): string[][] => {
    let text: string;
    try {
      text = readFileSync(log, 'utf8');
    } catch {
      return [];
    }
    return text.split('--\n').filter(Boolean).map((call) => call.trimEnd().split('\n'));
  };
  return { calls, binaryAtCall };
}

/** electron-builder's fuse step for one packed app, exactly as `doPack` runs it before signing. */
async function flipFusesAsElectronBuilderDoes(packager: MacPackager | LinuxPackager, context: Omit<AfterPackContext, 'packager' | 'targets' | 'outDir'>): Promise<void> {
  // `doAddElectronFuses` is protected: the step electron-builder runs itself, not a public API.
  const step = packager as unknown as { doAddElectronFuses(context: AfterPackContext): Promise<void> };
  await step.doAddElectronFuses({ ...context, packager, targets: [], outDir: dirname(context.appOutDir) });
}

const EXPECTED_FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: false,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false,
};

describe('Electron fuses in the packages (build/electron-builder.yml)', () => {
  // The stand-in codesign is a POSIX shell script; macOS and Linux run it, Windows cannot.
  it.skipIf(process.platform === 'win32')(
    'macOS: after the fuses are written the app bundle is signed again ad hoc, so an unsigned arm64 build launches',
    async () => {
      const project = await loadBuilderProject();
      const mac = new MacPackager(project);
      const appOutDir = join(tempDir(), 'mac-arm64');
      const bundle = join(appOutDir, `${mac.appInfo.productFilename}.app`);
      const framework = join(bundle, 'Contents', 'Frameworks', 'Electron Framework.framework', 'Electron Framework');
      fakeElectronBinary(framework);
      const codesign = standInCodesign(dirname(appOutDir), framework);

      await flipFusesAsElectronBuilderDoes(mac, { appOutDir, electronPlatformName: 'darwin', arch: Arch.arm64 });

      expect(readFuses(framework)).toEqual(EXPECTED_FUSES);
      // Ad hoc (`-`), replacing the stale signature, over the whole bundle, keeping what a real signature declared.
      expect(codesign.calls()).toEqual([['--sign', '-', '--force', '--preserve-metadata=entitlements,requirements,flags,runtime', '--deep', bundle]]);
      // It signed the bytes with the flipped fuses, not the ones before.
      expect(readFuses(codesign.binaryAtCall)).toEqual(EXPECTED_FUSES);
    },
  );

  it.skipIf(process.platform === 'win32')('Linux: the same fuses are written into the executable, and nothing is signed', async () => {
    const project = await loadBuilderProject();
    const linux = new LinuxPackager(project);
    const appOutDir = join(tempDir(), 'linux-unpacked');
    const executable = join(appOutDir, linux.executableName);
    fakeElectronBinary(executable);
    const codesign = standInCodesign(dirname(appOutDir), executable);

    await flipFusesAsElectronBuilderDoes(linux, { appOutDir, electronPlatformName: 'linux', arch: Arch.x64 });

    expect(readFuses(executable)).toEqual(EXPECTED_FUSES);
    expect(codesign.calls()).toEqual([]);
  });

  it('the configuration asks for the ad-hoc reset and leaves no fuse that opens the app to other code', async () => {
    const { config } = await loadBuilderProject();
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: true,
    });
  });
});
