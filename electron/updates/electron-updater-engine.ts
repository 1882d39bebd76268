// Loaded only by a dynamic import (desktop-updates.ts), so the bundle keeps electron-updater
// and what it brings (YAML, semver, fs-extra: ~300 KB) in a chunk of its own that a run
// without an update feed never loads, and a run with one loads at its first check.
import electronUpdater, { type AppUpdater, type ProgressInfo } from 'electron-updater';
import type { UpdateFeed } from '../../src-core/app/distribution.js';
import type { Logger } from '../../src-core/runtime/logger.js';
import type { UpdateEngine } from './update-engine.js';

type FeedOptions = Parameters<AppUpdater['setFeedURL']>[0];

/** electron-updater's provider options for the distributor's feed (the same as electron-builder's `publish`). */
export function feedOptions(feed: UpdateFeed): FeedOptions {
  return feed.provider === 'github' ? { provider: 'github', owner: feed.owner, repo: feed.repo } : { provider: 'generic', url: feed.url };
}

/**
 * electron-updater's `autoUpdater` for this platform and package type (AppImage, deb, NSIS,
 * or Squirrel.Mac behind MacUpdater), read on first use: the getter constructs it.
 */
export function platformUpdater(): AppUpdater {
  return electronUpdater.autoUpdater;
}

/**
 * Wraps an electron-updater AppUpdater. It never downloads or installs by itself
 * (autoDownload and autoInstallOnAppQuit start off; the controller decides), and its own
 * log lines go to ours at debug level, errors at warn: they name files and URLs, never
 * secrets (the feed is public and carries no token).
 */
export function electronUpdaterEngine(updater: AppUpdater, feed: UpdateFeed, logger: Logger): UpdateEngine {
  const log = logger.child({ component: 'electron-updater' });
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  updater.logger = {
    info: (message?: unknown) => log.debug('update.library', String(message)),
    warn: (message?: unknown) => log.warn('update.library', String(message)),
    error: (message?: unknown) => log.warn('update.library_error', String(message)),
    debug: (message: string) => log.debug('update.library', message),
  };
  updater.setFeedURL(feedOptions(feed));
  return {
    async check() {
      const result = await updater.checkForUpdates();
      return result ? { available: result.isUpdateAvailable, version: result.updateInfo.version } : null;
    },
    download(onProgress) {
      const token = new electronUpdater.CancellationToken();
      const progress = (info: ProgressInfo): void => onProgress(info.percent);
      updater.on('download-progress', progress);
      const done = updater
        .downloadUpdate(token)
        .then(() => undefined)
        .finally(() => {
          updater.off('download-progress', progress);
          token.dispose();
        });
      return { done, cancel: () => token.cancel() };
    },
    setInstallOnQuit(on) {
      updater.autoInstallOnAppQuit = on;
    },
    installAndRelaunch() {
      // Silent where the platform asks (NSIS), and the new version starts afterwards.
      updater.quitAndInstall(true, true);
    },
  };
}
