import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { APP_ID, LINUX_NAME, PRODUCT_NAME } from '../../electron/app-identity.js';
import { resourcePaths } from '../../electron/resources.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const config = readFileSync(`${root}build/electron-builder.yml`, 'utf8');
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { main: string; productName: string; scripts: Record<string, string> };

/** Width and height from a PNG's IHDR, after checking the signature and RGBA colour type. */
function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  expect(bytes[25]).toBe(6);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const value = (key: string): string | undefined => new RegExp(`^\\s*${key}:\\s*(.+?)\\s*(#.*)?$`, 'm').exec(config)?.[1];

describe('packaging', () => {
  it('sets the Electron fuses: no run-as-node, no NODE_OPTIONS, no inspect arguments, asar only', () => {
    expect(value('runAsNode')).toBe('false');
    expect(value('enableNodeOptionsEnvironmentVariable')).toBe('false');
    expect(value('enableNodeCliInspectArguments')).toBe('false');
    expect(value('onlyLoadAppFromAsar')).toBe('true');
    expect(value('asar')).toBe('true');
  });

  it('names the app as the code does and builds AppImage, deb, NSIS, and dmg with the zip macOS updates come from', () => {
    expect(value('appId')).toBe(APP_ID);
    expect(value('productName')).toBe(PRODUCT_NAME);
    expect(pkg.productName).toBe(PRODUCT_NAME);
    expect(value('executableName')).toBe(LINUX_NAME);
    expect(config).toMatch(/target: \[AppImage, deb\]/);
    expect(config).toMatch(/target: \[nsis\]/);
    expect(config).toMatch(/target: \[dmg, zip\]/);
  });

  it('ships the compiled app and the renderer’s static files, never sources or tests', () => {
    const files = config.slice(config.indexOf('\nfiles:'), config.indexOf('\nextraResources:'));
    expect(files).toContain('out/desktop/');
    expect(files).toContain('renderer/');
    expect(files).not.toMatch(/test|fake-twitch/);
    expect(files).toContain("'!**/*.{ts,cts,map,tsbuildinfo}'");
  });

  it('has the npm scripts and entry point packaging relies on', () => {
    expect(pkg.main).toBe('out/desktop/main.js');
    expect(pkg.scripts.dist).toBe('npm run build && node build/dist.mjs');
  });

  it('has an app icon of 1024 px and every tray icon at 1x (16 px) and 2x (32 px)', () => {
    expect(pngSize(`${root}build/icon.png`)).toEqual({ width: 1024, height: 1024 });
    const paths = resourcePaths({ isPackaged: false, resourcesPath: '/unused', appPath: root, mainDir: `${root}out/electron` });
    expect(existsSync(paths.appIcon)).toBe(true);
    for (const icon of Object.values(paths.trayIcons)) {
      expect(pngSize(icon)).toEqual({ width: 16, height: 16 });
      expect(pngSize(icon.replace(/\.png$/, '@2x.png'))).toEqual({ width: 32, height: 32 });
    }
  });

  it('ships the icons where the packaged app looks for them (resources/tray, resources/icon.png)', () => {
    expect(config).toMatch(/- from: build\/tray\n\s+to: tray/);
    expect(config).toMatch(/- from: build\/icon.png\n\s+to: icon.png/);
    const packaged = resourcePaths({ isPackaged: true, resourcesPath: '/opt/app/resources', appPath: '/unused', mainDir: '/x' });
    expect(packaged.trayIcons.attention).toBe('/opt/app/resources/tray/tray-attention.png');
    expect(packaged.appIcon).toBe('/opt/app/resources/icon.png');
  });
});
