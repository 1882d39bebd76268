import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QUIT_TIMEOUT_MS, SYSTEM_END_BUDGET_MS } from '../../../electron/lifecycle/graceful-quit.js';
import type { PlatformPort } from '../../../src-core/ipc/core-port.js';
import { createIpcHandlers } from '../../../src-core/ipc/handlers.js';
import { systemClock } from '../../../src-core/runtime/clock.js';
import { createLogger } from '../../../src-core/runtime/logger.js';
import { FakeBaseWindow, app, endWindowsSession, fakeOs, powerMonitor, resetFakeElectron, webContents } from '../../fakes/electron.js';
import { startCoreHarness, type CoreHarness } from '../../support/core-harness.js';
import { waitFor } from '../../support/wait-for.js';
import { type DesktopRigOptions, startDesktopRig } from '../support/desktop-rig.js';

const cleanups: Array<() => Promise<void> | void> = [];
beforeEach(() => resetFakeElectron());
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  resetFakeElectron();
});

function start(platform: NodeJS.Platform, options: DesktopRigOptions = {}) {
  fakeOs.platform = platform;
  const rig = startDesktopRig({ platform, ...options });
  cleanups.push(rig.cleanup);
  return rig;
}

const never = (): Promise<void> => new Promise<void>(() => {});

describe('OS shutdown, restart and log-out (defect 4, R39)', () => {
  it('R39 Linux shutdown or restart: the app holds it briefly, saves the store at once, stops the core (home colors) and quits', async () => {
    let finish: () => void = () => {};
    const { shutdowns, flushes, clock } = start('linux', { hidden: true, shutdown: () => new Promise<void>((resolve) => (finish = resolve)) });
    expect(powerMonitor.systemShutdown()).toEqual({ prevented: true });
    expect(flushes()).toBe(1);
    expect(shutdowns()).toBe(1);
    await clock.advance(SYSTEM_END_BUDGET_MS - 1);
    expect(app.quitted).toBe(false);
    finish();
    await waitFor(() => app.quitted);
  });

  it('R39 macOS log-out or restart: a core that hangs holds the quit no longer than the budget, and the store is saved again before it ends', async () => {
    const { flushes, clock, sink } = start('darwin', { shutdown: never });
    expect(powerMonitor.systemShutdown()).toEqual({ prevented: true });
    await clock.advance(SYSTEM_END_BUDGET_MS - 1);
    expect(app.quitted).toBe(false);
    await clock.advance(1);
    await waitFor(() => app.quitted);
    expect(flushes()).toBe(2);
    expect(sink.records.map((r) => r.event)).toEqual(expect.arrayContaining(['app.system_ending', 'app.stop_timeout']));
    expect(SYSTEM_END_BUDGET_MS).toBeLessThan(QUIT_TIMEOUT_MS);
  });

  it('R39 macOS: any quit (the system quits apps this way for a restart too) waits for the core no longer than the budget', async () => {
    const { tray, clock } = start('darwin', { shutdown: never });
    tray()?.contextMenu?.click(['Quit']);
    await clock.advance(SYSTEM_END_BUDGET_MS);
    await waitFor(() => app.quitted);
  });

  it('R39 a user quit already under way is cut to the budget when the OS starts shutting down', async () => {
    const { tray, clock } = start('linux', { shutdown: never });
    tray()?.contextMenu?.click(['Quit']);
    await clock.advance(1_000);
    powerMonitor.systemShutdown();
    await clock.advance(SYSTEM_END_BUDGET_MS);
    await waitFor(() => app.quitted);
  });

  it('R39 Windows: home colors start when Windows announces the end, the store is written before Windows ends the process; no window (no renderer) is needed', async () => {
    const { shutdowns, flushes } = start('win32', { hidden: true, shutdown: never });
    expect(webContents.getAllWebContents()).toEqual([]);
    expect(endWindowsSession(['logoff'])).toBe('ended');
    expect(shutdowns()).toBe(1);
    // Synchronously, before Electron terminates the process (no await in between).
    expect(flushes()).toBeGreaterThanOrEqual(2);
    expect(app.terminatedBySystem).toBe(true);
  });

  it('the Windows session watcher is a window without web contents, and quitting closes it', async () => {
    start('win32', { hidden: true });
    expect(FakeBaseWindow.all.filter((w) => !w.isDestroyed())).toHaveLength(1);
    expect(webContents.getAllWebContents()).toEqual([]);
    app.quit();
    await waitFor(() => app.quitted);
    expect(FakeBaseWindow.all.every((w) => w.isDestroyed())).toBe(true);
  });
});

describe('R39 with the real core and store', () => {
  let h: CoreHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  function desktopOn(platform: NodeJS.Platform, harness: CoreHarness) {
    const logger = createLogger(harness.logs);
    const platformPort: PlatformPort = { openExternal: async () => {}, openPath: async () => {} };
    return start(platform, {
      hidden: true,
      clock: systemClock,
      core: { core: harness.core, handlers: createIpcHandlers({ core: harness.core, platform: platformPort, logger }), logger },
      shutdown: async () => {
        await harness.core.stop();
        await harness.store.stop();
      },
      flushStore: () => harness.store.flush(),
    });
  }

  it('R39 Linux shutdown: the home color is back at Twitch and the file is saved before the app ends', async () => {
    h = await startCoreHarness({ start: false });
    const { accountId, userId } = await h.addAccount({ login: 'alice', channels: ['alice'] });
    h.fake.updateUser(userId, { color: '#1E90FF' });
    h.core.start();
    await h.waitForAccount(accountId, (a) => a.state === 'active' && a.home.color !== null && a.channels.every((c) => c.subscription === 'live'), 'home color learned, channel live');
    await h.core.setHome(accountId, true, undefined);
    h.fake.say({ channel: 'alice', chatter: 'alice', text: 'hello' });
    await waitFor(() => h!.fake.log.colorChanges(userId).length === 1);
    const harness = h;
    desktopOn('linux', harness);

    expect(powerMonitor.systemShutdown().prevented).toBe(true);
    await waitFor(() => app.quitted, { timeoutMs: SYSTEM_END_BUDGET_MS + 2_000 });
    expect(harness.fake.log.colorChanges(userId).at(-1)?.hex).toBe('#1E90FF');
    const file = JSON.parse(readFileSync(join(harness.dataDir, 'config.json'), 'utf8')) as { accounts: Array<{ home: { restore: boolean } }> };
    expect(file.accounts[0]?.home.restore).toBe(true);
  });

  it('R39 Windows session end: a change made a moment before is in the file when the process ends', async () => {
    h = await startCoreHarness();
    const harness = h;
    desktopOn('win32', harness);
    await harness.core.setPaused(true);
    // The store gathers writes for a moment; Windows ends the session right now.
    endWindowsSession(['shutdown']);
    expect(app.terminatedBySystem).toBe(true);
    const file = JSON.parse(readFileSync(join(harness.dataDir, 'config.json'), 'utf8')) as { settings: { pauseAll: boolean } };
    expect(file.settings.pauseAll).toBe(true);
  });
});
