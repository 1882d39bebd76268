import { afterEach, describe, expect, it } from 'vitest';
import { WindowManager } from '../../../electron/windows/window-manager.js';
import { appMenuTemplate } from '../../../electron/windows/app-menu.js';
import { MemoryLogSink, createLogger } from '../../../src-core/runtime/logger.js';
import { FakeBrowserWindow, resetFakeElectron, webContents } from '../../fakes/electron.js';
import { waitFor } from '../../support/wait-for.js';

afterEach(() => resetFakeElectron());

function manager(options: { tray?: boolean; onAllClosed?: () => void } = {}): WindowManager {
  return new WindowManager({
    preloadPath: '/out/electron/preload.cjs',
    hasTray: () => options.tray ?? true,
    onAllClosed: options.onAllClosed ?? (() => {}),
    logger: createLogger(new MemoryLogSink()),
  });
}

describe('the windows', () => {
  it('reuse one main window: showing it again restores and focuses it', async () => {
    const windows = manager();
    const first = windows.showMain();
    await waitFor(() => first.isVisible());
    first.minimize();
    first.hide();
    expect(windows.showMain()).toBe(first);
    expect(first.isVisible()).toBe(true);
    expect(first.isMinimized()).toBe(false);
    expect(FakeBrowserWindow.getAllWindows()).toHaveLength(1);
  });

  it('keep the main window at least 720×560, so the account page never clips', () => {
    const main = manager().showMain({ show: false }) as unknown as FakeBrowserWindow;
    expect(main.options).toMatchObject({ width: 980, height: 720, minWidth: 720, minHeight: 560 });
    expect(main.isVisible()).toBe(false);
  });

  it('open one login window on the device-flow page, locked down like the main window', () => {
    const windows = manager();
    const login = windows.openLogin();
    expect(windows.openLogin()).toBe(login);
    expect(login.webContents.getURL()).toBe('app://colorchanger/index.html#login');
    expect(login.webContents.mainFrame.origin).toBe('app://colorchanger');
    expect((login as unknown as FakeBrowserWindow).options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: '/out/electron/preload.cjs' });
  });

  it('know which webContents are theirs, and forget closed ones', () => {
    const windows = manager({ tray: false });
    const main = windows.showMain();
    const login = windows.openLogin();
    const stranger = new FakeBrowserWindow();
    expect(windows.ownsWebContents(main.webContents.id)).toBe(true);
    expect(windows.ownsWebContents(login.webContents.id)).toBe(true);
    expect(windows.ownsWebContents(stranger.webContents.id)).toBe(false);
    login.close();
    expect(windows.ownsWebContents(login.webContents.id)).toBe(false);
    expect(windows.webContents().map((c) => c.id)).toEqual([main.webContents.id]);
  });

  it('a closed window is destroyed with its page (no renderer kept for the tray), and comes back anew', async () => {
    let allClosed = 0;
    const windows = manager({ onAllClosed: () => (allClosed += 1) });
    const main = windows.showMain();
    main.close();
    expect(main.isDestroyed()).toBe(true);
    expect(windows.mainWindow).toBeNull();
    expect(webContents.getAllWebContents()).toEqual([]);
    expect(allClosed).toBe(1);
    const again = windows.showMain();
    expect(again).not.toBe(main);
    await waitFor(() => again.isVisible());
    const login = windows.openLogin();
    windows.closeLogin();
    expect(login.isDestroyed()).toBe(true);
    expect(webContents.getAllWebContents()).toEqual([again.webContents]);
  });

  it('the menu bar offers Quit only where there is no tray (and macOS keeps its standard menus)', () => {
    expect(appMenuTemplate({ platform: 'linux', hasTray: true })).toBeNull();
    expect(JSON.stringify(appMenuTemplate({ platform: 'linux', hasTray: false }))).toContain('"role":"quit"');
    expect(appMenuTemplate({ platform: 'darwin', hasTray: true })?.map((item) => item.role)).toEqual(['appMenu', 'editMenu', 'windowMenu']);
  });
});
