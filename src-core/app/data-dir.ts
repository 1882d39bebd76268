import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Twitch ColorChanger';
/** Where a service or container keeps the data dir, so every command finds it without --data-dir. */
export const DATA_DIR_ENV = 'TWITCH_COLORCHANGER_DATA_DIR';
export const LOG_DIR = 'logs';

/**
 * The desktop app's data folder (Electron's `userData` for our product name), so the
 * headless CLI and the app share accounts by default.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  const config = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(config, PRODUCT_NAME);
}

/** The data dir a service manager or container image set; blank counts as unset. */
export function dataDirFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const value = env[DATA_DIR_ENV]?.trim();
  return value ? value : undefined;
}
