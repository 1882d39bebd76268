/**
 * Fake desktop integration for the Electron fake (see electron.ts): Tray, Menu,
 * nativeImage, Notification and dialog. Each records what the app asked for, so tests
 * assert what a user would see (icon, tooltip, menu, notification text).
 *
 * Fidelity notes: api/tray.md, api/menu.md, api/notification.md, api/native-image.md,
 * api/dialog.md; tray clicks per OS from the sources named at FakeTray.userClick.
 */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { fakeOs, preventableEvent } from './electron-app.js';

export class FakeNativeImage {
  constructor(readonly path: string | null) {}
  /** api/native-image.md: createFromPath gives an empty image when the file cannot be read. */
  isEmpty(): boolean {
    return this.path === null || !existsSync(this.path);
  }
}

export const nativeImage = {
  createFromPath(path: string): FakeNativeImage {
    return new FakeNativeImage(path);
  },
  createEmpty(): FakeNativeImage {
    return new FakeNativeImage(null);
  },
};

/** A menu item as the app built it, with Electron's `click(menuItem, window, event)`. */
export interface FakeMenuItemOptions {
  id?: string;
  label?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  checked?: boolean;
  enabled?: boolean;
  visible?: boolean;
  role?: string;
  accelerator?: string;
  submenu?: FakeMenuItemOptions[] | FakeMenu;
  click?: (menuItem: unknown, window: unknown, event: unknown) => void;
}

/** api/menu.md: buildFromTemplate, setApplicationMenu (null removes the menu), getApplicationMenu. */
export class FakeMenu {
  static applicationMenu: FakeMenu | null = null;

  static buildFromTemplate(template: FakeMenuItemOptions[]): FakeMenu {
    return new FakeMenu(template);
  }
  static setApplicationMenu(menu: FakeMenu | null): void {
    FakeMenu.applicationMenu = menu;
  }
  static getApplicationMenu(): FakeMenu | null {
    return FakeMenu.applicationMenu;
  }

  constructor(readonly items: FakeMenuItemOptions[]) {}

  /** The item reached by following labels, e.g. ['alice', 'Enabled']. */
  find(labels: string[]): FakeMenuItemOptions {
    let items: FakeMenuItemOptions[] = this.items;
    let found: FakeMenuItemOptions | undefined;
    for (const label of labels) {
      found = items.find((item) => item.label === label);
      if (!found) throw new Error(`No menu item "${label}" in [${items.map((item) => item.label ?? '-').join(', ')}]`);
      const sub = found.submenu;
      items = sub instanceof FakeMenu ? sub.items : (sub ?? []);
    }
    if (!found) throw new Error('An empty label path finds nothing');
    return found;
  }
  /** Clicks like Electron does (api/menu-item.md): a checkbox's `checked` flips before `click` runs; a disabled item cannot be clicked. */
  click(labels: string[]): void {
    const item = this.find(labels);
    if (item.enabled === false) throw new Error(`Menu item "${labels.join(' > ')}" is disabled`);
    if (item.type === 'checkbox') item.checked = !item.checked;
    item.click?.(item, undefined, {});
  }
}

/**
 * api/tray.md: a Tray keeps the image, tooltip and context menu it was given;
 * setContextMenu(null) removes the menu; destroy() removes the icon at once. On Linux a
 * changed menu shows only once set again (Platform Considerations), so the fake keeps
 * every menu set (`menus`) and tests check that the app re-sets it.
 */
export class FakeTray extends EventEmitter {
  static readonly instances: FakeTray[] = [];
  /** When set, the next `new Tray()` throws it (a desktop without a tray area). */
  static failNextConstruction: Error | null = null;

  image: unknown;
  tooltip = '';
  contextMenu: FakeMenu | null = null;
  /** Every menu ever set, oldest first: the app must re-set it on each change. */
  readonly menus: FakeMenu[] = [];
  /** How often the system showed the context menu (after a user's click). */
  menuShown = 0;
  destroyed = false;

