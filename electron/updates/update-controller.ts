import { UnavailableError } from '../../src-core/accounts/core-errors.js';
import { sameUpdateStatus, type UpdatesPort } from '../../src-core/app/update-status.js';
import type { UpdateStatus } from '../../src-core/ipc/snapshot.js';
import type { Clock, TimerHandle } from '../../src-core/runtime/clock.js';
import { TimeoutError, describeError } from '../../src-core/runtime/errors.js';
import type { Logger } from '../../src-core/runtime/logger.js';
import type { UpdateEngine } from './update-engine.js';
import { updateFailureText } from './update-errors.js';

/** The first check waits until start-up (logins, EventSub sessions) is over. */
export const FIRST_CHECK_DELAY_MS = 60_000;
export const CHECK_INTERVAL_MS = 6 * 60 * 60_000;
/** After a failed check or download (offline, server down), sooner than the regular interval. */
export const RETRY_AFTER_ERROR_MS = 60 * 60_000;
/** electron-updater's requests have no timeout of their own under Electron's net module. */
export const CHECK_TIMEOUT_MS = 2 * 60_000;
/** A download with no progress for this long is cancelled and tried again later. */
export const DOWNLOAD_STALL_MS = 5 * 60_000;

export interface UpdateControllerDeps {
  /** null: no engine for this run (a build without a feed, or an unpackaged run). */
  engine: UpdateEngine | null;
  /** Why there is no engine: the build has no feed, or this copy cannot replace itself. */
  without: 'unconfigured' | 'unsupported';
  /** Quits the app the usual, graceful way (the core stops first). */
  quitApp(): void;
  clock: Clock;
  logger: Logger;
}

/**
 * The desktop app's update state machine: off, idle, checking, downloading, ready, error.
 * Checks after start-up and every 6 hours, downloads in the background, and installs on
 * the next quit; it never restarts the app by itself. "Restart to update" quits
 * gracefully and installs as the process leaves (`installOnExit`, run on `will-quit`).
 * Every step is logged; the status reaches the UI and the tray through the core's snapshot.
 */
export class UpdateController implements UpdatesPort {
  readonly #deps: UpdateControllerDeps;
  readonly #log: Logger;
  readonly #listeners = new Set<() => void>();
  #status: UpdateStatus;
  #enabled = false;
  #timer: TimerHandle | undefined;
  #download: { cancel(): void } | undefined;
  /** Bumped whenever running work must be forgotten (switched off, stopped). */
  #generation = 0;
  #restartRequested = false;
  #stopped = false;

  constructor(deps: UpdateControllerDeps) {
    this.#deps = deps;
    this.#log = deps.logger.child({ component: 'updates' });
    this.#status = blank(deps.engine ? 'off' : deps.without);
  }

  current(): UpdateStatus {
    return this.#status;
  }

