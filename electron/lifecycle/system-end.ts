import type { GracefulQuit } from './graceful-quit.js';

/**
 * Shutdown, restart and log-out skip Electron's usual quit, so the app listens for them
 * itself (R39), per platform:
 * - Linux and macOS: powerMonitor's `shutdown`. Preventing it makes Electron hold the
 *   shutdown for us (Linux: logind's delay lock; macOS: the system's terminate request is
 *   ignored), and the app must then quit by itself, soon: GracefulQuit.systemEnding.
 * - Windows: neither `before-quit` nor `will-quit` comes; windows get `query-session-end`
 *   and then `session-end`, after which Electron ends the process at once. With no window
 *   open (the app lives in the tray) nobody would hear them, so a hidden BaseWindow, which
 *   has no web contents and so no renderer process, listens. `query-session-end` starts
 *   the stop (home colors) without delaying Windows; `session-end` writes the store.
 * Linux log-out has no event: the desktop closes the display, and a service manager's
 * SIGTERM is handled in main.ts like a quit.
 */
export interface ShutdownEvents {
  // Electron's typings declare no argument, but it passes a preventable event (api/power-monitor.md).
  on(event: 'shutdown', listener: (...args: unknown[]) => void): unknown;
}

export interface SessionWindow {
  on(event: 'query-session-end' | 'session-end', listener: () => void): unknown;
}

export function watchSystemEnd(deps: {
  platform: NodeJS.Platform;
  powerMonitor: ShutdownEvents;
  /** Windows only: a hidden window without web contents. */
  createSessionWindow(): SessionWindow;
  quit: GracefulQuit;
}): void {
  if (deps.platform === 'win32') {
    const window = deps.createSessionWindow();
    window.on('query-session-end', () => deps.quit.systemEnding());
    window.on('session-end', () => deps.quit.sessionEnded());
    return;
  }
  if (deps.platform === 'linux' || deps.platform === 'darwin') {
    deps.powerMonitor.on('shutdown', (...args: unknown[]) => {
      const event = args[0];
      if (isPreventable(event)) event.preventDefault();
      deps.quit.systemEnding();
    });
  }
}

function isPreventable(value: unknown): value is { preventDefault(): void } {
  return typeof value === 'object' && value !== null && typeof (value as { preventDefault?: unknown }).preventDefault === 'function';
}
