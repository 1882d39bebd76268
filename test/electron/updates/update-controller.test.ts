import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUpdateController } from '../../../electron/updates/desktop-updates.js';
import {
  CHECK_INTERVAL_MS,
  CHECK_TIMEOUT_MS,
  DOWNLOAD_STALL_MS,
  FIRST_CHECK_DELAY_MS,
  RETRY_AFTER_ERROR_MS,
  type UpdateController,
} from '../../../electron/updates/update-controller.js';
import type { UpdateEngine } from '../../../electron/updates/update-engine.js';
import { MemoryLogSink, createLogger } from '../../../src-core/runtime/logger.js';
import { app, autoUpdater, resetFakeElectron } from '../../fakes/electron.js';
import { ManualClock } from '../../support/manual-clock.js';
import { waitFor } from '../../support/wait-for.js';
import { artifactBytes } from './feed-server.js';
import { APP_VERSION, UpdaterKit, type RecordingDebUpdater } from './updater-kit.js';

/**
 * The update state machine with electron-updater itself (its Linux .deb updater, the
 * generic provider) on the fake Electron, against a feed served from 127.0.0.1. Timers run
 * on a manual clock; the HTTP is real. Only the installer is not run (it would call dpkg).
 * Platform: Linux (the updater reads latest-linux.yml, as a .deb install does).
 */
const DEB = 'twitch-colorchanger_1.2.0_amd64.deb';
const APPIMAGE = 'twitch-colorchanger-1.2.0-x86_64.AppImage';

let kit: UpdaterKit;
beforeEach(async () => {
  resetFakeElectron();
  kit = await UpdaterKit.start();
});
afterEach(async () => {
  await kit.close();
  resetFakeElectron();
});

function setup(options: { feed?: boolean; packaged?: boolean; engine?: (logger: ReturnType<typeof createLogger>) => UpdateEngine } = {}) {
  const clock = new ManualClock();
  const sink = new MemoryLogSink();
  const logger = createLogger(sink);
  const updater: RecordingDebUpdater = kit.deb();
  let quits = 0;
  const controller: UpdateController = createUpdateController({
    feed: options.feed === false ? null : kit.feedConfig,
    packaged: options.packaged ?? true,
    quitApp: () => {
      quits += 1;
      app.quit();
    },
    clock,
    logger,
    engine: () => (options.engine ? options.engine(logger) : kit.engine(updater, logger)),
  });
  // What the desktop shell does (electron/desktop-app.ts): install as the app leaves.
  app.on('will-quit', () => controller.installOnExit());
  // Our own steps; electron-updater's lines (update.library*) come on top, at debug level.
  const events = () => sink.records.filter((r) => r.event.startsWith('update.') && !r.event.startsWith('update.library')).map((r) => r.event);
  /** Switches checks on, lets the first one run, and waits until the updater is in `state`. */
  const firstCheckUntil = async (state: string, timeoutMs?: number): Promise<void> => {
    controller.setEnabled(true);
    await clock.advance(FIRST_CHECK_DELAY_MS);
    await waitFor(() => controller.current().state === state, { message: `state ${state}`, ...(timeoutMs ? { timeoutMs } : {}) });
  };
  return { clock, sink, controller, updater, events, firstCheckUntil, quits: () => quits };
}

const release = (version = '1.2.0') => {
  kit.feed.release = { version, artifacts: { [DEB]: artifactBytes(`deb-${version}`), [APPIMAGE]: artifactBytes(`appimage-${version}`) } };
};

