import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { AppSnapshot } from '../../src-core/ipc/snapshot.js';
import type { Clock, TimerHandle } from '../../src-core/runtime/clock.js';
import type { Logger } from '../../src-core/runtime/logger.js';
import { buildTrayMenu, type TrayAction, type TrayMenuItem } from './tray-menu.js';
import { trayIconState, traySummary, type TrayIconState } from './tray-status.js';

export interface TrayControllerDeps {
  icons: Record<TrayIconState, string>;
  /** Decides what a click on the icon does (see clickAction). */
  platform: NodeJS.Platform;
  /** Performs a menu action; failures are the runner's to log and show (it never rejects). */
  run(action: TrayAction): Promise<void>;
  logger: Logger;
  /** Spaces menu rebuilds (MENU_REBUILD_INTERVAL_MS); the pending one is cancelled by destroy(). */
  clock: Clock;
}

/**
 * The shortest time between two menus handed to the tray host. While 2,000 channels come
 * up at start-up the core reports a change every 100 ms, and each menu holds every
 * account's channels; a person cannot read a menu faster than this anyway.
 */
export const MENU_REBUILD_INTERVAL_MS = 250;

/**
 * Owns the tray icon. Icon and tooltip follow every snapshot at once. The menu is built
 * again only when what it shows (or does) changed, at most every 250 ms, and then set as
 * a whole: several Linux tray hosts only pick up a menu when it is set again, never when
 * an item changes in place. The start-on-boot item shows what the system reports (the
 * snapshot carries it, re-read after every toggle).
 */
export class TrayController {
  readonly #tray: Tray;
  readonly #deps: TrayControllerDeps;
  #snapshot: AppSnapshot;
  #icon: TrayIconState | null = null;
  #tooltip: string | null = null;
  /** The menu last set, as data (labels, states and actions): equal means nothing to rebuild. */
  #menuShown: string | null = null;
  #menuBuiltAt = Number.NEGATIVE_INFINITY;
  #menuTimer: TimerHandle | undefined;
  #destroyed = false;

  private constructor(tray: Tray, snapshot: AppSnapshot, deps: TrayControllerDeps) {
    this.#tray = tray;
    this.#snapshot = snapshot;
    this.#deps = deps;
    tray.on('click', () => {
      const action = clickAction(deps.platform, this.#snapshot);
      if (action) this.#act(action);
    });
  }

  /** Null when this desktop cannot show a tray icon (the caller falls back to the window). */
  static create(snapshot: AppSnapshot, deps: TrayControllerDeps): TrayController | null {
    let tray: Tray;
    try {
      tray = new Tray(nativeImage.createFromPath(deps.icons[trayIconState(snapshot)]));
    } catch (error) {
      deps.logger.warn('tray.unavailable', 'Could not create the tray icon; the window stays the way in', { error });
      return null;
    }
    const controller = new TrayController(tray, snapshot, deps);
    controller.update(snapshot);
    return controller;
  }

  get menuItems(): TrayMenuItem[] {
    return buildTrayMenu(this.#snapshot);
  }

  update(snapshot: AppSnapshot): void {
    if (this.#destroyed) return;
    this.#snapshot = snapshot;
    this.#renderIcon();
    this.#scheduleMenu();
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#menuTimer?.cancel();
    this.#menuTimer = undefined;
    this.#tray.destroy();
  }

  #renderIcon(): void {
    const icon = trayIconState(this.#snapshot);
    if (icon !== this.#icon) {
      this.#tray.setImage(nativeImage.createFromPath(this.#deps.icons[icon]));
      this.#icon = icon;
    }
    const tooltip = traySummary(this.#snapshot);
    if (tooltip !== this.#tooltip) {
      this.#tray.setToolTip(tooltip);
      this.#tooltip = tooltip;
    }
  }

  /** Now, or once the interval since the last menu has passed (with the newest snapshot then). */
  #scheduleMenu(): void {
    if (this.#menuTimer) return;
    const wait = this.#menuBuiltAt + MENU_REBUILD_INTERVAL_MS - this.#deps.clock.now();
    if (wait <= 0) {
      this.#renderMenu();
      return;
    }
    this.#menuTimer = this.#deps.clock.setTimeout(() => {
      this.#menuTimer = undefined;
      this.#renderMenu();
    }, wait);
  }

  #renderMenu(): void {
    const items = this.menuItems;
    const shown = JSON.stringify(items);
    if (shown === this.#menuShown) return;
    this.#menuShown = shown;
    this.#menuBuiltAt = this.#deps.clock.now();
    this.#tray.setContextMenu(Menu.buildFromTemplate(items.map((item) => this.#toElectron(item))));
  }

  #toElectron(item: TrayMenuItem): MenuItemConstructorOptions {
    switch (item.type) {
      case 'separator':
        return { id: item.id, type: 'separator' };
      case 'submenu':
        return { id: item.id, label: item.label, submenu: item.submenu.map((inner) => this.#toElectron(inner)) };
      case 'checkbox':
        return { id: item.id, type: 'checkbox', label: item.label, checked: item.checked, enabled: item.enabled, click: () => this.#act(item.action) };
      case 'normal': {
        const { action } = item;
        return { id: item.id, label: item.label, enabled: item.enabled, ...(action ? { click: () => this.#act(action) } : {}) };
      }
    }
  }

  #act(action: TrayAction): void {
    void this.#deps.run(action);
  }
}

/**
 * What a click on the icon does, deliberately per platform (the README's "The tray"):
 * - macOS: nothing. With a context menu set, Electron emits `click` on mouse-down and then
 *   opens the menu (tray_icon_cocoa.mm), so an action here would fire every time the
 *   user only wanted the menu.
 * - Windows: a left click pauses or resumes everything; the right click opens the menu
 *   (Electron shows it without emitting anything, notify_icon.cc).
 * - Linux: the menu carries every action. Most StatusNotifier hosts open it on any click
 *   and send no activation; hosts that do send one (KDE, on a left click) get the window,
 *   which changes nothing and is what such a click means there.
 */
export function clickAction(platform: NodeJS.Platform, snapshot: AppSnapshot): TrayAction | null {
  switch (platform) {
    case 'darwin':
      return null;
    case 'win32':
      return { kind: 'command', command: 'app:set-paused', request: { paused: !snapshot.paused } };
    default:
      return { kind: 'show-window' };
  }
}
