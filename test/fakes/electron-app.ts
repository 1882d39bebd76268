/**
 * The fake `app` of the Electron fake (see electron.ts). Quitting follows Electron's order:
 * `before-quit` (preventable), then every open window is asked to close (a window that
 * prevents its `close` cancels the quit), then `will-quit` (preventable), then `quit`.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PreventableEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function preventableEvent(): PreventableEvent {
  const event = {
    defaultPrevented: false,
    preventDefault(): void {
      event.defaultPrevented = true;
    },
  };
  return event;
}

/** What the app needs of a window to close it on quit; the fake BrowserWindow registers itself. */
export interface ClosableWindow {
  close(): void;
  isDestroyed(): boolean;
}

export interface FakeLoginItemSettings {
  openAtLogin: boolean;
  args: string[];
  path: string | undefined;
  wasOpenedAtLogin: boolean;
}

export class FakeApp extends EventEmitter {
  paths = new Map<string, string>();
  name = 'Twitch ColorChanger';
  version = '0.0.0-test';
  quitCalls = 0;
  readyPromise = Promise.resolve();
  isPackaged = false;
  appPath = process.cwd();
  /** What requestSingleInstanceLock() answers: false simulates a second launch. */
  singleInstanceLock = true;
  singleInstanceLockRequests = 0;
  appUserModelId: string | null = null;
  loginItem: FakeLoginItemSettings = { openAtLogin: false, args: [], path: undefined, wasOpenedAtLogin: false };
  /** Set by exit(code) and by a completed quit (0). */
  exitCode: number | null = null;
  /** True once a quit went through every stage (nothing prevented it). */
  quitted = false;
  readonly openWindows = new Set<ClosableWindow>();
  /** True while quit() closes the windows: Electron then skips `window-all-closed`. */
  closingWindowsForQuit = false;

  getPath(name: string): string {
    let path = this.paths.get(name);
    if (!path) {
      path = mkdtempSync(join(tmpdir(), `fake-electron-${name}-`));
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
    return true;
  }
  requestSingleInstanceLock(): boolean {
    this.singleInstanceLockRequests += 1;
    return this.singleInstanceLock;
  }
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  setLoginItemSettings(settings: { openAtLogin?: boolean; args?: string[]; path?: string }): void {
    this.loginItem = {
      ...this.loginItem,
      openAtLogin: settings.openAtLogin ?? false,
      args: settings.args ?? [],
      path: settings.path,
    };
  }
  /** Like Windows: `openAtLogin` is true only when the queried args match the registered ones. */
  getLoginItemSettings(options: { args?: string[] } = {}): { openAtLogin: boolean; wasOpenedAtLogin: boolean } {
    const args = options.args ?? [];
    const same = args.length === this.loginItem.args.length && args.every((arg, i) => arg === this.loginItem.args[i]);
    return { openAtLogin: this.loginItem.openAtLogin && same, wasOpenedAtLogin: this.loginItem.wasOpenedAtLogin };
  }
  exit(code = 0): void {
    this.exitCode = code;
  }
  quit(): void {
    this.quitCalls += 1;
    const beforeQuit = preventableEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    this.closingWindowsForQuit = true;
    try {
      for (const window of [...this.openWindows]) window.close();
    } finally {
      this.closingWindowsForQuit = false;
    }
    if ([...this.openWindows].some((window) => !window.isDestroyed())) return;
    const willQuit = preventableEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) return;
    this.quitted = true;
    this.exitCode ??= 0;
    this.emit('quit', preventableEvent(), 0);
  }
  /** Called by the fake BrowserWindow when its last window is gone. */
  lastWindowClosed(): void {
    if (this.closingWindowsForQuit) return;
    // Electron's default with no listener is to quit.
    if (this.listenerCount('window-all-closed') === 0) this.quit();
    else this.emit('window-all-closed');
  }
}

export const app = new FakeApp();

export function resetApp(): void {
  app.removeAllListeners();
  app.quitCalls = 0;
  app.isPackaged = false;
  app.appPath = process.cwd();
  app.singleInstanceLock = true;
  app.singleInstanceLockRequests = 0;
  app.appUserModelId = null;
  app.loginItem = { openAtLogin: false, args: [], path: undefined, wasOpenedAtLogin: false };
  app.exitCode = null;
  app.quitted = false;
  app.openWindows.clear();
  app.closingWindowsForQuit = false;
}
