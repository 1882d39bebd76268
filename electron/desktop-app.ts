import { BaseWindow, Menu, Notification, app, ipcMain, net, powerMonitor, protocol, session, shell } from 'electron';
import type { IpcHandlers } from '../src-core/ipc/handlers.js';
import type { RendererAssets } from '../src-core/ipc/renderer-assets.js';
import { type Clock, systemClock } from '../src-core/runtime/clock.js';
import type { Logger } from '../src-core/runtime/logger.js';
import type { StartOnBootMonitor } from './auto-start/start-on-boot-monitor.js';
import type { DesktopComposition } from './desktop-core.js';
import { registerIpc } from './ipc/register.js';
import { type LaunchOptions, shouldStartHidden } from './launch-options.js';
import { watchConnectivity } from './lifecycle/connectivity.js';
import { type GracefulQuit, QUIT_TIMEOUT_MS, SYSTEM_END_BUDGET_MS, installGracefulQuit } from './lifecycle/graceful-quit.js';
import { watchSystemEnd } from './lifecycle/system-end.js';
import { type AccountAlert, AccountAlerts } from './notifications/account-alerts.js';
import { serveAppProtocol } from './protocol/app-protocol.js';
import { TrayController } from './tray/tray-controller.js';
import type { TrayAction } from './tray/tray-menu.js';
import type { TrayIconState } from './tray/tray-status.js';
import { type TraySupport, canStartHidden } from './tray/tray-support.js';
import { followSnapshots } from './updates/desktop-updates.js';
import type { UpdateController } from './updates/update-controller.js';
import { appMenuTemplate } from './windows/app-menu.js';
import { WindowManager } from './windows/window-manager.js';
import { hardenSession, hardenWebContents } from './windows/web-security.js';

export interface DesktopAppDeps {
  core: DesktopComposition['core'];
  handlers: Pick<IpcHandlers, 'dispatch' | 'forwardEvents'>;
  shutdown: DesktopComposition['shutdown'];
  flushStore: DesktopComposition['flushStore'];
  assets: RendererAssets;
  /** Start on boot as the system reports it; re-read at start and when a window of ours gains focus. */
  startOnBoot: Pick<StartOnBootMonitor, 'refresh'> | null;
  traySupport: TraySupport;
  launch: LaunchOptions;
  paths: { preload: string; trayIcons: Record<TrayIconState, string>; appIcon?: string };
  logger: Logger;
  /** The app's own updates (electron/updates/); the core shows their status. */
  updates?: UpdateController;
  clock?: Clock;
  platform?: NodeJS.Platform;
}

export interface DesktopApp {
  readonly windows: WindowManager;
  readonly tray: TrayController | null;
  readonly quitting: boolean;
  /** A second launch: the main window comes up and gets focus (not while quitting). */
  bringUp(): void;
}

/** Desktop notifications are garbage-collected (and lose their click handler) unless referenced. */
const MAX_LIVE_NOTIFICATIONS = 10;

/**
 * Everything the desktop shell does once Electron is ready, given a started core: web
 * security, the app:// protocol, IPC, the tray (or the no-tray fallback), windows,
 * notifications, reconnect triggers and graceful quit. No bot logic lives here.
 */
