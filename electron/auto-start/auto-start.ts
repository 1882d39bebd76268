import type { StartOnBootStatus } from '../../src-core/ipc/snapshot.js';
import { linuxAutoStart } from './linux-auto-start.js';
import { type LoginItemApp, macLoginItem, windowsLoginItem } from './login-item-auto-start.js';

/**
 * Start on boot, one interface for every platform. `status` reads what the system really
 * has, so the switch shows the truth even when the user removed the entry by hand, a
 * desktop refused it, or macOS waits for the user's approval; it says why when the switch
 * cannot work in this run (a development run on macOS).
 */
export interface AutoStart {
  status(): Promise<StartOnBootStatus>;
  setEnabled(enabled: boolean): Promise<void>;
}

export interface AutoStartHost {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** process.execPath: the app's executable, or (unpackaged) Electron's. */
  execPath: string;
  app: LoginItemApp & { isPackaged: boolean; getAppPath(): string };
}

/** The platform's auto-start, or null where there is none we can manage. */
export function createAutoStart(host: AutoStartHost): AutoStart | null {
  const launch = { execPath: host.execPath, isPackaged: host.app.isPackaged, appPath: host.app.getAppPath() };
  if (host.platform === 'win32') return windowsLoginItem(host.app, launch);
  if (host.platform === 'darwin') return macLoginItem(host.app, launch);
  if (host.platform === 'linux') return linuxAutoStart({ env: host.env, ...launch });
  return null;
}
