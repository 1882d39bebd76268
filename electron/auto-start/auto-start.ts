import { linuxAutoStart } from './linux-auto-start.js';
import { type LoginItemApp, loginItemAutoStart } from './login-item-auto-start.js';

/**
 * Start on boot, one interface for every platform (it is PlatformPort.autoStart).
 * `isEnabled` reads what the system really has, so a toggle shows the truth even when the
 * user removed the entry by hand or a desktop refused it.
 */
export interface AutoStart {
  isEnabled(): Promise<boolean>;
  setEnabled(enabled: boolean): Promise<void>;
}

export interface AutoStartHost {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  execPath: string;
  app: LoginItemApp & { isPackaged: boolean; getAppPath(): string };
}

/** The platform's auto-start, or null where there is none we can manage. */
export function createAutoStart(host: AutoStartHost): AutoStart | null {
  if (host.platform === 'darwin' || host.platform === 'win32') return loginItemAutoStart(host.app, host.platform);
  if (host.platform === 'linux') {
    return linuxAutoStart({ env: host.env, execPath: host.execPath, isPackaged: host.app.isPackaged, appPath: host.app.getAppPath() });
  }
  return null;
}
