import { HIDDEN_FLAG } from '../app-identity.js';
import type { AutoStart } from './auto-start.js';

/** The part of Electron's `app` this needs (macOS and Windows login items). */
export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
  getLoginItemSettings(options?: { args?: string[] }): { openAtLogin: boolean };
}

/**
 * macOS and Windows: the system's login items. Windows launches us with `--hidden` (and
 * matches entries by their arguments, so the same args must be given when reading back);
 * macOS cannot pass arguments and reports `wasOpenedAtLogin` instead.
 */
export function loginItemAutoStart(app: LoginItemApp, platform: NodeJS.Platform): AutoStart {
  const args = platform === 'win32' ? [HIDDEN_FLAG] : undefined;
  return {
    async isEnabled() {
      return app.getLoginItemSettings(args ? { args } : {}).openAtLogin;
    },
    async setEnabled(enabled) {
      app.setLoginItemSettings(args ? { openAtLogin: enabled, args } : { openAtLogin: enabled });
    },
  };
}
