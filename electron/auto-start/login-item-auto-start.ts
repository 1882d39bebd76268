import type { StartOnBootStatus } from '../../src-core/ipc/snapshot.js';
import { HIDDEN_FLAG, PRODUCT_NAME } from '../app-identity.js';
import type { AutoStart } from './auto-start.js';

/**
 * The part of Electron's `app` this needs (login items on macOS and Windows; api/app.md,
 * setLoginItemSettings / getLoginItemSettings).
 */
export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void;
  getLoginItemSettings(options?: { path?: string; args?: string[] }): {
    openAtLogin: boolean;
    /** macOS: SMAppService's status of the app. */
    status?: string;
    /** Windows: false when the entry is turned off in Task Manager (StartupApproved). */
    executableWillLaunchAtLogin?: boolean;
  };
}

/** What launches this app: the executable, and whether the app folder must follow it. */
export interface LaunchCommand {
  execPath: string;
  isPackaged: boolean;
  appPath: string;
}

const on = (note: string | null = null): StartOnBootStatus => ({ state: 'on', note });
const off = (note: string | null = null): StartOnBootStatus => ({ state: 'off', note });

/**
 * Windows: a Run registry entry. Unpackaged, process.execPath is Electron itself, so the
 * app folder goes first in the arguments, or Electron's default app would open at login.
 * Windows matches entries by path and arguments: the same ones are given when reading.
 */
export function windowsLoginItem(app: LoginItemApp, launch: LaunchCommand): AutoStart {
  const command = { path: launch.execPath, args: launch.isPackaged ? [HIDDEN_FLAG] : [launch.appPath, HIDDEN_FLAG] };
  return {
    async status() {
      const settings = app.getLoginItemSettings(command);
      if (!settings.openAtLogin) return off();
      if (settings.executableWillLaunchAtLogin === false) {
        return {
          state: 'needs-approval',
          note: `Windows has ${PRODUCT_NAME} turned off at sign-in: turn it on in Task Manager › Startup apps (or switch Start on boot off and on here).`,
        };
      }
      return on();
    },
    async setEnabled(enabled) {
      app.setLoginItemSettings({ openAtLogin: enabled, ...command });
    },
  };
}

const APPROVE_ON_MAC = `macOS needs your approval: open System Settings › General › Login Items and allow ${PRODUCT_NAME}.`;
const UNPACKAGED_MAC = `Start on boot needs the installed app: in a development run macOS would open Electron itself at login, not ${PRODUCT_NAME}.`;

/**
 * macOS 13+: the app registers itself with SMAppService (it cannot pass arguments; a login
 * launch is told by `wasOpenedAtLogin`). The system may hold the item until the user
 * allows it (`requires-approval`), which is shown as such, with how to approve. An
 * unpackaged run would register Electron.app, so the switch is not offered there.
 */
export function macLoginItem(app: LoginItemApp, launch: LaunchCommand): AutoStart {
  return {
    async status() {
      if (!launch.isPackaged) return { state: 'unavailable', note: UNPACKAGED_MAC };
      switch (app.getLoginItemSettings().status) {
        case 'enabled':
          return on();
        case 'requires-approval':
          return { state: 'needs-approval', note: APPROVE_ON_MAC };
        case 'not-found':
          return off(`macOS could not find ${PRODUCT_NAME} to register it; move the app to the Applications folder and try again.`);
        default:
          return off();
      }
    },
    async setEnabled(enabled) {
      if (!launch.isPackaged) return;
      app.setLoginItemSettings({ openAtLogin: enabled });
    },
  };
}
