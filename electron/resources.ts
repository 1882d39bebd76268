import { join } from 'node:path';
import type { TrayIconState } from './tray/tray-status.js';

/**
 * Where the app's own files are. Packaged, icons sit in `resources/` (electron-builder's
 * extraResources, outside the asar so the desktop can read them); unpackaged, they are the
 * files in `build/`. The preload is compiled next to main (out/electron/).
 */
export interface ResourcePaths {
  preload: string;
  appIcon: string;
  trayIcons: Record<TrayIconState, string>;
}

export function resourcePaths(input: { isPackaged: boolean; resourcesPath: string; appPath: string; mainDir: string }): ResourcePaths {
  const base = input.isPackaged ? input.resourcesPath : join(input.appPath, 'build');
  const tray = (state: TrayIconState): string => join(base, 'tray', `tray-${state}.png`);
  return {
    preload: join(input.mainDir, 'preload.cjs'),
    appIcon: join(base, 'icon.png'),
    trayIcons: { active: tray('active'), paused: tray('paused'), attention: tray('attention') },
  };
}
