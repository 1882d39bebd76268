import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ONLINE_POLL_MS } from '../../electron/lifecycle/connectivity.js';
import { listenForSecondLaunches } from '../../electron/lifecycle/second-instance.js';
import { QUIT_TIMEOUT_MS } from '../../electron/lifecycle/graceful-quit.js';
import { DEGRADED_ALERT_AFTER_MS } from '../../electron/notifications/account-alerts.js';
import { MENU_REBUILD_INTERVAL_MS } from '../../electron/tray/tray-controller.js';
import type { TraySupport } from '../../electron/tray/tray-support.js';
import { FIRST_CHECK_DELAY_MS, UpdateController } from '../../electron/updates/update-controller.js';
import type { UpdateEngine } from '../../electron/updates/update-engine.js';
import { MemoryLogSink, createLogger } from '../../src-core/runtime/logger.js';
import { FakeCoreError } from '../core/ipc/fake-core.js';
import { FakeBrowserWindow, FakeMenu, FakeNotification, FakeTray, app, ipcMain, net, powerMonitor, resetFakeElectron, webContents } from '../fakes/electron.js';
import { ManualClock } from '../support/manual-clock.js';
import { waitFor } from '../support/wait-for.js';
import { type DesktopRigOptions, startDesktopRig } from './support/desktop-rig.js';

const cleanups: Array<() => void> = [];
beforeEach(() => resetFakeElectron());
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  resetFakeElectron();
});

function start(options: DesktopRigOptions = {}) {
  const rig = startDesktopRig(options);
  cleanups.push(rig.cleanup);
  return rig;
}

