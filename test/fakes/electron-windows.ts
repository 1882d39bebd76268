/**
 * Fake BrowserWindow, webContents and frames for the Electron fake (see electron.ts).
 * Frames carry what the IPC sender check reads (url, origin, parent, routing ids), and
 * `webContents.sent` records every message main pushed to a page.
 */
import { EventEmitter } from 'node:events';
import { app, preventableEvent } from './electron-app.js';

let nextId = 1;

function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    // Chromium gives registered standard schemes (our app://) a real origin; Node's URL says 'null'.
    return parsed.origin === 'null' && parsed.host ? `${parsed.protocol}//${parsed.host}` : parsed.origin;
  } catch {
    return 'null';
  }
}

export class FakeWebFrame {
  readonly routingId = nextId++;
  readonly processId: number;
  url: string;
  origin: string;
  constructor(
    url: string,
    readonly parent: FakeWebFrame | null = null,
    processId = 1,
  ) {
    this.url = url;
    this.origin = originOf(url);
    this.processId = processId;
  }
  get top(): FakeWebFrame {
    return this.parent ? this.parent.top : this;
  }
  navigate(url: string): void {
    this.url = url;
    this.origin = originOf(url);
  }
}

export type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly mainFrame: FakeWebFrame;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  destroyed = false;
  windowOpenHandler: WindowOpenHandler | null = null;
  devToolsOpened = false;

  constructor() {
    super();
    this.mainFrame = new FakeWebFrame('', null, this.id);
  }
  async loadURL(url: string): Promise<void> {
    this.mainFrame.navigate(url);
    this.emit('did-finish-load');
  }
  getURL(): string {
    return this.mainFrame.url;
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    // Electron serializes with the structured clone algorithm; a clone catches functions and keeps tests honest.
    this.sent.push({ channel, args: structuredClone(args) });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  openDevTools(): void {
    this.devToolsOpened = true;
  }
  /** Emits a navigation the page asked for; returns whether a listener prevented it. */
  attemptNavigation(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', url: string): boolean {
    const navigation = preventableEvent();
    this.emit(event, Object.assign(navigation, { url }), url);
    return navigation.defaultPrevented;
  }
  /** A subframe of this page, for sender-check tests. */
  subframe(url: string): FakeWebFrame {
    return new FakeWebFrame(url, this.mainFrame, this.id);
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly all: FakeBrowserWindow[] = [];

  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.all.filter((window) => !window.destroyed);
  }
  static fromWebContents(contents: { id: number }): FakeBrowserWindow | null {
    return FakeBrowserWindow.getAllWindows().find((window) => window.webContents.id === contents.id) ?? null;
  }

  readonly id = nextId++;
  readonly webContents = new FakeWebContents();
  visible: boolean;
  destroyed = false;
  focused = false;
  minimized = false;
  menu: unknown = undefined;
  menuBarVisible = true;
  loadedUrl: string | null = null;

  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    this.visible = options.show !== false;
    FakeBrowserWindow.all.push(this);
    app.openWindows.add(this);
    app.emit('browser-window-created', preventableEvent(), this);
    app.emit('web-contents-created', preventableEvent(), this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    await this.webContents.loadURL(url);
    this.emit('ready-to-show');
  }
  show(): void {
    this.visible = true;
    this.focused = true;
    this.emit('show');
  }
  hide(): void {
    this.visible = false;
    this.focused = false;
    this.emit('hide');
  }
  focus(): void {
    this.focused = true;
    this.emit('focus');
  }
  isVisible(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  minimize(): void {
    this.minimized = true;
  }
  restore(): void {
    this.minimized = false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setMenu(menu: unknown): void {
    this.menu = menu;
  }
  removeMenu(): void {
    this.menu = null;
  }
  setMenuBarVisibility(visible: boolean): void {
    this.menuBarVisible = visible;
  }
  setAutoHideMenuBar(hide: boolean): void {
    this.menuBarVisible = !hide;
  }
  /** Like a user or code closing it: `close` may be prevented (e.g. hide to tray instead). */
  close(): void {
    if (this.destroyed) return;
    const event = preventableEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.webContents.destroyed = true;
    this.emit('closed');
    this.webContents.emit('destroyed');
    app.openWindows.delete(this);
    if (app.openWindows.size === 0) app.lastWindowClosed();
  }
}

export function resetWindows(): void {
  FakeBrowserWindow.all.length = 0;
}
