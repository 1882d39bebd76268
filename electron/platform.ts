import { mkdir } from 'node:fs/promises';
import { isAllowedActivationUrl } from '../src-core/ipc/activation-url.js';
import type { PlatformPort, StartOnBootControl } from '../src-core/ipc/core-port.js';
import { IpcFailure } from '../src-core/ipc/result.js';

export interface ShellLike {
  openExternal(url: string): Promise<void>;
  /** Resolves with an error message, or '' on success (Electron's shell.openPath). */
  openPath(path: string): Promise<string>;
}

/** The desktop's PlatformPort: the system browser, the file manager and start on boot. */
export function electronPlatform(deps: { shell: ShellLike; autoStart: StartOnBootControl | null }): PlatformPort {
  return {
    async openExternal(url) {
      // The handlers check this too; the shell is the last door before the browser.
      if (!isAllowedActivationUrl(url)) throw new IpcFailure('forbidden', 'Only Twitch’s activation page may be opened in the browser');
      await deps.shell.openExternal(url);
    },
    async openPath(path) {
      // The logs folder may not exist before the first line is written.
      await mkdir(path, { recursive: true });
      const error = await deps.shell.openPath(path);
      if (error) throw new IpcFailure('unsupported', `The system could not open ${path}: ${error}`);
    },
    ...(deps.autoStart ? { autoStart: deps.autoStart } : {}),
  };
}
