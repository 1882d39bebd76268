// First: V8 settings, before the core's HTTP client compiles undici's parser (v8-tuning.ts).
import './v8-tuning.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, protocol, shell } from 'electron';
import { LOG_DIR } from '../src-core/app/data-dir.js';
import { builtDistribution } from '../src-core/app/distribution.js';
import { createRendererAssets } from '../src-core/ipc/renderer-assets.js';
import { AVATAR_DIR } from '../src-core/avatars/avatar-files.js';
import { systemClock } from '../src-core/runtime/clock.js';
import { describeError } from '../src-core/runtime/errors.js';
import { SecretRegistry, createLogger } from '../src-core/runtime/logger.js';
import { APP_ID, PRODUCT_NAME } from './app-identity.js';
import { createAutoStart } from './auto-start/auto-start.js';
import { StartOnBootMonitor } from './auto-start/start-on-boot-monitor.js';
import { composeDesktop } from './composition.js';
import { startDesktopApp } from './desktop-app.js';
import { parseLaunchArgs } from './launch-options.js';
import { type SecondLaunches, listenForSecondLaunches } from './lifecycle/second-instance.js';
import { createElectronLogSink } from './logging/electron-log.js';
import { electronPlatform } from './platform.js';
import { registerAppScheme } from './protocol/app-protocol.js';
import { resourcePaths } from './resources.js';
import { detectTraySupport } from './tray/tray-support.js';
import { createUpdateController } from './updates/desktop-updates.js';

/**
 * The Electron entry point (ESM). Before `ready`: the app:// scheme, the single-instance
 * lock and, at once, the listener for second launches (a second launch only brings up the
 * first one's window, even one that arrives during start-up: R40). After: logging, the
 * core, then the desktop shell. A start-up failure the user can fix (a bad endpoint
 * variable, the data folder in use by a headless run) is shown in a dialog, not buried
 * in a log.
 */
registerAppScheme(protocol);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void boot(listenForSecondLaunches(app));
}

async function boot(secondLaunches: SecondLaunches): Promise<void> {
  await app.whenReady();
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

  const dataDir = app.getPath('userData');
  const logDir = join(dataDir, LOG_DIR);
  app.setAppLogsPath(logDir);
  const secrets = new SecretRegistry();
  const logger = createLogger(createElectronLogSink({ logDir, secrets, debug: !app.isPackaged }), { secrets });
  logger.info('app.starting', `${PRODUCT_NAME} ${app.getVersion()} starting`, { dataDir, electron: process.versions.electron });

  const distribution = builtDistribution();
  const updates = createUpdateController({ feed: distribution.updates, packaged: app.isPackaged, quitApp: () => app.quit(), clock: systemClock, logger });
  const autoStart = createAutoStart({ platform: process.platform, env: process.env, execPath: process.execPath, app });
  const startOnBoot = autoStart ? new StartOnBootMonitor(autoStart, logger) : null;
  const platform = electronPlatform({ shell, autoStart: startOnBoot });
  // Before the core: its Settings offer "Start hidden in the tray" only where the tray shows.
  const traySupport = await detectTraySupport({ platform: process.platform, env: process.env });
  let composed: Awaited<ReturnType<typeof composeDesktop>>;
  try {
    composed = await composeDesktop({
      dataDir,
      logDir,
      env: process.env,
      version: app.getVersion(),
      platform,
      clock: systemClock,
      logger,
      secrets,
      builtInClientId: distribution.twitchClientId,
      updates,
      traySupport,
    });
  } catch (error) {
    logger.error('app.start_failed', 'The app could not start', { error });
    dialog.showErrorBox(`${PRODUCT_NAME} cannot start`, describeError(error));
    app.exit(1);
    return;
  }

  const paths = resourcePaths({
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    appPath: app.getAppPath(),
    mainDir: dirname(fileURLToPath(import.meta.url)),
  });
  const desktop = startDesktopApp({
    ...composed,
    assets: createRendererAssets(undefined, { avatarDir: join(dataDir, AVATAR_DIR) }),
    startOnBoot,
    traySupport,
    launch: parseLaunchArgs(process.argv),
    paths,
    logger,
    updates,
  });
  secondLaunches.deliverTo(() => desktop.bringUp());
  // A service manager or Ctrl+C in a terminal gets the same graceful quit as the menu.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
}