  constructor(image: unknown) {
    super();
    const failure = FakeTray.failNextConstruction;
    if (failure) {
      FakeTray.failNextConstruction = null;
      throw failure;
    }
    this.image = image;
    FakeTray.instances.push(this);
  }
  setImage(image: unknown): void {
    this.image = image;
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip;
  }
  setContextMenu(menu: FakeMenu | null): void {
    this.contextMenu = menu;
    if (menu) this.menus.push(menu);
  }
  destroy(): void {
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }

  /**
   * A user clicks the icon, and what Electron then does on `fakeOs.platform`:
   * - macOS (shell/browser/ui/tray_icon_cocoa.mm, mouseDown): with a context menu set,
   *   `click` is emitted on mouse-down AND the menu opens; a right click opens the menu
   *   and emits `right-click` on mouse-up.
   * - Windows (shell/browser/ui/win/notify_icon.cc, HandleClickEvent): a left click emits
   *   `click`; a double click emits `click` for its first press, then `double-click`; a
   *   right click opens the context menu when one is set (no event), else `right-click`.
   * - Linux (api/tray.md, Platform Considerations): the StatusNotifierItem host decides.
   *   Most (GNOME's AppIndicator extension, Unity, XFCE) open the menu on any click and
   *   send no activation; hosts that send one (KDE on a left click) produce `click`.
   */
  userClick(button: 'left' | 'right' | 'double' = 'left', linuxHost: 'menu-on-click' | 'activate-on-left' = 'menu-on-click'): void {
    const hasMenu = (this.contextMenu?.items.length ?? 0) > 0;
    const emit = (name: string): void => void this.emit(name, preventableEvent(), { x: 0, y: 0, width: 16, height: 16 }, { x: 0, y: 0 });
    switch (fakeOs.platform) {
      case 'darwin':
        if (button === 'right') {
          if (hasMenu) this.menuShown += 1;
          emit('right-click');
          return;
        }
        emit('click');
        if (hasMenu) this.menuShown += 1;
        if (button === 'double' && !hasMenu) emit('double-click');
        return;
      case 'win32':
        if (button === 'right') {
          if (hasMenu) this.menuShown += 1;
          else emit('right-click');
          return;
        }
        emit('click');
        if (button === 'double') emit('double-click');
        return;
      default:
        if (linuxHost === 'activate-on-left' && button !== 'right') {
          emit('click');
          return;
        }
        if (hasMenu) this.menuShown += 1;
    }
  }
}

export interface FakeNotificationOptions {
  title?: string;
  body?: string;
  icon?: unknown;
  silent?: boolean;
}

/**
 * api/notification.md: Notification.isSupported() (false on some Linux desktops without a
 * notification server), show(), and the 'show', 'click' and 'close' events.
 */
export class FakeNotification extends EventEmitter {
  static supported = true;
  static readonly shown: FakeNotification[] = [];

  static isSupported(): boolean {
    return FakeNotification.supported;
  }

  closed = false;
  constructor(readonly options: FakeNotificationOptions = {}) {
    super();
  }
  get title(): string {
    return this.options.title ?? '';
  }
  get body(): string {
    return this.options.body ?? '';
  }
  show(): void {
    FakeNotification.shown.push(this);
    this.emit('show');
  }
  close(): void {
    this.closed = true;
    this.emit('close');
  }
}

/** api/dialog.md: showErrorBox(title, content) is synchronous and may be called before `ready`. */
export const dialog = {
  errorBoxes: [] as Array<{ title: string; content: string }>,
  showErrorBox(title: string, content: string): void {
    dialog.errorBoxes.push({ title, content });
  },
};

export function resetDesktop(): void {
  FakeMenu.applicationMenu = null;
  FakeTray.instances.length = 0;
  FakeTray.failNextConstruction = null;
  FakeNotification.supported = true;
  FakeNotification.shown.length = 0;
  dialog.errorBoxes.length = 0;
}