export function startDesktopApp(deps: DesktopAppDeps): DesktopApp {
  const { core, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const platform = deps.platform ?? process.platform;
  const lifetime = new AbortController();
  const openExternal = (url: string): Promise<void> => shell.openExternal(url);

  hardenSession(session.defaultSession, logger);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, { openExternal, logger }));
  serveAppProtocol(protocol, deps.assets, logger);

  let tray: TrayController | null = null;
  let quit: GracefulQuit | null = null;
  const windows = new WindowManager({
    preloadPath: deps.paths.preload,
    ...(deps.paths.appIcon ? { iconPath: deps.paths.appIcon } : {}),
    hasTray: () => tray !== null,
    // With a tray the app keeps working in the background; without one, closing is quitting.
    onAllClosed: () => {
      if (!tray) app.quit();
    },
    logger,
  });
  registerIpc({
    ipcMain,
    handlers: deps.handlers,
    windows: { isOurWebContents: (id) => windows.ownsWebContents(id), webContents: () => windows.webContents() },
    logger,
  });

  const live = new Set<Notification>();
  const notify = (title: string, body: string, onClick: () => void): void => {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title, body, ...(deps.paths.appIcon ? { icon: deps.paths.appIcon } : {}) });
    const release = (): void => {
      live.delete(notification);
    };
    notification.on('click', () => {
      release();
      onClick();
    });
    notification.on('close', release);
    live.add(notification);
    if (live.size > MAX_LIVE_NOTIFICATIONS) live.delete(live.values().next().value as Notification);
    notification.show();
  };

  const runTrayAction = async (action: TrayAction): Promise<void> => {
    switch (action.kind) {
      case 'show-window':
        windows.showMain();
        return;
      case 'login':
        windows.openLogin();
        return;
      case 'quit':
        app.quit();
        return;
      case 'command': {
        const result = await deps.handlers.dispatch(action.command, action.request);
        if (!result.ok) {
          logger.warn('tray.action_failed', result.error.message, { command: action.command, code: result.error.code });
          notify('Twitch ColorChanger', result.error.message, () => windows.showMain());
        }
      }
    }
  };

  const snapshot = core.snapshot();
  if (deps.traySupport !== 'no') {
    tray = TrayController.create(snapshot, { icons: deps.paths.trayIcons, platform, run: runTrayAction, logger, clock });
  }
  const menu = appMenuTemplate({ platform, hasTray: tray !== null });
  Menu.setApplicationMenu(menu ? Menu.buildFromTemplate(menu) : null);

  const alerts = new AccountAlerts({
    clock,
    signal: lifetime.signal,
    notify: (alert: AccountAlert) =>
      notify(alert.title, alert.body, () => (alert.kind === 'needs_login' ? windows.openLogin() : windows.showMain())),
  });
  alerts.update(snapshot);
  const followUpdates = deps.updates
    ? followSnapshots({
        updates: deps.updates,
        lastNotice: () => core.lastUpdateNotice(),
        rememberNotice: (version) => core.rememberUpdateNotice(version),
        notify: (title, body) => notify(title, body, () => windows.showMain()),
        hasTray: tray !== null,
      })
    : null;
  followUpdates?.(snapshot);
  const unsubscribe = core.subscribe((event) => {
    // A login finished: the login window (and its renderer) goes, the account shows where it now lives.
    if (event.type === 'login:progress' && event.payload.status === 'success') {
      windows.showMain();
      windows.closeLogin();
    }
    if (event.type !== 'state:changed') return;
    tray?.update(event.payload);
    alerts.update(event.payload);
    followUpdates?.(event.payload);
  });

  watchConnectivity({
    powerMonitor,
    net,
    clock,
    signal: lifetime.signal,
    onRetry: (reason) => {
      logger.info('app.retry_now', `Retrying now: ${reason === 'resume' ? 'the system woke up' : 'the network is back'}`, { reason });
      core.retryNow();
      deps.updates?.retryAfterReconnect();
    },
  });

  quit = installGracefulQuit({
    app,
    stop: () => deps.shutdown(),
    flush: () => deps.flushStore(),
    // macOS quits the app this way for a restart or log-out too, and gives up on one that
    // keeps it waiting: every quit there gets the short budget.
    timeoutMs: platform === 'darwin' ? SYSTEM_END_BUDGET_MS : QUIT_TIMEOUT_MS,
    clock,
    logger,
    onQuitting: () => {
      lifetime.abort();
      unsubscribe();
      tray?.destroy();
      deps.updates?.stop();
    },
  });
  // After the core has stopped: "Restart to update" runs the installer as the app leaves.
  app.on('will-quit', () => deps.updates?.installOnExit());
  watchSystemEnd({
    platform,
    powerMonitor,
    createSessionWindow: () => new BaseWindow({ show: false, width: 1, height: 1, skipTaskbar: true, title: 'Session watcher' }),
    quit,
  });

  const bringUp = (): void => {
    if (!quit?.quitting) windows.showMain();
  };
  app.on('activate', bringUp);
  deps.startOnBoot?.refresh();
  // Back from System Settings (or Task Manager), the user sees the login item's new state.
  app.on('browser-window-focus', () => deps.startOnBoot?.refresh());
  // Electron quits when the last window closes unless someone listens; the WindowManager
  // decides instead (on Windows the hidden session watcher keeps this from ever firing).
  app.on('window-all-closed', () => {});

  const hidden = shouldStartHidden({
    launch: deps.launch,
    // Only macOS reports a login launch; elsewhere our autostart entries pass --hidden.
    openedAtLogin: platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin,
    startHiddenSetting: snapshot.settings.startHidden,
    trayUsable: tray !== null && canStartHidden(deps.traySupport),
  });
  if (hidden) logger.info('app.started_hidden', 'Started in the tray');
  else windows.showMain();

  return {
    windows,
    get tray() {
      return tray;
    },
    get quitting() {
      return quit?.quitting ?? false;
    },
    bringUp,
  };
}