describe('update checks', () => {
  it('a build without a feed never checks: Settings says updates are off, "check now" is refused', async () => {
    release();
    const { clock, controller } = setup({ feed: false });
    controller.setEnabled(true);
    expect(controller.current().state).toBe('unconfigured');
    await clock.advance(CHECK_INTERVAL_MS * 3);
    await expect(controller.checkNow()).rejects.toThrow(/built without an update feed/);
    expect(kit.feed.requests).toEqual([]);
  });

  it('an unpackaged run (npm start) cannot replace itself: unsupported, no request', async () => {
    release();
    const { clock, controller } = setup({ packaged: false });
    controller.setEnabled(true);
    await clock.advance(CHECK_INTERVAL_MS);
    expect(controller.current().state).toBe('unsupported');
    expect(kit.feed.requests).toEqual([]);
  });

  it('checks once start-up is over and then every 6 hours, reading latest-linux.yml', async () => {
    release(APP_VERSION);
    const { clock, controller, events } = setup();
    controller.setEnabled(true);
    expect(controller.current().state).toBe('idle');
    await clock.advance(FIRST_CHECK_DELAY_MS - 1);
    expect(kit.feed.requests).toEqual([]);
    await clock.advance(1);
    await waitFor(() => controller.current().checkedAt !== null, { message: 'first check done' });
    expect(controller.current()).toMatchObject({ state: 'idle', version: null, error: null, checkedAt: clock.now() });
    expect(kit.feed.requestsFor('latest-linux.yml')).toBe(1);

    await clock.advance(CHECK_INTERVAL_MS - 1);
    expect(kit.feed.requestsFor('latest-linux.yml')).toBe(1);
    await clock.advance(1);
    await waitFor(() => kit.feed.requestsFor('latest-linux.yml') === 2 && controller.current().state === 'idle', { message: 'second check done' });
    expect(events()).toEqual(['update.on', 'update.checking', 'update.none', 'update.checking', 'update.none']);
  });

  it('"check now" checks at once; the switch off stops the schedule and refuses "check now"', async () => {
    release(APP_VERSION);
    const { clock, controller } = setup();
    controller.setEnabled(true);
    await controller.checkNow();
    await waitFor(() => controller.current().checkedAt !== null);
    expect(kit.feed.requestsFor('latest-linux.yml')).toBe(1);

    controller.setEnabled(false);
    expect(controller.current().state).toBe('off');
    await expect(controller.checkNow()).rejects.toThrow(/switched off/);
    await clock.advance(CHECK_INTERVAL_MS * 2);
    expect(kit.feed.requestsFor('latest-linux.yml')).toBe(1);

    controller.setEnabled(true);
    await clock.advance(FIRST_CHECK_DELAY_MS);
    await waitFor(() => kit.feed.requestsFor('latest-linux.yml') === 2);
  });
});

