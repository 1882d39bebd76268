import type { ColorChangerApi } from '../src-core/ipc/api-shape.js';
import type { EventPayload } from '../src-core/ipc/contract.js';
import type { AppSnapshot } from '../src-core/ipc/snapshot.js';
import type { ConnectionStatus } from './ipc/ws-client.js';
import { clearConnectionErrors } from './action.js';
import type { ConfirmOptions, Ctx, Host, LoginPurpose, Route } from './context.js';
import { button } from './controls.js';
import { h, icon } from './dom.js';
import { Banners } from './views/banners.js';
import { AccountPage } from './views/account-page.js';
import { ConfirmDialog } from './views/confirm-dialog.js';
import { FirstRun } from './views/first-run.js';
import { HomePage } from './views/home-page.js';
import { LoginDialog } from './views/login-dialog.js';
import { SettingsPage } from './views/settings-page.js';
import { Sidebar } from './views/sidebar.js';
import { Toasts } from './views/toasts.js';

/** The bridge client's connection, when there is one (not under Electron). */
export interface Connection {
  readonly status: ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
}

type Page = AccountPage | SettingsPage | HomePage;

export interface AppOptions {
  /**
   * The desktop app's login window (`index.html#login`): the device-code dialog opens at
   * once, and the window closes itself when the dialog does.
   */
  loginWindow?: boolean;
}

/**
 * The renderer's one controller. Every `state:changed` carries a full snapshot, so the
 * UI is a function of the latest one: views are kept and updated in place (focus and
 * half-typed input survive), and a missed event loses nothing.
 */
export class App implements Ctx {
  private snapshot: AppSnapshot | null = null;
  private route: Route = { page: 'home' };
  private awaited: string | null = null;
  private page: Page | null = null;
  private firstRun: FirstRun | null = null;
  private readonly shell: HTMLElement;
  private readonly main = h('main', { class: 'main', id: 'main', tabIndex: -1 });
  private readonly sidebar: Sidebar;
  private readonly banners: Banners;
  private readonly login: LoginDialog;
  private readonly confirmDialog = new ConfirmDialog();
  private readonly toasts = new Toasts();
  private readonly status = h('div', { class: 'boot', attrs: { role: 'status' } });
  private readonly controller = new AbortController();
  readonly host: Host;
  private online = true;

  constructor(
    readonly api: ColorChangerApi,
    private readonly root: HTMLElement,
    private readonly connection: Connection | null = null,
    private readonly options: AppOptions = {},
  ) {
    this.host = connection ? 'browser' : 'desktop';
    this.sidebar = new Sidebar(this);
    this.banners = new Banners(this);
    this.login = new LoginDialog(this, options.loginWindow ? { onClosed: () => this.closeLoginWindow() } : {});
    this.shell = h('div', { class: 'shell' }, this.sidebar.el, h('div', { class: 'content' }, this.banners.el, this.main, this.toasts.el));
  }

