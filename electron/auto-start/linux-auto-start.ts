import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { HIDDEN_FLAG, LINUX_NAME, PRODUCT_NAME } from '../app-identity.js';
import type { AutoStart } from './auto-start.js';
import { formatDesktopEntry, isActiveAutostartEntry, parseDesktopEntry } from './desktop-entry.js';

/**
 * Linux: an XDG autostart entry, `$XDG_CONFIG_HOME/autostart/<name>.desktop`. Inside an
 * AppImage, `process.execPath` points into a temporary mount that is gone after the next
 * boot, so Exec uses `$APPIMAGE` (the image file itself) when it is set.
 */
const absolutePath = z.string().refine((value) => isAbsolute(value), 'must be an absolute path');
const envSchema = z.object({
  XDG_CONFIG_HOME: absolutePath.optional().catch(undefined),
  APPIMAGE: absolutePath.optional().catch(undefined),
});

export interface LinuxAutoStartOptions {
  env: NodeJS.ProcessEnv;
  /** Electron's process.execPath. */
  execPath: string;
  /** app.isPackaged: unpackaged runs need the app folder after the Electron binary. */
  isPackaged: boolean;
  appPath: string;
  home?: string;
}

export function autostartFilePath(env: NodeJS.ProcessEnv, home = homedir()): string {
  const { XDG_CONFIG_HOME } = envSchema.parse(env);
  // The spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  return join(XDG_CONFIG_HOME ?? join(home, '.config'), 'autostart', `${LINUX_NAME}.desktop`);
}

export function autostartCommand(options: LinuxAutoStartOptions): string[] {
  const { APPIMAGE } = envSchema.parse(options.env);
  if (APPIMAGE) return [APPIMAGE, HIDDEN_FLAG];
  return options.isPackaged ? [options.execPath, HIDDEN_FLAG] : [options.execPath, options.appPath, HIDDEN_FLAG];
}

export function linuxAutoStart(options: LinuxAutoStartOptions): AutoStart {
  const file = autostartFilePath(options.env, options.home);
  return {
    async status() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'off', note: null };
        throw error;
      }
      return { state: isActiveAutostartEntry(parseDesktopEntry(text)) ? 'on' : 'off', note: null };
    },
    async setEnabled(enabled) {
      if (!enabled) {
        await rm(file, { force: true });
        return;
      }
      const text = formatDesktopEntry({
        name: PRODUCT_NAME,
        comment: 'Changes your Twitch chat color after every message',
        exec: autostartCommand(options),
        icon: LINUX_NAME,
      });
      await mkdir(join(file, '..'), { recursive: true });
      // Write then rename, so a desktop reading the folder at login never sees half a file.
      const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeFile(temp, text, { mode: 0o644 });
        await rename(temp, file);
      } finally {
        await rm(temp, { force: true });
      }
    },
  };
}