describe('a newer version', () => {
  it('is downloaded in the background with progress, verified, and waits for the next quit; the app never restarts by itself', async () => {
    release('1.2.0');
    const { clock, controller, updater, events, quits } = setup();
    const seen: string[] = [];
    controller.subscribe(() => seen.push(`${controller.current().state}${controller.current().percent === null ? '' : `:${Math.floor(controller.current().percent ?? 0)}`}`));
    controller.setEnabled(true);
    await clock.advance(FIRST_CHECK_DELAY_MS);
    await waitFor(() => controller.current().state === 'ready', { message: 'update downloaded' });

    expect(controller.current()).toMatchObject({ state: 'ready', version: '1.2.0', error: null });
    expect(seen[0]).toBe('idle');
    expect(seen).toContain('checking');
    expect(seen).toContain('downloading:0');
    expect(seen.at(-1)).toBe('ready');
    // electron-updater checked the sha512 from latest-linux.yml and kept the .deb, not the AppImage.
    expect(readdirSync(kit.pendingDir)).toContain(DEB);
    expect(readFileSync(join(kit.pendingDir, DEB)).equals(kit.feed.release?.artifacts[DEB] as Buffer)).toBe(true);
    expect(kit.feed.requestsFor(APPIMAGE)).toBe(0);
    expect(events()).toEqual(['update.on', 'update.checking', 'update.available', 'update.progress', 'update.ready']);

    // Hours later: nothing installed, nothing restarted, no further checks this run.
    await clock.advance(CHECK_INTERVAL_MS * 4);
    expect(updater.installs).toEqual([]);
    expect(quits()).toBe(0);
    expect(app.quitCalls).toBe(0);
    expect(kit.feed.requestsFor('latest-linux.yml')).toBe(1);
  });

  it('installs when the user quits: silently, without starting the app again', async () => {
    release('1.2.0');
    const { updater, firstCheckUntil } = setup();
    await firstCheckUntil('ready');
    app.quit();
    expect(app.quitted).toBe(true);
    expect(updater.installs).toEqual([{ isSilent: true, isForceRunAfter: false, isAdminRightsRequired: false }]);
  });

  it('"Restart to update" quits the app the graceful way, then installs once and starts the new version', async () => {
    release('1.2.0');
    const { clock, controller, updater, quits, events } = setup();
    controller.setEnabled(true);
    await expect(Promise.resolve().then(() => controller.restartToUpdate())).rejects.toThrow(/No update has been downloaded/);
    await clock.advance(FIRST_CHECK_DELAY_MS);
    await waitFor(() => controller.current().state === 'ready');

    const beforeQuitSeen: number[] = [];
    app.on('before-quit', () => beforeQuitSeen.push(updater.installs.length));
    let squirrelTold = 0;
    autoUpdater.on('before-quit-for-update', () => (squirrelTold += 1));
    controller.restartToUpdate();
    expect(quits()).toBe(1);
    // The app's own quit ran first (before-quit, windows, will-quit); the installer after it.
    expect(beforeQuitSeen).toEqual([0]);
    expect(updater.installs).toEqual([{ isSilent: true, isForceRunAfter: true, isAdminRightsRequired: false }]);
    await new Promise((resolve) => setImmediate(resolve));
    // electron-updater tells Electron's own autoUpdater, as Squirrel would, and quits once more.
    expect(squirrelTold).toBe(1);
    expect(events()).toContain('update.restart');
    expect(events()).toContain('update.installing');
  });

  it('switched off while downloading: the download stops and nothing is installed at quit', async () => {
    release('1.2.0');
    kit.feed.fault = { kind: 'stall' };
    const { clock, controller, updater, firstCheckUntil } = setup();
    await firstCheckUntil('downloading');
    controller.setEnabled(false);
    expect(controller.current().state).toBe('off');
    await clock.advance(DOWNLOAD_STALL_MS * 2);
    expect(controller.current().state).toBe('off');
    app.quit();
    expect(updater.installs).toEqual([]);
    expect(existsSync(join(kit.pendingDir, DEB))).toBe(false);
  });

  it('switched off after the download: the next quit does not install it', async () => {
    release('1.2.0');
    const { controller, updater, firstCheckUntil } = setup();
    await firstCheckUntil('ready');
    controller.setEnabled(false);
    app.quit();
    expect(updater.installs).toEqual([]);
  });
});

