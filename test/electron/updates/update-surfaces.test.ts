import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeDesktop } from '../../../electron/composition.js';
import { startDesktopApp } from '../../../electron/desktop-app.js';
import { resourcePaths } from '../../../electron/resources.js';
import { createUpdateController } from '../../../electron/updates/desktop-updates.js';
import { FIRST_CHECK_DELAY_MS } from '../../../electron/updates/update-controller.js';
import type { PlatformPort } from '../../../src-core/ipc/core-port.js';
import { createRendererAssets } from '../../../src-core/ipc/renderer-assets.js';
import type { AppSnapshot } from '../../../src-core/ipc/snapshot.js';
import { MemoryLogSink, SecretRegistry, createLogger } from '../../../src-core/runtime/logger.js';
import { FakeBrowserWindow, FakeNotification, FakeTray, app, ipcMain, resetFakeElectron } from '../../fakes/electron.js';
import { ManualClock } from '../../support/manual-clock.js';
import { waitFor } from '../../support/wait-for.js';
import { artifactBytes } from './feed-server.js';
import { UpdaterKit } from './updater-kit.js';

/**
 * The update as a user meets it, with the real core (its snapshot carries the status), the
 * desktop shell (tray, notifications, IPC to the window) and electron-updater's .deb updater
 * against a feed on 127.0.0.1. Platform: Linux.
 */
const SNAPSHOT_DELAY_MS = 100;
const platform: PlatformPort = { openExternal: async () => {}, openPath: async () => {} };

