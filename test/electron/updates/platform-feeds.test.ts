import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import electronUpdater, { type AppUpdater } from 'electron-updater';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUpdateController } from '../../../electron/updates/desktop-updates.js';
import { FIRST_CHECK_DELAY_MS } from '../../../electron/updates/update-controller.js';
import { MemoryLogSink, createLogger } from '../../../src-core/runtime/logger.js';
import { app, autoUpdater, resetFakeElectron } from '../../fakes/electron.js';
import { ManualClock } from '../../support/manual-clock.js';
import { waitFor } from '../../support/wait-for.js';
import { artifactBytes } from './feed-server.js';
import { RecordingNsisUpdater, UpdaterKit } from './updater-kit.js';

/**
 * What each package type's updater reads from the same feed folder, through electron-updater
 * itself. Windows (NSIS) and macOS run here through electron-updater's own platform switch for
 * tests (this machine is Linux); the Linux .deb path is in update-controller.test.ts.
 */
const ARTIFACTS = {
  'twitch-colorchanger-1.2.0-x64.exe': artifactBytes('exe'),
  'twitch-colorchanger-1.2.0-x64.dmg': artifactBytes('dmg'),
  'twitch-colorchanger-1.2.0-x64-mac.zip': artifactBytes('zip'),
  'twitch-colorchanger_1.2.0_amd64.deb': artifactBytes('deb'),
  'twitch-colorchanger-1.2.0-x86_64.AppImage': artifactBytes('appimage'),
};

let kit: UpdaterKit;
beforeEach(async () => {
  resetFakeElectron();
  kit = await UpdaterKit.start();
  kit.feed.release = { version: '1.2.0', artifacts: ARTIFACTS };
});
afterEach(async () => {
  await kit.close();
  resetFakeElectron();
});

async function runToReady(updater: AppUpdater) {
  const clock = new ManualClock();
  const logger = createLogger(new MemoryLogSink());
  const controller = createUpdateController({ feed: kit.feedConfig, packaged: true, quitApp: () => app.quit(), clock, logger, engine: () => kit.engine(updater, logger) });
  app.on('will-quit', () => controller.installOnExit());
  controller.setEnabled(true);
  await clock.advance(FIRST_CHECK_DELAY_MS);
  await waitFor(() => controller.current().state === 'ready' || controller.current().state === 'error', { message: 'download finished' });
  return controller;
}

describe('one feed, every package type', () => {
  it('Linux AppImage reads latest-linux.yml and downloads the AppImage (executable); Restart replaces it and starts it', async () => {
    const updater = kit.appImage();
    const controller = await runToReady(updater);
    expect(controller.current()).toMatchObject({ state: 'ready', version: '1.2.0' });
    expect(kit.feed.requestsFor('latest-linux.yml')).toBe(1);
    expect(kit.feed.requestsFor('twitch-colorchanger-1.2.0-x86_64.AppImage')).toBe(1);
    expect(kit.feed.requestsFor('twitch-colorchanger_1.2.0_amd64.deb')).toBe(0);
    expect(statSync(join(kit.pendingDir, 'twitch-colorchanger-1.2.0-x86_64.AppImage')).mode & 0o111).toBe(0o111);
    controller.restartToUpdate();
    expect(updater.installs).toEqual([{ isSilent: true, isForceRunAfter: true, isAdminRightsRequired: false }]);
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('Windows (NSIS) reads latest.yml and downloads the installer .exe; Restart runs it silently and starts the app again', async () => {
    const updater = kit.forPlatform(new RecordingNsisUpdater(), 'win32');
    const controller = await runToReady(updater);
    expect(controller.current()).toMatchObject({ state: 'ready', version: '1.2.0' });
    expect(kit.feed.requestsFor('latest.yml')).toBe(1);
    expect(kit.feed.requestsFor('latest-linux.yml')).toBe(0);
    expect(kit.feed.requestsFor('twitch-colorchanger-1.2.0-x64.exe')).toBe(1);
    expect(readdirSync(kit.pendingDir)).toContain('twitch-colorchanger-1.2.0-x64.exe');
    controller.restartToUpdate();
    expect(updater.installs).toEqual([{ isSilent: true, isForceRunAfter: true, isAdminRightsRequired: false }]);
    // electron-updater quits once more on the next turn; let it, so it cannot reach the next test.
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('macOS reads latest-mac.yml and takes the zip (never the dmg), hands it to Squirrel.Mac, which installs on Restart', async () => {
    const updater = kit.forPlatform(new electronUpdater.MacUpdater(), 'darwin');
    const controller = await runToReady(updater);
    expect(controller.current()).toMatchObject({ state: 'ready', version: '1.2.0' });
    expect(kit.feed.requestsFor('latest-mac.yml')).toBe(1);
    expect(kit.feed.requestsFor('twitch-colorchanger-1.2.0-x64-mac.zip')).toBe(1);
    expect(kit.feed.requestsFor('twitch-colorchanger-1.2.0-x64.dmg')).toBe(0);
    // electron-updater served the verified zip to Electron's autoUpdater through its 127.0.0.1 proxy.
    expect(autoUpdater.downloadedBytes).toBe(ARTIFACTS['twitch-colorchanger-1.2.0-x64-mac.zip'].length);
    controller.restartToUpdate();
    expect(autoUpdater.quitAndInstallCalls).toBe(1);
  });
});
