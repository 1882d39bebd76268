import { ControlClient, serveControlConnection, SUBSCRIBE_COMMAND } from '../app/control-channel.js';
import { acquireInstanceLock, controlSocketPath, DataDirInUseError, type InstanceLock } from '../app/instance-lock.js';
import { UnavailableError } from '../accounts/core-errors.js';
import type { CommandName, CommandRequest, CommandResponse } from '../ipc/contract.js';
import { createIpcHandlers, type IpcHandlers } from '../ipc/handlers.js';
import type { Result } from '../ipc/result.js';
import { systemClock } from '../runtime/clock.js';
import { ColorChangerError } from '../runtime/errors.js';
import type { Logger, SecretRegistry } from '../runtime/logger.js';
import type { CoreApp } from '../app/core-app.js';
import type { StateStore } from '../store/state-store.js';
import { PlainSecretBox } from '../store/plain-secret-box.js';
import type { SecretBox } from '../store/secret-box.js';

/** A command failed with the contract's error; the message is for the user (exit code 1). */
export class CommandFailedError extends ColorChangerError {
  readonly code = 'command_failed';
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Access to a data dir for one CLI command. When `run` (or the desktop app) owns the dir,
 * requests go to it over its control socket, so nothing is lost or overwritten. Otherwise
 * the command takes the dir's lock itself (so no `run` can start meanwhile) and serves the
 * same contract with a core that is not started: it edits the store only.
 */
export interface DataDirSession {
  readonly mode: 'running' | 'offline';
  request<N extends CommandName>(command: N, payload: CommandRequest<N>): Promise<CommandResponse<N>>;
  onEvent(listener: (event: string, payload: unknown) => void): Promise<void>;
  /** Offline only: a confidential app's secret goes straight into the store, never over IPC. */
  storeClientSecret?(accountId: string, secret: string): Promise<void>;
  close(): Promise<void>;
}

export const headlessPlatform = {
  async openExternal(): Promise<void> {
    throw new UnavailableError('Open the activation address shown in your browser');
  },
  async openPath(): Promise<void> {
    throw new UnavailableError('Opening folders is not available in the headless mode');
  },
};

const BUSY_MESSAGE = 'Another twitch-colorchanger command is working on this data dir; try again in a moment';
const busyHandlers = {
  dispatch: async (): Promise<Result<unknown>> => ({ ok: false, error: { code: 'conflict', message: BUSY_MESSAGE } }),
  forwardEvents: () => () => {},
};

export async function openDataDirSession(options: { dataDir: string; logger: Logger; secrets: SecretRegistry }): Promise<DataDirSession> {
  let lock: InstanceLock | undefined;
  try {
    // Another command arriving while this one holds the dir is told why, not just cut off.
    lock = await acquireInstanceLock(options.dataDir, (socket) => serveControlConnection(socket, busyHandlers, options.logger));
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    return runningSession(await ControlClient.connect(controlSocketPath(options.dataDir)));
  }
  try {
    // Loaded only when nothing runs: the core's libraries (undici, ws, conf) are most of a
    // command's start-up time, and a command served by the running process needs none of them.
    const { openHeadlessCore } = await import('../app/headless-host.js');
    const { core, store } = openHeadlessCore({ dataDir: options.dataDir, clock: systemClock, logger: options.logger, secrets: options.secrets });
    const handlers = createIpcHandlers({ core, platform: headlessPlatform, logger: options.logger, secrets: options.secrets });
    return offlineSession(core, store, handlers, lock, new PlainSecretBox());
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/**
 * A session for read-only commands (`status`, `accounts list`), R38: the running process is
 * asked when one answers on the control socket; otherwise the store file is read as it is,
 * without taking the lock. Nothing in the data dir is created, moved, swept or rewritten,
 * not even a stale socket or a damaged settings file (those are left to `run` and the app).
 */
export async function openReadOnlySession(options: { dataDir: string; logger: Logger; secrets: SecretRegistry }): Promise<DataDirSession> {
  try {
    return runningSession(await ControlClient.connect(controlSocketPath(options.dataDir)));
  } catch (error) {
    // No socket, a stale one, or not a socket at all: nothing runs there.
    if (!['ENOENT', 'ECONNREFUSED', 'ENOTSOCK', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
  const { openHeadlessCore } = await import('../app/headless-host.js');
  const { core, store } = openHeadlessCore({ dataDir: options.dataDir, clock: systemClock, logger: options.logger, secrets: options.secrets, readOnly: true });
  const handlers = createIpcHandlers({ core, platform: headlessPlatform, logger: options.logger, secrets: options.secrets });
  return offlineSession(core, store, handlers, undefined, new PlainSecretBox());
}

function unwrap<T>(result: Result<unknown>): T {
  if (!result.ok) throw new CommandFailedError(result.error.code, result.error.message);
  return result.data as T;
}

function runningSession(client: ControlClient): DataDirSession {
  return {
    mode: 'running',
    async request(command, payload) {
      return unwrap(await client.request(command, payload));
    },
    async onEvent(listener) {
      client.onEvent(listener);
      unwrap(await client.request(SUBSCRIBE_COMMAND, {}));
    },
    async close() {
      client.close();
    },
  };
}

function offlineSession(core: CoreApp, store: StateStore, handlers: IpcHandlers, lock: InstanceLock | undefined, box: SecretBox): DataDirSession {
  const unsubscribers: Array<() => void> = [];
  return {
    mode: 'offline',
    async request(command, payload) {
      return unwrap(await handlers.dispatch(command, payload));
    },
    async onEvent(listener) {
      unsubscribers.push(handlers.forwardEvents((event, payload) => listener(event, payload)));
    },
    async storeClientSecret(accountId, secret) {
      const sealed = await box.seal(secret);
      await store.persistNow((draft) => {
        const account = draft.accounts.find((a) => a.id === accountId);
        if (account) account.clientSecret = sealed;
      });
    },
    async close() {
      unsubscribers.forEach((u) => u());
      await core.stop({ restoreHome: false });
      await store.stop();
      await lock?.release();
    },
  };
}