  /** Subscribes first, then asks for the snapshot, so no change can fall in between. */
  async start(): Promise<void> {
    this.root.replaceChildren(this.status, this.login.el, this.confirmDialog.el);
    this.status.replaceChildren(h('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }), 'Connecting…');
    const unsubscribe = [
      this.api.events.onStateChanged((snapshot) => this.render(snapshot)),
      this.api.events.onColorChanged((change) => this.onColorChanged(change)),
      this.api.events.onLoginProgress((progress) => this.login.onProgress(progress)),
    ];
    if (this.connection) {
      const connection = this.connection;
      unsubscribe.push(connection.onStatus((status) => this.onConnection(status)));
      this.onConnection(connection.status);
    }
    const timer = setInterval(() => this.tick(), 1000);
    const abandonLogin = (): void => this.login.abandon();
    if (this.options.loginWindow) window.addEventListener('pagehide', abandonLogin);
    this.controller.signal.addEventListener('abort', () => {
      clearInterval(timer);
      window.removeEventListener('pagehide', abandonLogin);
      for (const off of unsubscribe) off();
    });
    await this.loadSnapshot();
    if (this.options.loginWindow && !this.controller.signal.aborted) this.login.open();
  }

  stop(): void {
    this.controller.abort();
  }

  now(): number {
    return Date.now();
  }

  navigate(route: Route): void {
    this.route = route;
    // A login's success may be heard before the snapshot that holds its account: go there once it comes.
    this.awaited = route.page === 'account' && !this.snapshot?.accounts.some((account) => account.id === route.accountId) ? route.accountId : null;
    if (this.snapshot) this.render(this.snapshot);
    this.main.focus({ preventScroll: true });
    this.main.scrollTo({ top: 0 });
  }

  startLogin(purpose: LoginPurpose = 'add'): void {
    this.login.open(purpose);
  }

  confirm(options: ConfirmOptions): Promise<boolean> {
    return this.confirmDialog.ask(options);
  }

  notify(message: string, tone: 'info' | 'error' = 'info'): void {
    this.toasts.show(message, tone);
  }

  /**
   * The login window is done. Where a script may not close its window (a browser tab
   * opened on the bridge), the page stays as the ordinary app, so the hash goes too.
   */
  private closeLoginWindow(): void {
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
    // Electron closes the BrowserWindow; a browser ignores it with a console warning.
    window.close();
  }

  private async loadSnapshot(): Promise<void> {
    let message: string;
    try {
      const result = await this.api.app.snapshot({});
      if (result.ok) {
        // A state:changed that arrived meanwhile is at least as new as this answer.
        if (!this.snapshot) this.render(result.data);
        return;
      }
      message = result.error.message;
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    if (this.snapshot) return;
    const retry = button('Try again', { kind: 'primary', icon: icon('refresh') });
    retry.addEventListener('click', () => void this.loadSnapshot());
    this.status.replaceChildren(h('p', { class: 'boot-error' }, `Could not reach ColorChanger: ${message}`), retry);
  }

  /**
   * While the page has no connection to the app, nothing in it can work: every control is
   * out of reach (inert) and the banner says why, once, instead of each click failing.
   */
  private onConnection(status: ConnectionStatus): void {
    this.banners.connection(status);
    // "connecting" keeps what was: online while the page first connects, offline while it reconnects.
    const online = status === 'open' || (status === 'connecting' && this.online);
    if (online && !this.online) clearConnectionErrors();
    this.online = online;
    this.applyOnline();
  }

  private applyOnline(): void {
    const offline = !this.online;
    for (const el of [this.sidebar.el, this.main, this.firstRun?.el, this.login.body]) {
      if (!el) continue;
      el.inert = offline;
      el.classList.toggle('is-offline', offline);
    }
    this.login.setOffline(offline);
  }

  private render(snapshot: AppSnapshot): void {
    // An account that stopped retrying has its network back: errors that only said it was gone are over.
    const recovered = this.snapshot?.accounts.some((before) => before.state === 'degraded' && snapshot.accounts.some((now) => now.id === before.id && now.state !== 'degraded'));
    if (recovered) clearConnectionErrors();
    this.snapshot = snapshot;
    this.status.remove();
    // A build with its own client ID has nothing to set up: straight to "Add your Twitch account".
    const { clientId, builtInClientId } = snapshot.settings;
    const onboarding = clientId === null && builtInClientId === null && snapshot.accounts.length === 0;
    if (onboarding) {
      this.showFirstRun(snapshot);
      return;
    }
    if (this.firstRun) {
      this.firstRun.el.remove();
      this.firstRun = null;
    }
    if (!this.shell.isConnected) this.root.prepend(this.shell);
    const awaited = this.awaited;
    if (awaited !== null && snapshot.accounts.some((account) => account.id === awaited)) {
      this.route = { page: 'account', accountId: awaited };
      this.awaited = null;
    }
    this.route = this.resolve(this.route, snapshot);
    this.sidebar.update(snapshot, this.route);
    this.banners.update(snapshot, this.route);
    this.showPage(snapshot);
  }

  private showFirstRun(snapshot: AppSnapshot): void {
    this.shell.remove();
    if (!this.firstRun) {
      this.firstRun = new FirstRun(this);
      this.root.prepend(this.firstRun.el);
      this.firstRun.update(snapshot);
      this.applyOnline();
      this.firstRun.focus();
      return;
    }
    this.firstRun.update(snapshot);
  }

  /** A removed account or a stale route falls back to the first account, or home. */
  private resolve(route: Route, snapshot: AppSnapshot): Route {
    if (route.page === 'settings') return route;
    if (route.page === 'account' && snapshot.accounts.some((account) => account.id === route.accountId)) return route;
    const first = snapshot.accounts[0];
    return first ? { page: 'account', accountId: first.id } : { page: 'home' };
  }

  private showPage(snapshot: AppSnapshot): void {
    const route = this.route;
    let page = this.page;
    const fits =
      (route.page === 'account' && page instanceof AccountPage && page.accountId === route.accountId) ||
      (route.page === 'settings' && page instanceof SettingsPage) ||
      (route.page === 'home' && page instanceof HomePage);
    if (!fits || !page) {
      page = route.page === 'account' ? this.accountPage(snapshot, route.accountId) : route.page === 'settings' ? new SettingsPage(this, snapshot) : new HomePage(this);
      this.page = page;
      this.main.replaceChildren(page.el);
      // Each page opens at its top, however it was reached (a click, a removed account, a login).
      this.main.scrollTo({ top: 0 });
      return;
    }
    if (page instanceof AccountPage) {
      const account = snapshot.accounts.find((candidate) => candidate.id === page.accountId);
      if (account) page.update(account);
    } else {
      page.update(snapshot);
    }
  }

  private accountPage(snapshot: AppSnapshot, accountId: string): AccountPage {
    const account = snapshot.accounts.find((candidate) => candidate.id === accountId);
    if (!account) throw new Error(`route points at unknown account ${accountId}`);
    return new AccountPage(this, account);
  }

  /**
   * A color change shows at once even if its snapshot is still on the way: it is merged
   * into the last snapshot, which the next `state:changed` replaces anyway.
   */
  private onColorChanged(change: EventPayload<'color:changed'>): void {
    const snapshot = this.snapshot;
    if (!snapshot) return;
    let changed = false;
    const accounts = snapshot.accounts.map((account) => {
      if (account.id !== change.accountId || account.recentColors.some((entry) => entry.at === change.at && entry.color === change.color)) return account;
      changed = true;
      // As the core keeps it: the same color as the newest replaces it, never shown twice in a row.
      const [newest, ...older] = account.recentColors;
      const rest = newest && newest.color.toLowerCase() === change.color.toLowerCase() ? older : account.recentColors;
      const recentColors = [{ color: change.color, at: change.at }, ...rest].slice(0, 10);
      return { ...account, currentColor: change.color, recentColors };
    });
    if (changed) this.render({ ...snapshot, accounts });
  }

  private tick(): void {
    if (this.login.isOpen) this.login.tick();
    if (this.page instanceof AccountPage) this.page.tick();
  }
}
