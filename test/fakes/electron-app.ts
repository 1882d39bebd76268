/**
 * The fake `app` of the Electron fake (see electron.ts). Each behaviour names the Electron
 * API or source it imitates (docs: https://www.electronjs.org/docs/latest/api/app).
 *
 * - Quitting follows `app.quit()`'s documented order: `before-quit` (preventable), then
 *   every open window is asked to close (a window that prevents its `close` cancels the
 *   quit), then `will-quit` (preventable), then `quit`.
 * - `window-all-closed`: emitted when the last window closes, except while quit() closes
 *   them; with no listener the app quits (docs, Event 'window-all-closed').
 * - Login items differ per OS (app.setLoginItemSettings / getLoginItemSettings; source
 *   shell/browser/browser_win.cc and browser_mac.mm): see the methods below.
 * - `fakeOs.platform` says which operating system the fake imitates where Electron
 *   differs per OS (login items, tray clicks, safeStorage, session end). Tests that
 *   depend on it set it and say so; it is reset to 'linux' between tests.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const fakeOs: { platform: NodeJS.Platform } = { platform: 'linux' };

export interface PreventableEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function preventableEvent<T extends object = object>(fields?: T): PreventableEvent & T {
  const event = {
    ...(fields as T),
    defaultPrevented: false,
    preventDefault(): void {
      event.defaultPrevented = true;
    },
  };
  return event;
}

/** What the app needs of a window to close it on quit; the fake BaseWindow registers itself. */
export interface ClosableWindow {
  close(): void;
  isDestroyed(): boolean;
}

/**
 * macOS 13+ registers the app with SMAppService; `status` is what the system reports
 * (platform_util_mac.mm GetLoginItemEnabled). `registerAs` is what registering leads to
 * on this fake Mac: 'enabled', or 'requires-approval' when the user must allow it in
 * System Settings > General > Login Items.
 */
export type MacLoginItemStatus = 'not-registered' | 'enabled' | 'requires-approval' | 'not-found';

export interface FakeLoginItemSettings {
  /** Windows: the Run registry value is written (any path or args). */
  registered: boolean;
  /** Windows: the executable and arguments of the Run value. */
  path: string | undefined;
  args: string[];
  /** Windows: false when the user turned the entry off in Task Manager (the StartupApproved key). */
  startupApproved: boolean;
  /** macOS: SMAppService's status of the main app service. */
  macStatus: MacLoginItemStatus;
  macRegisterAs: 'enabled' | 'requires-approval';
  wasOpenedAtLogin: boolean;
}

function defaultLoginItem(): FakeLoginItemSettings {
  return { registered: false, path: undefined, args: [], startupApproved: true, macStatus: 'not-registered', macRegisterAs: 'enabled', wasOpenedAtLogin: false };
}

export class FakeApp extends EventEmitter {
  paths = new Map<string, string>();
  /** Folders getPath() made (fake-electron-* in the system temp dir), removed on reset. */
  readonly madeFolders = new Set<string>();
  name = 'Twitch ColorChanger';
  version = '0.0.0-test';
  quitCalls = 0;
  readyPromise: Promise<void> = Promise.resolve();
  ready = true;
  isPackaged = false;
  appPath = process.cwd();
  /** What requestSingleInstanceLock() answers: false simulates a second launch. */
  singleInstanceLock = true;
  singleInstanceLockRequests = 0;
  appUserModelId: string | null = null;
  loginItem: FakeLoginItemSettings = defaultLoginItem();
  /** Set by exit(code) and by a completed quit (0). */
  exitCode: number | null = null;
  /** True once a quit went through every stage (nothing prevented it). */
  quitted = false;
  /** Browser::is_quitting(): a quit passed `before-quit` and is closing windows. */
  quitting = false;
  /** Windows ended the session and Electron terminated the process (see endWindowsSession). */
  terminatedBySystem = false;
  readonly openWindows = new Set<ClosableWindow>();
  /** True while quit() closes the windows: Electron then skips `window-all-closed`. */
  closingWindowsForQuit = false;

