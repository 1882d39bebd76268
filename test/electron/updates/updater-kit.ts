import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import electronUpdater, { type AppUpdater } from 'electron-updater';
import { vi } from 'vitest';
import type { UpdateFeed } from '../../../src-core/app/distribution.js';
import type { Logger } from '../../../src-core/runtime/logger.js';
import { electronUpdaterEngine } from '../../../electron/updates/electron-updater-engine.js';
import type { UpdateEngine } from '../../../electron/updates/update-engine.js';
import { app } from '../../fakes/electron.js';
import { routeElectronRequire } from '../../fakes/electron-require.js';
import { FeedServer } from './feed-server.js';

type InstallOptions = { isSilent: boolean; isForceRunAfter: boolean; isAdminRightsRequired: boolean };

/**
 * electron-updater's own Linux .deb updater, except for the one step that would change
 * this machine: `doInstall` (pkexec/sudo dpkg -i) only records how it was asked to install.
 */
export class RecordingDebUpdater extends electronUpdater.DebUpdater {
  readonly installs: InstallOptions[] = [];
  protected override doInstall(options: InstallOptions): boolean {
    this.installs.push({ isSilent: options.isSilent, isForceRunAfter: options.isForceRunAfter, isAdminRightsRequired: options.isAdminRightsRequired });
    return true;
  }
}

/** The same for Windows' NSIS updater (which would run the downloaded installer). */
export class RecordingNsisUpdater extends electronUpdater.NsisUpdater {
  readonly installs: InstallOptions[] = [];
  protected override doInstall(options: InstallOptions): boolean {
    this.installs.push({ isSilent: options.isSilent, isForceRunAfter: options.isForceRunAfter, isAdminRightsRequired: options.isAdminRightsRequired });
    return true;
  }
}

/** The same for the AppImage updater (which would replace the running AppImage file). */
export class RecordingAppImageUpdater extends electronUpdater.AppImageUpdater {
  readonly installs: InstallOptions[] = [];
  protected override doInstall(options: InstallOptions): boolean {
    this.installs.push({ isSilent: options.isSilent, isForceRunAfter: options.isForceRunAfter, isAdminRightsRequired: options.isAdminRightsRequired });
    return true;
  }
}

export const APP_VERSION = '1.0.0';
/** What electron-builder writes into app-update.yml next to the provider options. */
export const CACHE_DIR_NAME = 'twitch-colorchanger-updater';

/**
 * The packaged app as electron-updater sees it, on the fake Electron: version 1.0.0,
 * packaged, its app-update.yml (as electron-builder writes it for the feed), userData and
 * the updater's cache in a temporary folder, and a feed server on 127.0.0.1.
 */
export class UpdaterKit {
  readonly feed: FeedServer;
  readonly root: string;
  readonly feedConfig: UpdateFeed;
  readonly #restoreRequire: () => void;
  readonly #previousVersion: string;

  private constructor(feed: FeedServer) {
    this.feed = feed;
    this.root = mkdtempSync(join(tmpdir(), 'cc-updates-'));
    this.feedConfig = { provider: 'generic', url: feed.url };
    this.#restoreRequire = routeElectronRequire();
    this.#previousVersion = app.version;
    app.version = APP_VERSION;
    app.isPackaged = true;
    app.setPath('userData', join(this.root, 'userData'));
    // electron-updater keeps downloads under the OS cache folder ($XDG_CACHE_HOME on Linux).
    vi.stubEnv('XDG_CACHE_HOME', join(this.root, 'cache'));
    writeFileSync(this.appUpdateYml, `provider: generic\nurl: ${feed.url}\nupdaterCacheDirName: ${CACHE_DIR_NAME}\n`);
  }

  static async start(): Promise<UpdaterKit> {
    return new UpdaterKit(await FeedServer.start());
  }

  get appUpdateYml(): string {
    return join(this.root, 'app-update.yml');
  }

  /** Where electron-updater puts a finished download. */
  get pendingDir(): string {
    return join(this.root, 'cache', CACHE_DIR_NAME, 'pending');
  }

  /** An AppImage run: $APPIMAGE names the running file, as the AppImage runtime sets it. */
  appImage(): RecordingAppImageUpdater {
    const running = join(this.root, 'twitch-colorchanger-1.0.0-x86_64.AppImage');
    writeFileSync(running, 'not a real AppImage: no embedded block map, so the download is a full one');
    vi.stubEnv('APPIMAGE', running);
    const updater = new RecordingAppImageUpdater();
    updater.updateConfigPath = this.appUpdateYml;
    return updater;
  }

  deb(): RecordingDebUpdater {
    const updater = new RecordingDebUpdater();
    updater.updateConfigPath = this.appUpdateYml;
    return updater;
  }

  /**
   * electron-updater's updater for another platform, on this Linux machine, through the
   * library's own test hook: it then reads that platform's channel file (latest.yml,
   * latest-mac.yml); differential downloads stay off, as they need a previous installer.
   */
  forPlatform<U extends AppUpdater>(updater: U, platform: 'win32' | 'darwin'): U {
    (updater as unknown as { _testOnlyOptions: { platform: string; isUseDifferentialDownload: boolean } })._testOnlyOptions = { platform, isUseDifferentialDownload: false };
    updater.updateConfigPath = this.appUpdateYml;
    return updater;
  }

  engine(updater: AppUpdater, logger: Logger): UpdateEngine {
    return electronUpdaterEngine(updater, this.feedConfig, logger);
  }

  async close(): Promise<void> {
    await this.feed.close();
    this.#restoreRequire();
    app.version = this.#previousVersion;
    rmSync(this.root, { recursive: true, force: true });
  }
}
