import { BrowserWindow, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import type { Logger } from '../../src-core/runtime/logger.js';
import { PAGES, PRODUCT_NAME } from '../app-identity.js';

/** Below this the account page's cards (channels beside colors) no longer fit without clipping. */
export const MAIN_MIN_SIZE = { minWidth: 720, minHeight: 560 } as const;

export interface WindowManagerDeps {
  /** The compiled preload (out/electron/preload.cjs). */
  preloadPath: string;
  iconPath?: string;
  /** True while a tray icon exists (the menu bar then hides; Quit lives in the tray). */
  hasTray(): boolean;
  /** The last of our windows closed (the app decides whether that means quitting). */
  onAllClosed(): void;
  logger: Logger;
}

/**
 * The main window (accounts and settings) and the login window (device flow). Both are
 * created the same locked-down way and load only our app:// pages. The set of our
 * webContents ids is what the IPC sender check asks about.
 *
 * A closed window is destroyed, never hidden: a hidden window keeps its renderer process
 * (tens of MB) running for nothing while the app sits in the tray. Opening it again
 * builds it anew from the core's snapshot, so nothing it showed is lost.
 */
export class WindowManager {
  #main: BrowserWindow | null = null;
  #login: BrowserWindow | null = null;
  readonly #deps: WindowManagerDeps;

  constructor(deps: WindowManagerDeps) {
    this.#deps = deps;
  }

  get mainWindow(): BrowserWindow | null {
    return this.#main;
  }

  /** Creates the main window if needed; shows and focuses it unless `show` is false. */
  showMain(options: { show?: boolean } = {}): BrowserWindow {
    const show = options.show ?? true;
    let window = this.#main;
    if (!window || window.isDestroyed()) {
      window = this.#create({ width: 980, height: 720, ...MAIN_MIN_SIZE }, PAGES.main, show);
      this.#main = window;
      window.on('closed', () => {
        if (this.#main === window) this.#main = null;
        this.#closed();
      });
      return window;
    }
    if (show) reveal(window);
    return window;
  }

  openLogin(): BrowserWindow {
    if (this.#login && !this.#login.isDestroyed()) {
      reveal(this.#login);
      return this.#login;
    }
    const window = this.#create({ width: 520, height: 640, minWidth: 420, minHeight: 520 }, PAGES.login, true);
    this.#login = window;
    window.on('closed', () => {
      if (this.#login === window) this.#login = null;
      this.#closed();
    });
    return window;
  }

  /** The login is done (or moot): its window and renderer go. */
  closeLogin(): void {
    if (this.#login && !this.#login.isDestroyed()) this.#login.destroy();
  }

  ownsWebContents(id: number): boolean {
    return this.#windows().some((window) => window.webContents.id === id);
  }

  webContents(): WebContents[] {
    return this.#windows().map((window) => window.webContents);
  }

  #closed(): void {
    if (this.#windows().length === 0) this.#deps.onAllClosed();
  }

  #windows(): BrowserWindow[] {
    return [this.#main, this.#login].filter((window): window is BrowserWindow => window !== null && !window.isDestroyed());
  }

  #create(size: Pick<BrowserWindowConstructorOptions, 'width' | 'height' | 'minWidth' | 'minHeight'>, url: string, show: boolean): BrowserWindow {
    const window = new BrowserWindow({
      ...size,
      title: PRODUCT_NAME,
      show: false,
      // Without a tray the menu bar carries Quit, so it stays visible.
      autoHideMenuBar: this.#deps.hasTray(),
      ...(this.#deps.iconPath ? { icon: this.#deps.iconPath } : {}),
      webPreferences: {
        preload: this.#deps.preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webviewTag: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        safeDialogs: true,
      },
    });
    // Shown once painted, so the window never flashes empty.
    if (show) window.once('ready-to-show', () => reveal(window));
    window.loadURL(url).catch((error: unknown) => {
      this.#deps.logger.error('window.load_failed', 'The window could not load its page', { page: url, error });
    });
    return window;
  }
}

function reveal(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