describe('the desktop app', () => {
  it('opens the main window on our app:// page, locked down, with the preload', async () => {
    const { windows } = start();
    const [main] = windows();
    expect(main).toBeDefined();
    expect(main?.loadedUrl).toBe('app://colorchanger/index.html');
    expect(main?.options.webPreferences).toMatchObject({
      preload: '/app/out/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
    await waitFor(() => main?.isVisible());
    expect(main?.webContents.windowOpenHandler?.({ url: 'https://evil.example' })).toEqual({ action: 'deny' });
  });

  it('serves IPC to its window and pushes state changes to it', async () => {
    const { core, windows } = start();
    const main = windows()[0]!;
    const event = { sender: main.webContents, senderFrame: main.webContents.mainFrame };
    expect(await ipcMain.invoke('app:snapshot', event, {})).toMatchObject({ ok: true, data: { accounts: [{ login: 'alice' }] } });
    await core.setPaused(true);
    expect(main.webContents.sent.at(-1)).toMatchObject({ channel: 'state:changed', args: [{ paused: true }] });
  });

  it('starts hidden in the tray with --hidden: no window until the user opens one', () => {
    const { windows, tray } = start({ hidden: true });
    expect(windows()).toEqual([]);
    tray()?.contextMenu?.click(['Open Twitch ColorChanger']);
    expect(windows()).toHaveLength(1);
    expect(windows()[0]?.loadedUrl).toBe('app://colorchanger/index.html');
  });

  it('never starts hidden where the tray may not show (an unknown tray host)', async () => {
    const { windows, tray } = start({ hidden: true, traySupport: 'unknown' });
    expect(tray()).toBeDefined();
    await waitFor(() => windows()[0]?.isVisible());
  });

  it('a tray app costs nothing in the tray: no renderer while no window shows, through hidden start, open, close, login and reopen', async () => {
    const renderers = (): number => webContents.getAllWebContents().length;
    const { core, windows, tray, shutdowns, clock } = start({ hidden: true });
    expect(renderers()).toBe(0);

    tray()?.contextMenu?.click(['Open Twitch ColorChanger']);
    await waitFor(() => windows()[0]?.isVisible());
    expect(renderers()).toBe(1);
    windows()[0]?.close();
    // Closed means gone (page and renderer), while the app keeps working in the tray.
    expect(windows()).toEqual([]);
    expect(renderers()).toBe(0);
    expect(app.quitCalls).toBe(0);
    expect(shutdowns()).toBe(0);

    tray()?.contextMenu?.click(['Open Twitch ColorChanger']);
    await waitFor(() => windows().length === 1);
    windows()[0]?.close();
    await core.setClientId('abcdefghijklmnopqrstuvwxyz1234');
    core.needsLogin(core.snapshot().accounts[0]!.id, 'Twitch revoked the authorization');
    await clock.advance(MENU_REBUILD_INTERVAL_MS);
    tray()?.contextMenu?.click(['alice (needs login)', 'Log in again…']);
    expect(windows().map((w) => w.loadedUrl)).toEqual(['app://colorchanger/index.html#login']);
    expect(renderers()).toBe(1);
    const started = await core.startLogin();
    core.approveLogin(started.loginId, 'alice');
    // The login window is gone; the main window shows the account.
    await waitFor(() => windows().map((w) => w.loadedUrl).join() === 'app://colorchanger/index.html');
    expect(renderers()).toBe(1);

    // Reopened, the window asks the core for everything it shows: nothing is lost.
    windows()[0]?.close();
    expect(renderers()).toBe(0);
    tray()?.contextMenu?.click(['Open Twitch ColorChanger']);
    const main = await waitFor(() => windows()[0]);
    const answer = await ipcMain.invoke('app:snapshot', { sender: main.webContents, senderFrame: main.webContents.mainFrame }, {});
    expect(answer).toMatchObject({ ok: true, data: { accounts: [{ login: 'alice' }] } });
    expect(renderers()).toBe(1);
  });

  it.each<[string, () => void, TraySupport]>([
    ['no tray host', () => {}, 'no'],
    ['a tray that cannot be created', () => (FakeTray.failNextConstruction = new Error('no tray area')), 'yes'],
  ])('without a tray (%s): shown despite --hidden, Quit in the window menu, closing the window quits', async (_name, arrange, support) => {
    arrange();
    const { windows, tray, shutdowns } = start({ hidden: true, traySupport: support });
    expect(tray()).toBeUndefined();
    const main = windows()[0]!;
    await waitFor(() => main.isVisible());
    expect(main.options.autoHideMenuBar).toBe(false);
    const quitItem = FakeMenu.applicationMenu?.find(['&App', 'Quit Twitch ColorChanger']);
    expect(quitItem).toMatchObject({ role: 'quit' });
    main.close();
    await waitFor(() => app.quitted);
    expect(shutdowns()).toBe(1);
  });

  it('quitting waits for the core to stop (home colors, store flush) before the app ends', async () => {
    let finish: () => void = () => {};
    const { windows, tray, shutdowns, desktop, clock } = start({ shutdown: () => new Promise<void>((resolve) => (finish = resolve)) });
    tray()?.contextMenu?.click(['Quit']);
    expect(desktop.quitting).toBe(true);
    expect(shutdowns()).toBe(1);
    await clock.advance(QUIT_TIMEOUT_MS - 1);
    expect(app.quitted).toBe(false);
    expect(windows()).toHaveLength(1);
    finish();
    await waitFor(() => app.quitted);
    expect(windows()).toEqual([]);
    expect(tray()?.destroyed).toBe(true);
  });

  it('the system waking up and the network coming back make the core retry at once', async () => {
    const { core, clock } = start();
    powerMonitor.emit('resume');
    expect(core.retries).toBe(1);
    net.online = false;
    await clock.advance(ONLINE_POLL_MS);
    net.online = true;
    await clock.advance(ONLINE_POLL_MS);
    expect(core.retries).toBe(2);
  });

  it('the network coming back also retries a failed update check at once (not an hour later)', async () => {
    const clock = new ManualClock();
    const answers: Array<Error | { available: boolean; version: string }> = [new Error('getaddrinfo ENOTFOUND updates.example'), { available: false, version: '0.1.0' }];
    let checks = 0;
    const engine: UpdateEngine = {
      check: async () => {
        checks += 1;
        const answer = answers.shift() ?? { available: false, version: '0.1.0' };
        if (answer instanceof Error) throw answer;
        return answer;
      },
      download: () => ({ done: new Promise(() => {}), cancel: () => {} }),
      setInstallOnQuit: () => {},
      installAndRelaunch: () => {},
    };
    const updates = new UpdateController({ engine, without: 'unconfigured', quitApp: () => {}, clock, logger: createLogger(new MemoryLogSink()) });
    start({ clock, updates });
    updates.setEnabled(true);
    await clock.advance(FIRST_CHECK_DELAY_MS);
    await waitFor(() => updates.current().state === 'error');
    net.online = false;
    await clock.advance(ONLINE_POLL_MS);
    expect(checks).toBe(1);
    net.online = true;
    await clock.advance(ONLINE_POLL_MS);
    await waitFor(() => updates.current().state === 'idle', { message: 'checked again when the network came back' });
    expect(checks).toBe(2);
    powerMonitor.emit('resume');
    expect(checks).toBe(2);
  });

  it('R40 a second launch brings the window up, also one heard while the app was still starting', async () => {
    const launches = listenForSecondLaunches(app);
    expect(app.launchSecondInstance([process.execPath, '--hidden'])).toBe(true);
    const { windows, desktop } = start({ hidden: true });
    expect(windows()).toEqual([]);
    launches.deliverTo(() => desktop.bringUp());
    await waitFor(() => windows()[0]?.isVisible() && windows()[0]?.focused);
    windows()[0]?.hide();
    app.launchSecondInstance();
    await waitFor(() => windows()[0]?.isVisible() && windows()[0]?.focused);
    expect(windows()).toHaveLength(1);
  });

  it('R40 a second launch while the app is quitting opens nothing', async () => {
    const launches = listenForSecondLaunches(app);
    const { windows, desktop, tray } = start({ hidden: true, shutdown: () => new Promise<void>(() => {}) });
    launches.deliverTo(() => desktop.bringUp());
    tray()?.contextMenu?.click(['Quit']);
    app.launchSecondInstance();
    expect(windows()).toEqual([]);
  });

  it('the tray follows the core: an account losing its login turns it to attention, with one notification', () => {
    const { core, tray } = start();
    const account = core.snapshot().accounts[0]!;
    core.needsLogin(account.id, 'Twitch revoked the authorization');
    core.needsLogin(account.id, 'Twitch revoked the authorization');
    expect((tray()?.image as { path: string }).path).toMatch(/tray-attention\.png$/);
    expect(tray()?.tooltip).toBe('Twitch ColorChanger: 1 needs login');
    expect(FakeNotification.shown.map((n) => n.title)).toEqual(['alice needs to log in again']);
    FakeNotification.shown[0]?.emit('click');
    expect(FakeBrowserWindow.getAllWindows().map((w) => w.loadedUrl)).toContain('app://colorchanger/index.html#login');
  });

  it('a login that succeeds brings up the main window with the new account', async () => {
    const { core, windows } = start({ hidden: true });
    expect(windows()).toEqual([]);
    await core.setClientId('abcdefghijklmnopqrstuvwxyz1234');
    const started = await core.startLogin();
    core.approveLogin(started.loginId, 'newcomer');
    expect(windows().map((w) => w.loadedUrl)).toEqual(['app://colorchanger/index.html']);
    await waitFor(() => windows()[0]?.isVisible());
  });

  it('notifies about an account failing for a while', async () => {
    const { core, clock } = start();
    core.degrade(core.snapshot().accounts[0]!.id, 'Twitch cannot be reached', clock.now() + 60_000);
    await clock.advance(DEGRADED_ALERT_AFTER_MS);
    expect(FakeNotification.shown.map((n) => n.title)).toEqual(['alice: colors are not changing']);
  });

  it('a tray action the core refuses is shown as a notification, not swallowed', async () => {
    const { core, tray, sink } = start();
    core.failNext('setPaused', new FakeCoreError('network', 'Twitch could not be reached; check your connection'));
    tray()?.contextMenu?.click(['Pause all']);
    await waitFor(() => FakeNotification.shown.length === 1);
    expect(FakeNotification.shown[0]?.body).toBe('Twitch could not be reached; check your connection');
    expect(sink.records.map((r) => r.event)).toContain('tray.action_failed');
  });

  it('tray menu actions change the core through the contract', async () => {
    const { core, tray, clock } = start();
    tray()?.contextMenu?.click(['Pause all']);
    await waitFor(() => core.snapshot().paused);
    await clock.advance(MENU_REBUILD_INTERVAL_MS);
    tray()?.contextMenu?.click(['alice (paused)', '#somechannel (paused)']);
    await waitFor(() => core.snapshot().accounts[0]?.channels[0]?.enabled === false);
  });
});
