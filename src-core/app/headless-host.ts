import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../runtime/clock.js';
import type { Logger, SecretRegistry } from '../runtime/logger.js';
import { createFileBackend } from '../store/file-storage.js';
import { PlainSecretBox } from '../store/plain-secret-box.js';
import { StateStore } from '../store/state-store.js';
import { loadEndpoints } from '../twitch/endpoints.js';
import { CoreApp } from './core-app.js';
import { APP_VERSION } from './app-version.js';
import { LOG_DIR } from './data-dir.js';
import { builtDistribution } from './distribution.js';
import { AVATAR_DIR } from '../avatars/avatar-files.js';

/**
 * The core as the headless process runs it: the store file in the data dir (mode 0600),
 * secrets in plain form (the desktop app's safeStorage secrets show as needing a login
 * here), and Twitch endpoints from the environment.
 */
export function openHeadlessCore(options: {
  dataDir: string;
  clock: Clock;
  logger: Logger;
  secrets: SecretRegistry;
  env?: NodeJS.ProcessEnv;
  /** For read-only commands: nothing in the data dir is created, moved or written (R38). */
  readOnly?: boolean;
}): { core: CoreApp; store: StateStore } {
  const readOnly = options.readOnly ?? false;
  if (!readOnly) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    try {
      chmodSync(options.dataDir, 0o700);
    } catch {
      // Not ours to change (e.g. a mounted volume); the file itself is still 0600.
    }
  }
  const endpoints = loadEndpoints(options.env ?? process.env);
  const store = new StateStore({ storage: createFileBackend(options.dataDir, { readOnly }), clock: options.clock, logger: options.logger, readOnly });
  const report = store.load();
  if (report.outcome === 'recovered') {
    options.logger.error('store.recovered', `${report.message}; the unreadable file was kept as ${report.movedTo}`, { operation: 'store.load' });
  } else if (report.outcome === 'damaged') {
    options.logger.warn('store.damaged', `${report.message}; it was left as it is: \`run\` or the app sets it aside and starts with empty settings`, { operation: 'store.load' });
  }
  const core = new CoreApp({
    store,
    box: new PlainSecretBox(),
    endpoints,
    clock: options.clock,
    logger: options.logger,
    secrets: options.secrets,
    version: APP_VERSION,
    paths: { dataDir: options.dataDir, logDir: join(options.dataDir, LOG_DIR) },
    startOnBootSupported: false,
    builtInClientId: builtDistribution().twitchClientId,
    avatarDir: join(options.dataDir, AVATAR_DIR),
  });
  return { core, store };
}
