import type { AppSnapshot } from '../../src-core/ipc/snapshot.js';
import type { UpdateFeed } from '../../src-core/app/distribution.js';
import type { Clock } from '../../src-core/runtime/clock.js';
import type { Logger } from '../../src-core/runtime/logger.js';
import { type UpdateEngine, lazyUpdateEngine } from './update-engine.js';
import { UpdateController } from './update-controller.js';

/**
 * The update controller for this run. No feed in this build: updates are off
 * (`unconfigured`). An unpackaged run (npm start) cannot replace itself: `unsupported`
 * without asking electron-updater, which would say the same after its first check.
 * Otherwise electron-updater is loaded when the first check is due (lazyUpdateEngine), as
 * a chunk of its own in the bundle: start-up never loads it.
 */
export function createUpdateController(input: {
  feed: UpdateFeed | null;
  packaged: boolean;
  quitApp(): void;
  clock: Clock;
  logger: Logger;
  /** Tests pass an engine around a local feed; the app gets electron-updater's platform updater. */
  engine?: () => UpdateEngine;
}): UpdateController {
  const { feed, logger } = input;
  let engine: UpdateEngine | null = null;
  if (!feed) logger.info('update.unconfigured', 'This build has no update feed; updates are off');
  else if (!input.packaged) logger.info('update.unsupported', 'Not a packaged app (a development run); updates are off');
  else {
    const make = input.engine;
    engine = lazyUpdateEngine(async () => {
      if (make) return make();
      const { electronUpdaterEngine, platformUpdater } = await import('./electron-updater-engine.js');
      return electronUpdaterEngine(platformUpdater(), feed, logger);
    }, logger);
  }
  return new UpdateController({ engine, without: feed ? 'unsupported' : 'unconfigured', quitApp: input.quitApp, clock: input.clock, logger });
}

export interface UpdateNoticeDeps {
  updates: UpdateController;
  /** The newest version announced before (persisted in the store), and remembering a new one. */
  lastNotice(): string | null;
  rememberNotice(version: string): void;
  notify(title: string, body: string): void;
  hasTray: boolean;
}

/**
 * Keeps the controller in step with the user's switch and announces each downloaded
 * version once, ever: the version is remembered in the store, so a restart (or a second
 * download of the same version) does not announce it again.
 */
export function followSnapshots(deps: UpdateNoticeDeps): (snapshot: AppSnapshot) => void {
  return (snapshot) => {
    deps.updates.setEnabled(snapshot.settings.checkForUpdates);
    const { state, version } = snapshot.updates;
    if (state !== 'ready' || version === null || deps.lastNotice() === version) return;
    deps.rememberNotice(version);
    const where = deps.hasTray ? '“Restart to update” in the tray menu' : 'Settings';
    deps.notify('Update ready', `Version ${version} is downloaded and installs when you quit Twitch ColorChanger. To install it now, choose ${where}.`);
  };
}