describe('failures are shown and retried, never fatal', () => {
  it('the feed answers 500: error in words, tried again an hour later, and then it works', async () => {
    release('1.2.0');
    kit.feed.fault = { kind: 'status', status: 500 };
    const { clock, controller, events, firstCheckUntil } = setup();
    await firstCheckUntil('error', 20_000);
    expect(controller.current().error).toBe('the update server answered HTTP 500');
    kit.feed.fault = null;
    await clock.advance(RETRY_AFTER_ERROR_MS);
    await waitFor(() => controller.current().state === 'ready');
    expect(events()).toContain('update.check_failed');
  });

  it('the network coming back retries a failed check at once instead of an hour later; a healthy schedule is left alone', async () => {
    release('1.2.0');
    kit.feed.fault = { kind: 'status', status: 503 };
    const { controller, firstCheckUntil } = setup();
    await firstCheckUntil('error', 20_000);
    kit.feed.fault = null;
    // What electron/desktop-app.ts does when powerMonitor says "resume" or net.isOnline() turns true.
    controller.retryAfterReconnect();
    await waitFor(() => controller.current().state === 'ready', { message: 'downloaded without waiting an hour' });
    const checks = kit.feed.requests.length;
    controller.retryAfterReconnect();
    expect(controller.current().state).toBe('ready');
    expect(kit.feed.requests).toHaveLength(checks);
  });

  it('a download that does not match its checksum is refused', async () => {
    release('1.2.0');
    kit.feed.fault = { kind: 'corrupt' };
    const { controller, updater, firstCheckUntil } = setup();
    await firstCheckUntil('error');
    expect(controller.current().error).toMatch(/checksum|sha512/i);
    app.quit();
    expect(updater.installs).toEqual([]);
  });

  it('a download that stalls is cancelled after 5 minutes without data and tried again later', async () => {
    release('1.2.0');
    kit.feed.fault = { kind: 'stall' };
    const { clock, controller, firstCheckUntil } = setup();
    await firstCheckUntil('downloading');
    await clock.advance(DOWNLOAD_STALL_MS);
    await waitFor(() => controller.current().state === 'error');
    expect(controller.current().error).toMatch(/stalled/);
    kit.feed.fault = null;
    await clock.advance(RETRY_AFTER_ERROR_MS);
    await waitFor(() => controller.current().state === 'ready');
  });

  it('a check that never answers is given up after 2 minutes (Electron gives its requests no timeout)', async () => {
    const { clock, controller } = setup({ engine: () => ({ check: () => new Promise(() => {}), download: () => ({ done: new Promise(() => {}), cancel: () => {} }), setInstallOnQuit: () => {}, installAndRelaunch: () => {} }) });
    controller.setEnabled(true);
    await clock.advance(FIRST_CHECK_DELAY_MS);
    expect(controller.current().state).toBe('checking');
    await clock.advance(CHECK_TIMEOUT_MS);
    expect(controller.current()).toMatchObject({ state: 'error', error: expect.stringMatching(/did not answer within 120000 ms/) });
  });

  it('an offline machine: the server cannot be reached', async () => {
    release('1.2.0');
    await kit.feed.close();
    const { controller, firstCheckUntil } = setup();
    await firstCheckUntil('error');
    expect(controller.current().error).toBe('the update server could not be reached (offline?)');
  });
});

describe('loading the updater', () => {
  it('electron-updater is set up when the first check is due, not at start, once, with the switch already applied', async () => {
    release(APP_VERSION);
    let made = 0;
    const { clock, controller, updater } = setup({
      engine: (logger) => {
        made += 1;
        return kit.engine(updater, logger);
      },
    });
    controller.setEnabled(true);
    await clock.advance(FIRST_CHECK_DELAY_MS - 1);
    expect(made).toBe(0);
    await clock.advance(1);
    await waitFor(() => controller.current().checkedAt !== null, { message: 'first check done' });
    expect(made).toBe(1);
    // The switch was on before the updater existed: a download would install at quit.
    expect(updater.autoInstallOnAppQuit).toBe(true);
    await controller.checkNow();
    await waitFor(() => kit.feed.requestsFor('latest-linux.yml') === 2 && controller.current().state === 'idle');
    expect(made).toBe(1);
  });

  it('an updater that cannot be set up is logged once; updates are off for this run, nothing is asked of the feed', async () => {
    release('1.2.0');
    let made = 0;
    const { clock, controller, sink, firstCheckUntil } = setup({
      engine: () => {
        made += 1;
        throw new Error('no updater for this package type');
      },
    });
    await firstCheckUntil('unsupported');
    await clock.advance(CHECK_INTERVAL_MS * 3);
    await expect(controller.checkNow()).rejects.toThrow(/cannot update itself/);
    expect(made).toBe(1);
    expect(sink.records.filter((r) => r.event === 'update.engine_failed')).toHaveLength(1);
    expect(kit.feed.requests).toEqual([]);
  });
});

describe('quitting', () => {
  it('stops the schedule and any download; nothing is left running', async () => {
    release('1.2.0');
    kit.feed.fault = { kind: 'stall' };
    const { clock, controller, firstCheckUntil } = setup();
    await firstCheckUntil('downloading');
    controller.stop();
    expect(clock.pending).toBe(0);
  });
});
