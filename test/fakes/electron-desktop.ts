/**
 * Fake desktop integration for the Electron fake (see electron.ts): Tray, Menu,
 * nativeImage, Notification and dialog. Each records what the app asked for, so tests
 * assert what a user would see (icon, tooltip, menu, notification text).
 */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';

export class FakeNativeImage {
  constructor(readonly path: string | null) {}
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
  /** Clicks like Electron does: a checkbox flips before `click` runs. */
  click(labels: string[]): void {
    const item = this.find(labels);
    if (item.enabled === false) throw new Error(`Menu item "${labels.join(' > ')}" is disabled`);
    if (item.type === 'checkbox') item.checked = !item.checked;
    item.click?.(item, undefined, {});
  }
}

export class FakeTray extends EventEmitter {
  static readonly instances: FakeTray[] = [];
  /** When set, the next `new Tray()` throws it (a desktop without a tray area). */
  static failNextConstruction: Error | null = null;

  image: unknown;
  tooltip = '';
  contextMenu: FakeMenu | null = null;
  /** Every menu ever set, oldest first: the app must re-set it on each change. */
  readonly menus: FakeMenu[] = [];
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
}

export interface FakeNotificationOptions {
  title?: string;
  body?: string;
  icon?: unknown;
  silent?: boolean;
}

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
