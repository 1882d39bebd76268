import { HIDDEN_FLAG } from './app-identity.js';

/**
 * How this launch should start. `--hidden` comes from our autostart entries (or the user);
 * macOS reports a login launch itself. Without a usable tray the window always shows:
 * a hidden app with no tray icon would be unreachable.
 */
export interface LaunchOptions {
  hidden: boolean;
}

export function parseLaunchArgs(argv: readonly string[]): LaunchOptions {
  return { hidden: argv.includes(HIDDEN_FLAG) };
}

export function shouldStartHidden(input: {
  launch: LaunchOptions;
  openedAtLogin: boolean;
  startHiddenSetting: boolean;
  trayUsable: boolean;
}): boolean {
  if (!input.trayUsable) return false;
  return input.launch.hidden || (input.openedAtLogin && input.startHiddenSetting);
}
