import { execFile } from 'node:child_process';

/**
 * Whether this desktop can show our tray icon. Windows and macOS always can. On Linux,
 * Electron shows tray icons through a StatusNotifier host (KDE, XFCE, Cinnamon, GNOME with
 * the AppIndicator extension) and falls back to the old XEmbed tray, which GNOME Shell and
 * Wayland sessions do not have. "unknown" means an X11 desktop without a StatusNotifier
 * host: an XEmbed tray may exist, so the tray is created, but the app never starts hidden.
 */
export type TraySupport = 'yes' | 'no' | 'unknown';

/**
 * Whether the app may start with no window, in the tray: only where the icon is sure to
 * show. Settings offers "Start hidden in the tray" only then (composition.ts).
 */
export function canStartHidden(support: TraySupport): boolean {
  return support === 'yes';
}

/** Whether a StatusNotifier host runs on the session bus; null when that cannot be told. */
export type StatusNotifierProbe = () => Promise<boolean | null>;

export async function detectTraySupport(input: {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  probe?: StatusNotifierProbe;
}): Promise<TraySupport> {
  if (input.platform !== 'linux') return 'yes';
  const watcher = await (input.probe ?? probeStatusNotifierWatcher)();
  if (watcher === true) return 'yes';
  const desktop = (input.env.XDG_CURRENT_DESKTOP ?? '').toUpperCase();
  const wayland = input.env.XDG_SESSION_TYPE === 'wayland' || Boolean(input.env.WAYLAND_DISPLAY);
  if (watcher === false && (desktop.includes('GNOME') || wayland)) return 'no';
  return 'unknown';
}

const PROBE_TIMEOUT_MS = 1500;

/** Asks the session bus whether org.kde.StatusNotifierWatcher has an owner. */
export function probeStatusNotifierWatcher(): Promise<boolean | null> {
  return new Promise((resolve) => {
    execFile(
      'dbus-send',
      [
        '--session',
        '--print-reply',
        '--dest=org.freedesktop.DBus',
        '/org/freedesktop/DBus',
        'org.freedesktop.DBus.NameHasOwner',
        'string:org.kde.StatusNotifierWatcher',
      ],
      { timeout: PROBE_TIMEOUT_MS, windowsHide: true },
      (error, stdout) => resolve(error ? null : parseNameHasOwnerReply(stdout)),
    );
  });
}

export function parseNameHasOwnerReply(stdout: string): boolean | null {
  const match = /\bboolean\s+(true|false)\b/.exec(stdout);
  return match ? match[1] === 'true' : null;
}
