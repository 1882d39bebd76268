/**
 * Fake BaseWindow, BrowserWindow, webContents and frames for the Electron fake (see
 * electron.ts). Frames carry what the IPC sender check reads (url, origin, parent, routing
 * ids), and `webContents.sent` records every message main pushed to a page.
 *
 * Fidelity notes (docs: api/base-window.md, api/browser-window.md, api/web-contents.md):
 * - A BaseWindow has no web contents, so no renderer process; a BrowserWindow owns one
 *   webContents (one renderer) that is destroyed with the window.
 * - `webContents.getAllWebContents()` lists every live webContents: tests count renderers with it.
 * - `close()` emits `close` (preventable), then destroys: `closed`, then the webContents' `destroyed`.
 * - Windows only: ending the session (endWindowsSession) follows native_window_views_win.cc.
 */
import { EventEmitter } from 'node:events';
import { app, fakeOs, preventableEvent } from './electron-app.js';

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

/** api/web-frame-main.md: url, origin, parent, top, routingId, processId (what the IPC sender check reads). */
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
  static readonly live = new Set<FakeWebContents>();
  /** webContents.getAllWebContents(): every webContents not yet destroyed. */
  static getAllWebContents(): FakeWebContents[] {
    return [...FakeWebContents.live];
  }

  readonly id = nextId++;
  readonly mainFrame: FakeWebFrame;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  destroyed = false;
  windowOpenHandler: WindowOpenHandler | null = null;
  devToolsOpened = false;

  constructor() {
    super();
    this.mainFrame = new FakeWebFrame('', null, this.id);
    FakeWebContents.live.add(this);
  }
  /** The owning window is destroyed: so is its page (and its renderer process). */
  destroyWithWindow(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    FakeWebContents.live.delete(this);
    this.emit('destroyed');
  }
  /** api/web-contents.md: loadURL navigates the main frame; 'did-finish-load' follows. */
  async loadURL(url: string): Promise<void> {
    this.mainFrame.navigate(url);
    this.emit('did-finish-load');
  }
  getURL(): string {
    return this.mainFrame.url;
  }
  /** api/web-contents.md send(): arguments go through the structured clone algorithm; a destroyed webContents throws. */
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    // A clone catches functions and keeps tests honest.
    this.sent.push({ channel, args: structuredClone(args) });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** api/web-contents.md: the handler decides every window.open and target=_blank ({ action: 'deny' | 'allow' }). */
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  openDevTools(): void {
    this.devToolsOpened = true;
  }
  /** A navigation the page asked for ('will-navigate', 'will-redirect', 'will-frame-navigate' are preventable, api/web-contents.md); returns whether a listener prevented it. */
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

/** BaseWindow: a native window with no web contents (no renderer process). */
export class FakeBaseWindow extends EventEmitter {
  static readonly all: FakeBaseWindow[] = [];

  readonly id = nextId++;
  visible: boolean;
  destroyed = false;
  focused = false;
  minimized = false;
  menu: unknown = undefined;
  menuBarVisible = true;

  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    this.visible = options.show !== false;
    FakeBaseWindow.all.push(this);
    app.openWindows.add(this);
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
    this.emit('closed');
    this.destroyContents();
    app.openWindows.delete(this);
    if (app.openWindows.size === 0) app.lastWindowClosed();
  }
  protected destroyContents(): void {}
}

export class FakeBrowserWindow extends FakeBaseWindow {
  static override readonly all: FakeBrowserWindow[] = [];

  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.all.filter((window) => !window.destroyed);
  }
  static fromWebContents(contents: { id: number }): FakeBrowserWindow | null {
    return FakeBrowserWindow.getAllWindows().find((window) => window.webContents.id === contents.id) ?? null;
  }

  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;

  constructor(options: Record<string, unknown> = {}) {
    super(options);
    FakeBrowserWindow.all.push(this);
    app.emit('browser-window-created', preventableEvent(), this);
    app.emit('web-contents-created', preventableEvent(), this.webContents);
  }
  /** api/browser-window.md: 'ready-to-show' once the page has rendered (for show: false windows). */
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    await this.webContents.loadURL(url);
    this.emit('ready-to-show');
  }
  protected override destroyContents(): void {
    this.webContents.destroyWithWindow();
  }
}

/**
 * Windows ends the session (shutdown, restart, log off), as native_window_views_win.cc
 * handles it: WM_QUERYENDSESSION gives every window `query-session-end` (preventable: a
 * prevented one delays the end and the session goes on for now); WM_ENDSESSION then
 * gives every window `session-end`, after which Electron terminates the process at once
 * unless a quit is already under way (Browser::is_quitting()). No `before-quit` or
 * `will-quit` is emitted. Returns 'blocked' when a window prevented the end.
 */
export function endWindowsSession(reasons: string[] = ['shutdown']): 'ended' | 'blocked' {
  if (fakeOs.platform !== 'win32') throw new Error('Only Windows sends session-end to windows; set fakeOs.platform first');
  const windows = (): FakeBaseWindow[] => FakeBaseWindow.all.filter((window) => !window.destroyed);
  let blocked = false;
  for (const window of windows()) {
    const event = preventableEvent({ reasons });
    window.emit('query-session-end', event);
    blocked ||= event.defaultPrevented;
  }
  if (blocked) return 'blocked';
  for (const window of windows()) window.emit('session-end', preventableEvent({ reasons }));
  if (!app.quitting) app.terminatedBySystem = true;
  return 'ended';
}

export function resetWindows(): void {
  FakeBaseWindow.all.length = 0;
  FakeBrowserWindow.all.length = 0;
  FakeWebContents.live.clear();
}