  getPath(name: string): string {
    let path = this.paths.get(name);
    if (!path) {
      path = mkdtempSync(join(tmpdir(), `fake-electron-${name}-`));
      this.madeFolders.add(path);
      this.paths.set(name, path);
    }
    return path;
  }
  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }
  setAppLogsPath(path?: string): void {
    if (path) this.paths.set('logs', path);
  }
  getName(): string {
    return this.name;
  }
  getVersion(): string {
    return this.version;
  }
  getAppPath(): string {
    return this.appPath;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  isReady(): boolean {
    return this.ready;
  }
  /** Holds `whenReady()` (and `isReady()`) until the returned function is called. */
  holdReady(): () => void {
    let release: () => void = () => {};
    this.ready = false;
    this.readyPromise = new Promise<void>((resolve) => {
      release = () => {
        this.ready = true;
        resolve();
        this.emit('ready', preventableEvent(), {});
      };
    });
    return release;
  }
  requestSingleInstanceLock(): boolean {
    this.singleInstanceLockRequests += 1;
    return this.singleInstanceLock;
  }
  /**
   * What a second launch does to the first instance (docs, Event 'second-instance'):
   * the first one hears `second-instance` with the second's argv and working directory.
   * Returns whether anyone was listening.
   */
  launchSecondInstance(argv: string[] = [process.execPath], workingDirectory = process.cwd()): boolean {
    return this.emit('second-instance', preventableEvent(), argv, workingDirectory, {});
  }
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  /**
   * Windows (browser_win.cc SetLoginItemSettings): writes the Run value `"path" args...`
   * (path defaults to process.execPath) or deletes it. macOS (SetLoginItemEnabled):
   * registers or unregisters the app with SMAppService; path and args do not exist there.
   * Linux has no login items: Electron does nothing.
   */
  setLoginItemSettings(settings: { openAtLogin?: boolean; args?: string[]; path?: string; enabled?: boolean }): void {
    const open = settings.openAtLogin ?? false;
    if (fakeOs.platform === 'win32') {
      // `enabled` (default true) rewrites the StartupApproved value: registering re-enables the entry.
      this.loginItem = {
        ...this.loginItem,
        registered: open,
        path: open ? (settings.path ?? process.execPath) : undefined,
        args: open ? (settings.args ?? []) : [],
        startupApproved: settings.enabled ?? true,
      };
    } else if (fakeOs.platform === 'darwin') {
      this.loginItem = { ...this.loginItem, macStatus: open ? this.loginItem.macRegisterAs : 'not-registered' };
    }
  }
  /**
   * Windows (GetLoginItemSettings): `openAtLogin` only when the Run value equals the
   * command made of the queried path (default process.execPath) and args (default none);
   * `executableWillLaunchAtLogin` for the same executable with any args, unless it is
   * turned off in Task Manager (StartupApproved). macOS:
   * `openAtLogin` is `status === 'enabled'`, plus `status` and `wasOpenedAtLogin`.
   */
  getLoginItemSettings(options: { args?: string[]; path?: string } = {}): {
    openAtLogin: boolean;
    wasOpenedAtLogin: boolean;
    status?: MacLoginItemStatus;
    executableWillLaunchAtLogin?: boolean;
  } {
    const item = this.loginItem;
    if (fakeOs.platform === 'darwin') {
      return { openAtLogin: item.macStatus === 'enabled', wasOpenedAtLogin: item.wasOpenedAtLogin, status: item.macStatus };
    }
    if (fakeOs.platform === 'win32') {
      const sameExe = item.registered && item.path === (options.path ?? process.execPath);
      const args = options.args ?? [];
      const sameArgs = args.length === item.args.length && args.every((arg, i) => arg === item.args[i]);
      return { openAtLogin: sameExe && sameArgs, wasOpenedAtLogin: false, executableWillLaunchAtLogin: sameExe && item.startupApproved };
    }
    return { openAtLogin: false, wasOpenedAtLogin: false };
  }
  exit(code = 0): void {
    this.exitCode = code;
  }
  /**
   * Browser::Quit (shell/browser/browser.cc): ignored while a quit is under way; a
   * prevented `before-quit` leaves the app running and not quitting; a window that
   * refuses to close cancels the quit (OnWindowCloseCancelled).
   */
  quit(): void {
    this.quitCalls += 1;
    if (this.quitting) return;
    const beforeQuit = preventableEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    this.quitting = true;
    this.closingWindowsForQuit = true;
    try {
      for (const window of [...this.openWindows]) window.close();
    } finally {
      this.closingWindowsForQuit = false;
    }
    if ([...this.openWindows].some((window) => !window.isDestroyed())) {
      this.quitting = false;
      return;
    }
    const willQuit = preventableEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) {
      this.quitting = false;
      return;
    }
    this.quitted = true;
    this.exitCode ??= 0;
    this.emit('quit', preventableEvent(), 0);
  }
  /** Called by the fake window when its last window is gone. */
  lastWindowClosed(): void {
    if (this.closingWindowsForQuit) return;
    // Electron's default with no listener is to quit.
    if (this.listenerCount('window-all-closed') === 0) this.quit();
    else this.emit('window-all-closed');
  }
}

export const app = new FakeApp();

/** Removes the folders getPath() made; every test's reset calls it, so no run leaves any behind. */
export function removeFakeElectronFolders(target: FakeApp = app): void {
  for (const folder of target.madeFolders) rmSync(folder, { recursive: true, force: true });
  target.madeFolders.clear();
  target.paths.clear();
}

export function resetApp(): void {
  app.removeAllListeners();
  removeFakeElectronFolders();
  fakeOs.platform = 'linux';
  app.quitCalls = 0;
  app.readyPromise = Promise.resolve();
  app.ready = true;
  app.isPackaged = false;
  app.appPath = process.cwd();
  app.singleInstanceLock = true;
  app.singleInstanceLockRequests = 0;
  app.appUserModelId = null;
  app.loginItem = defaultLoginItem();
  app.exitCode = null;
  app.quitted = false;
  app.quitting = false;
  app.terminatedBySystem = false;
  app.openWindows.clear();
  app.closingWindowsForQuit = false;
}