let kit: UpdaterKit;
let dataDir: string;
let rendererDir: string;
beforeEach(async () => {
  resetFakeElectron();
  kit = await UpdaterKit.start();
  dataDir = mkdtempSync(join(tmpdir(), 'cc-update-ui-'));
  rendererDir = mkdtempSync(join(tmpdir(), 'cc-update-ui-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
});
afterEach(async () => {
  await kit.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(rendererDir, { recursive: true, force: true });
  resetFakeElectron();
});

const publish = (version: string) => {
  kit.feed.release = { version, artifacts: { [`twitch-colorchanger_${version}_amd64.deb`]: artifactBytes(`deb-${version}`) } };
};

/** One run of the app: what main.ts does, on the fake Electron. */
async function launch() {
  app.isPackaged = true;
  const clock = new ManualClock();
  const sink = new MemoryLogSink();
  const logger = createLogger(sink);
  const updater = kit.deb();
  const updates = createUpdateController({ feed: kit.feedConfig, packaged: true, quitApp: () => app.quit(), clock, logger, engine: () => kit.engine(updater, logger) });
  const composed = await composeDesktop({ dataDir, logDir: join(dataDir, 'logs'), env: {}, version: '1.0.0', platform, clock, logger, secrets: new SecretRegistry(), updates, traySupport: 'yes' });
  const order: string[] = [];
  const desktop = startDesktopApp({
    ...composed,
    shutdown: async () => {
      await composed.shutdown();
      order.push(`core stopped (installs so far: ${updater.installs.length})`);
    },
    assets: createRendererAssets({ sourceDir: rendererDir, compiledDir: rendererDir }),
    startOnBoot: null,
    traySupport: 'yes',
    launch: { hidden: true },
    paths: resourcePaths({ isPackaged: false, resourcesPath: '/unused', appPath: process.cwd(), mainDir: '/app/out/electron' }),
    logger,
    clock,
    platform: 'linux',
    updates,
  });
  const tray = (): FakeTray => FakeTray.instances.at(-1) as FakeTray;
  const trayLabels = (): string[] => tray().contextMenu?.items.map((item) => item.label ?? '-') ?? [];
  /** Lets the first check run and waits for what electron-updater does over the network, then for the core's next snapshot. */
  const settle = async (until: () => boolean, message: string): Promise<void> => {
    await clock.advance(FIRST_CHECK_DELAY_MS);
    await waitFor(until, { message });
    await clock.advance(SNAPSHOT_DELAY_MS);
  };
  const quitted = async (): Promise<void> => {
    await waitFor(() => app.quitted, { message: 'the app quit' });
    // electron-updater quits once more on the next turn after installing.
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { clock, sink, updater, updates, composed, desktop, order, tray, trayLabels, settle, quitted };
}

/** What the window's Settings page sees: a snapshot over IPC, as the preload asks for it. */
async function windowSnapshot(): Promise<AppSnapshot> {
  const main = FakeBrowserWindow.getAllWindows()[0] ?? (FakeTray.instances.at(-1)?.contextMenu?.click(['Open Twitch ColorChanger']), FakeBrowserWindow.getAllWindows()[0]);
  const event = { sender: main!.webContents, senderFrame: main!.webContents.mainFrame };
  const result = (await ipcMain.invoke('app:snapshot', event, {})) as { ok: true; data: AppSnapshot };
  return result.data;
}

describe('a downloaded update, as the user sees it', () => {
  it('tray: "Restart to update to v1.2.0"; one notification; the click stops the core first, then installs and relaunches', async () => {
    publish('1.2.0');
    const run = await launch();
    expect(run.trayLabels()).not.toContain('Restart to update to v1.2.0');
    await run.settle(() => run.updates.current().state === 'ready', 'update downloaded');

    expect(run.trayLabels()).toContain('Restart to update to v1.2.0');
    expect(FakeNotification.shown.map((n) => [n.title, n.body])).toEqual([
      ['Update ready', 'Version 1.2.0 is downloaded and installs when you quit Twitch ColorChanger. To install it now, choose “Restart to update” in the tray menu.'],
    ]);
    expect((await windowSnapshot()).updates).toMatchObject({ state: 'ready', version: '1.2.0' });

    run.tray().contextMenu?.click(['Restart to update to v1.2.0']);
    await run.quitted();
    expect(run.order).toEqual(['core stopped (installs so far: 0)']);
    expect(run.updater.installs).toEqual([{ isSilent: true, isForceRunAfter: true, isAdminRightsRequired: false }]);
    expect(run.sink.records.map((r) => r.event)).toEqual(expect.arrayContaining(['update.restart', 'app.quitting', 'update.installing']));
  });

  it('Settings: the status reaches the window; switching checks off is saved and stops them', async () => {
    publish('1.0.0');
    const run = await launch();
    await run.settle(() => run.updates.current().checkedAt !== null, 'first check');
    expect((await windowSnapshot()).updates).toMatchObject({ state: 'idle', error: null });

    const main = FakeBrowserWindow.getAllWindows()[0]!;
    const event = { sender: main.webContents, senderFrame: main.webContents.mainFrame };
    expect(await ipcMain.invoke('settings:update', event, { checkForUpdates: false })).toEqual({ ok: true, data: null });
    await run.clock.advance(SNAPSHOT_DELAY_MS);
    expect(run.updates.current().state).toBe('off');
    expect(await windowSnapshot()).toMatchObject({ settings: { checkForUpdates: false }, updates: { state: 'off' } });
    expect(await ipcMain.invoke('updates:check', event, {})).toEqual({ ok: false, error: { code: 'unsupported', message: expect.stringMatching(/switched off/) } });
    const requests = kit.feed.requests.length;
    await run.clock.advance(24 * 3_600_000);
    expect(kit.feed.requests.length).toBe(requests);

    // Kept across restarts: the next run does not check either.
    app.quit();
    await run.quitted();
    resetFakeElectron();
    const next = await launch();
    await next.clock.advance(24 * 3_600_000);
    expect(next.updates.current().state).toBe('off');
    expect(kit.feed.requests.length).toBe(requests);
    app.quit();
    await next.quitted();
  });

  it('each version is announced once, also after the app restarts; a newer one is announced again', async () => {
    publish('1.2.0');
    const first = await launch();
    await first.settle(() => first.updates.current().state === 'ready', 'update downloaded');
    expect(FakeNotification.shown).toHaveLength(1);
    // Quit without installing it (the .deb installer is only recorded here): the next start finds it again.
    first.updates.setEnabled(false);
    app.quit();
    await first.quitted();

    resetFakeElectron();
    const second = await launch();
    await second.settle(() => second.updates.current().state === 'ready', 'found again');
    expect(second.trayLabels()).toContain('Restart to update to v1.2.0');
    expect(FakeNotification.shown).toHaveLength(0);
    app.quit();
    await second.quitted();

    resetFakeElectron();
    publish('1.3.0');
    const third = await launch();
    await third.settle(() => third.updates.current().version === '1.3.0' && third.updates.current().state === 'ready', 'newer version');
    expect(FakeNotification.shown.map((n) => n.body)).toEqual([expect.stringContaining('Version 1.3.0')]);
    app.quit();
    await third.quitted();
  });
});
