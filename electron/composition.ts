import { join } from 'node:path';
import { AVATAR_DIR } from '../src-core/avatars/avatar-files.js';
import { CoreApp } from '../src-core/app/core-app.js';
import { serveControlConnection } from '../src-core/app/control-channel.js';
import { acquireInstanceLock } from '../src-core/app/instance-lock.js';
import type { UpdatesPort } from '../src-core/app/update-status.js';
import type { PlatformPort } from '../src-core/ipc/core-port.js';
import { type IpcHandlers, createIpcHandlers } from '../src-core/ipc/handlers.js';
import type { Clock } from '../src-core/runtime/clock.js';
import type { Logger, SecretRegistry } from '../src-core/runtime/logger.js';
import { StateStore } from '../src-core/store/state-store.js';
import { loadEndpoints } from '../src-core/twitch/endpoints.js';
import type { DesktopComposition } from './desktop-core.js';
import { createAppSecretBox } from './secrets/safe-storage-box.js';
import { createElectronStoreBackend } from './store/electron-store-backend.js';
import { type TraySupport, canStartHidden } from './tray/tray-support.js';

export interface CompositionInput {
  dataDir: string;
  logDir: string;
  env: NodeJS.ProcessEnv;
  version: string;
  platform: PlatformPort;
  clock: Clock;
  logger: Logger;
  secrets: SecretRegistry;
  /** The client ID this build carries (src-core/app/distribution.ts), if any. */
  builtInClientId?: string | null;
  /** The app's own updater, shown in every snapshot. */
  updates?: UpdatesPort;
  /** What detectTraySupport found: Settings offers starting hidden only where the tray shows. */
  traySupport: TraySupport;
}

/**
 * The composition root of the desktop app: the core on electron-store (mode 0600) and a
 * safeStorage secret box, Twitch endpoints from the environment, the IPC handlers, and the
 * data-dir lock shared with the headless mode (so the app and a headless `run` never work
 * on one data folder at once; `status` and friends reach the app through that lock's
 * control socket). Throws EndpointConfigError or DataDirInUseError with a message for the
 * user; main shows it and exits.
 */
export async function composeDesktop(input: CompositionInput): Promise<DesktopComposition> {
  const { logger } = input;
  const endpoints = loadEndpoints(input.env);
  // The lock comes first (before the store is read); its channel serves once the core is up.
  const late: { handlers?: IpcHandlers } = {};
  const lock = await acquireInstanceLock(input.dataDir, (socket) => {
    if (late.handlers) serveControlConnection(socket, late.handlers, logger.child({ component: 'control' }));
    else socket.destroy();
  });

  const store = new StateStore({ storage: createElectronStoreBackend(input.dataDir), clock: input.clock, logger });
  const loaded = store.load();
  if (loaded.outcome === 'recovered') {
    logger.warn('store.recovered', `The data file was unreadable and was moved to ${loaded.movedTo}; starting fresh`, { problem: loaded.problem });
  }
  const { box, protection, reason, backend } = await createAppSecretBox();
  logger.info('app.secrets', `Logins at rest: ${reason}`, { protection, backend });

  const app = new CoreApp({
    store,
    box,
    endpoints,
    clock: input.clock,
    logger,
    secrets: input.secrets,
    version: input.version,
    paths: { dataDir: input.dataDir, logDir: input.logDir },
    startOnBootSupported: input.platform.autoStart !== undefined,
    builtInClientId: input.builtInClientId ?? null,
    ...(input.updates ? { updates: input.updates } : {}),
    ...(input.platform.autoStart ? { startOnBoot: input.platform.autoStart } : {}),
    startHiddenSupported: canStartHidden(input.traySupport),
    avatarDir: join(input.dataDir, AVATAR_DIR),
  });
  const handlers = createIpcHandlers({ core: app, platform: input.platform, logger, secrets: input.secrets });
  late.handlers = handlers;
  app.start();

  const shutdown = async (): Promise<void> => {
    try {
      await app.stop();
      await store.stop();
    } finally {
      await lock.release();
    }
  };
  return { core: app, handlers, shutdown, flushStore: () => store.flush() };
}
