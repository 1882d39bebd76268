/**
 * A hand-written fake of the parts of Electron's main-process API the app uses.
 * vitest aliases `electron` to this file (test/vitest.config.ts), so our code and
 * electron-store both get it. State lives in the exported objects so tests can inspect and
 * reset it; `resetFakeElectron()` runs between tests that care.
 *
 * Split by concern: electron-app.ts (app, and `fakeOs`: which OS the fake imitates),
 * electron-windows.ts (BaseWindow, BrowserWindow, webContents, frames, Windows session
 * end), electron-desktop.ts (Tray, Menu, nativeImage, Notification, dialog),
 * electron-system.ts (protocol, session, powerMonitor, net), electron-net.ts (net.request,
 * session partitions and the native autoUpdater, for electron-updater),
 * electron-safe-storage.ts (safeStorage), electron-renderer.ts (contextBridge, ipcRenderer
 * for the preload).
 *
 * Fidelity rule: every behaviour imitates what Electron documents (or, where the docs are
 * silent, what its source does), with a comment naming the doc page or source file, and
 * with the platform differences. ipcMain here: api/ipc-main.md (one handler per channel,
 * `handle` twice throws) and the structured clone of arguments and results
 * (tutorial/ipc.md); shell: api/shell.md (openPath resolves '' or an error message).
 */
import { EventEmitter } from 'node:events';
import { app, resetApp } from './electron-app.js';
import { FakeMenu, FakeNotification, FakeTray, dialog, nativeImage, resetDesktop } from './electron-desktop.js';
import { autoUpdater, resetNet } from './electron-net.js';
import { contextBridge, ipcRenderer, resetRenderer } from './electron-renderer.js';
import { resetSafeStorage, safeStorage } from './electron-safe-storage.js';
import { net, powerMonitor, protocol, resetSystem, session } from './electron-system.js';
import { FakeBaseWindow, FakeBrowserWindow, FakeWebContents, resetWindows } from './electron-windows.js';

/** A handler as registered: its event and arguments are whatever the caller passes. */
type Handler = (event: never, ...args: never[]) => unknown;

class FakeIpcMain extends EventEmitter {
  handlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What `ipcRenderer.invoke(channel, ...args)` from `event.sender` would get back. */
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    // Electron structured-clones both ways; so does the fake.
    const call = handler as (event: unknown, ...args: unknown[]) => unknown;
    return structuredClone(await call(event, ...structuredClone(args)));
  }
}

export { app };
export const ipcMain = new FakeIpcMain();

export const shell = {
  opened: [] as string[],
  openedPaths: [] as string[],
  async openExternal(url: string): Promise<void> {
    shell.opened.push(url);
  },
  async openPath(path: string): Promise<string> {
    shell.openedPaths.push(path);
    return '';
  },
};

/** The webContents module's static part (api/web-contents.md). */
export const webContents = {
  getAllWebContents: (): FakeWebContents[] => FakeWebContents.getAllWebContents(),
};

export {
  autoUpdater,
  FakeBaseWindow as BaseWindow,
  FakeBrowserWindow as BrowserWindow,
  FakeMenu as Menu,
  FakeNotification as Notification,
  FakeTray as Tray,
  contextBridge,
  dialog,
  ipcRenderer,
  nativeImage,
  net,
  powerMonitor,
  protocol,
  safeStorage,
  session,
};
export { FakeBaseWindow, FakeBrowserWindow, FakeWebContents, FakeWebFrame, endWindowsSession } from './electron-windows.js';
export { FakeMenu, FakeNotification, FakeTray } from './electron-desktop.js';
export type { FakeMenuItemOptions } from './electron-desktop.js';
export { fakeOs, preventableEvent } from './electron-app.js';
export { FakeClientRequest, FakeIncomingMessage } from './electron-net.js';

export function resetFakeElectron(): void {
  resetApp();
  ipcMain.removeAllListeners();
  ipcMain.handlers.clear();
  shell.opened.length = 0;
  shell.openedPaths.length = 0;
  resetSafeStorage();
  resetWindows();
  resetDesktop();
  resetSystem();
  resetRenderer();
  resetNet();
}

const electron = {
  app,
  autoUpdater,
  ipcMain,
  shell,
  safeStorage,
  webContents,
  BaseWindow: FakeBaseWindow,
  BrowserWindow: FakeBrowserWindow,
  Menu: FakeMenu,
  Notification: FakeNotification,
  Tray: FakeTray,
  contextBridge,
  dialog,
  ipcRenderer,
  nativeImage,
  net,
  powerMonitor,
  protocol,
  session,
};
export default electron;
