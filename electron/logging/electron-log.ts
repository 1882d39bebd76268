import { join } from 'node:path';
import log from 'electron-log/node.js';
import type { LogSink, SecretRegistry } from '../../src-core/runtime/logger.js';
import { electronLogSink, redactionHook } from './log-sink.js';

/**
 * The app's electron-log, writing to `<dataDir>/logs/main.log` and the console. Its Node
 * flavour is used on purpose: the Electron flavour registers its own `ipcMain` handlers for
 * renderer logging, and IPC in this app goes through electron/ipc/register.ts only.
 */
export const LOG_FILE = 'main.log';
const MAX_LOG_BYTES = 5 * 1024 * 1024;

export function createElectronLogSink(options: { logDir: string; secrets: SecretRegistry; debug?: boolean; catchErrors?: boolean }): LogSink {
  log.transports.file.resolvePathFn = () => join(options.logDir, LOG_FILE);
  log.transports.file.maxSize = MAX_LOG_BYTES;
  log.transports.file.level = options.debug ? 'debug' : 'info';
  log.transports.console.level = options.debug ? 'debug' : 'info';
  log.hooks.push(redactionHook(options.secrets));
  // Uncaught errors reach the same file, through the same redaction hook; no dialog.
  if (options.catchErrors !== false) log.errorHandler.startCatching({ showDialog: false });
  return electronLogSink(log);
}