  subscribe(listener: () => void): () => void {
    const entry = (): void => listener();
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  /** The user's switch (settings.checkForUpdates); the first call starts the schedule. */
  setEnabled(enabled: boolean): void {
    const engine = this.#deps.engine;
    if (!engine || this.#stopped || enabled === this.#enabled) return;
    this.#enabled = enabled;
    this.#generation += 1;
    this.#timer?.cancel();
    this.#timer = undefined;
    // Switched off: a downloaded update is not forced on the user at the next quit either.
    engine.setInstallOnQuit(enabled);
    if (!enabled) {
      this.#download?.cancel();
      this.#download = undefined;
      this.#log.info('update.off', 'Update checks are off');
      this.#set(blank('off'));
      return;
    }
    this.#log.info('update.on', `Update checks are on: the first in ${FIRST_CHECK_DELAY_MS / 1000} s, then every ${CHECK_INTERVAL_MS / 3_600_000} h`);
    this.#set(blank('idle'));
    this.#schedule(FIRST_CHECK_DELAY_MS);
  }

  async checkNow(): Promise<void> {
    const state = this.#status.state;
    if (state === 'unconfigured') throw new UnavailableError('Updates are off for this build: it was built without an update feed');
    if (state === 'unsupported') throw new UnavailableError('This copy cannot update itself; install newer versions the way you installed this one');
    if (state === 'off') throw new UnavailableError('Checking for updates is switched off; switch it on first');
    if (state === 'idle' || state === 'error') void this.#check('user');
  }

  /**
   * The system woke up or the network came back: a check or download that failed (most often
   * because the machine was offline) is tried again now instead of an hour later. Nothing
   * happens in any other state, so a healthy schedule is never moved.
   */
  retryAfterReconnect(): void {
    if (!this.#enabled || this.#stopped || this.#status.state !== 'error') return;
    void this.#check('reconnect');
  }

  restartToUpdate(): void {
    if (this.#status.state !== 'ready' || this.#status.version === null) throw new UnavailableError('No update has been downloaded yet');
    this.#log.info('update.restart', `Restarting to install version ${this.#status.version}`, { version: this.#status.version });
    this.#restartRequested = true;
    this.#deps.quitApp();
  }

  /**
   * The app is leaving (Electron's `will-quit`: the core has stopped, windows are closed).
   * After "Restart to update", the installer runs now and starts the new version;
   * otherwise a downloaded update installs through electron-updater's quit handler.
   */
  installOnExit(): void {
    this.stop();
    if (!this.#restartRequested || !this.#deps.engine || this.#status.state !== 'ready') return;
    this.#restartRequested = false;
    try {
      this.#deps.engine.installAndRelaunch();
      this.#log.info('update.installing', `Installing version ${this.#status.version ?? ''}; the app starts again afterwards`);
    } catch (error) {
      this.#log.error('update.install_failed', `Could not start the installer: ${describeError(error)}`, { error });
    }
  }

  /** Stops timers and any download (quitting). A downloaded update still installs on quit. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#generation += 1;
    this.#timer?.cancel();
    this.#timer = undefined;
    if (this.#download) {
      this.#download.cancel();
      this.#download = undefined;
      this.#log.info('update.download_stopped', 'The app is quitting; the download continues at the next start');
    }
  }

  #schedule(ms: number): void {
    this.#timer?.cancel();
    this.#timer = this.#deps.clock.setTimeout(() => {
      this.#timer = undefined;
      void this.#check('schedule');
    }, ms);
  }

  async #check(trigger: 'schedule' | 'user' | 'reconnect'): Promise<void> {
    const engine = this.#deps.engine;
    if (!engine) return;
    const generation = ++this.#generation;
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#log.info('update.checking', 'Checking for a new version', { trigger });
    this.#set({ ...this.#status, state: 'checking', percent: null, error: null });
    let found: { available: boolean; version: string } | null;
    try {
      found = await this.#withTimeout(engine.check(), CHECK_TIMEOUT_MS, 'The update check');
    } catch (error) {
      if (generation === this.#generation) this.#failed('check', error);
      return;
    }
    if (generation !== this.#generation) return;
    const checkedAt = this.#deps.clock.now();
    if (found === null) {
      this.#log.info('update.unsupported', 'This copy cannot update itself (electron-updater declined: not packaged, or an install type it cannot replace)');
      this.#set({ ...blank('unsupported'), checkedAt });
      return;
    }
    if (!found.available) {
      this.#log.info('update.none', `No newer version (the feed offers ${found.version})`, { latest: found.version });
      this.#set({ ...blank('idle'), checkedAt });
      this.#schedule(CHECK_INTERVAL_MS);
      return;
    }
    this.#log.info('update.available', `Version ${found.version} is available; downloading it in the background`, { version: found.version });
    await this.#downloadVersion(engine, found.version, checkedAt, generation);
  }

  async #downloadVersion(engine: UpdateEngine, version: string, checkedAt: number, generation: number): Promise<void> {
    let stalled = false;
    let watchdog: TimerHandle | undefined;
    let lastLogged = 0;
    const download = engine.download((percent) => {
      if (generation !== this.#generation) return;
      armWatchdog();
      if (percent - lastLogged >= 25) {
        lastLogged = percent - (percent % 25);
        this.#log.info('update.progress', `Downloading version ${version}: ${Math.floor(percent)} %`, { version, percent: Math.floor(percent) });
      }
      this.#set({ ...this.#status, percent: Math.min(100, Math.max(0, percent)) });
    });
    const armWatchdog = (): void => {
      watchdog?.cancel();
      watchdog = this.#deps.clock.setTimeout(() => {
        stalled = true;
        download.cancel();
      }, DOWNLOAD_STALL_MS);
    };
    const handle = {
      cancel: () => {
        watchdog?.cancel();
        download.cancel();
      },
    };
    this.#download = handle;
    this.#set({ state: 'downloading', version, percent: 0, checkedAt, error: null });
    armWatchdog();
    try {
      await download.done;
    } catch (error) {
      if (generation === this.#generation) this.#failed('download', stalled ? new Error(`the download stalled (no data for ${DOWNLOAD_STALL_MS / 60_000} minutes)`) : error);
      return;
    } finally {
      watchdog?.cancel();
      if (this.#download === handle) this.#download = undefined;
    }
    if (generation !== this.#generation) return;
    this.#log.info('update.ready', `Version ${version} is downloaded; it installs when the app quits`, { version });
    // No more checks this run: the next quit installs it, and the next start looks again.
    this.#set({ state: 'ready', version, percent: null, checkedAt, error: null });
  }

  #failed(step: 'check' | 'download', error: unknown): void {
    const reason = updateFailureText(error);
    this.#log.warn(`update.${step}_failed`, `The update ${step} failed: ${reason}; trying again in ${RETRY_AFTER_ERROR_MS / 60_000} min, or as soon as the network comes back`, { error });
    this.#set({ ...this.#status, state: 'error', percent: null, error: reason });
    this.#schedule(RETRY_AFTER_ERROR_MS);
  }

  /** A check that never answers is given up (electron-updater keeps its promise; the next check shares it). */
  #withTimeout<T>(work: Promise<T>, ms: number, operation: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = this.#deps.clock.setTimeout(() => reject(new TimeoutError(operation, ms)), ms);
      work.then(
        (value) => {
          timer.cancel();
          resolve(value);
        },
        (error: unknown) => {
          timer.cancel();
          reject(error);
        },
      );
    });
  }

  #set(next: UpdateStatus): void {
    if (sameUpdateStatus(this.#status, next)) return;
    this.#status = next;
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch (error) {
        this.#log.error('listener.failed', 'An update status listener threw; the others still ran', { error });
      }
    }
  }
}

function blank(state: UpdateStatus['state']): UpdateStatus {
  return { state, version: null, percent: null, checkedAt: null, error: null };
}
