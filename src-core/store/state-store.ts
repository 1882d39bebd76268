import { existsSync } from 'node:fs';
import type { Clock, TimerHandle } from '../runtime/clock.js';
import { Backoff, type BackoffOptions } from '../runtime/backoff.js';
import { describeError } from '../runtime/errors.js';
import type { Logger } from '../runtime/logger.js';
import { deepFreeze, type DeepReadonly } from './deep-freeze.js';
import { InvalidStoreError, UnsupportedStoreVersionError, migrateStore, type StoreVersion } from './migrations.js';
import { STORE_VERSION, accountSchema, defaultState, persistedStateSchema, type PersistedAccount, type PersistedState } from './schema.js';
import { StorageReadError, type StoragePort } from './storage-port.js';
import { keepVersionCopy, moveAside, versionCopyPath } from './store-file.js';
import { StoreReadOnlyError, StoreStoppedError, StoreUnavailableError, StoreWriteError } from './store-errors.js';

/**
 * The one owner of persisted state in memory. Callers read immutable snapshots and change
 * state through `update`; writes are serialized (one in flight), coalesced (a burst is one
 * write), retried with backoff when they fail (R11), and flushed on stop. No update made
 * while a write is in flight is lost: the loop writes again until the file holds the
 * newest version (R02). Snapshots carry sealed secrets: they are for the core only; UIs
 * get `toPublicState` (public-state.ts).
 */
export type Snapshot = DeepReadonly<PersistedState>;

export type LoadReport =
  | { outcome: 'new'; path: string }
  | { outcome: 'loaded'; path: string; migratedFrom?: StoreVersion }
  | { outcome: 'recovered'; path: string; problem: 'corrupt' | 'unreadable' | 'invalid'; message: string; movedTo: string }
  /** Read-only: the file could not be used and was left exactly as it is (the state is empty). */
  | { outcome: 'damaged'; path: string; problem: 'corrupt' | 'unreadable' | 'invalid'; message: string };

export interface WriteStatus {
  phase: 'idle' | 'scheduled' | 'writing' | 'retrying' | 'stopped';
  /** Failed writes in a row; 0 after a success. */
  failures: number;
  /** The last failed write, until a write succeeds again. */
  lastError?: { code?: string; message: string };
  nextRetryAt?: number;
  lastSavedAt?: number;
}

export interface StateStoreOptions {
  storage: StoragePort;
  clock: Clock;
  logger: Logger;
  /** How long updates gather before one write. */
  coalesceMs?: number;
  backoff?: BackoffOptions;
  /** Ids for accounts a migration has to create. */
  newId?: () => string;
  /**
   * For read-only commands (`status`): the file is read and never moved, migrated on disk or
   * written (R38); `update` throws StoreReadOnlyError. A damaged file is reported, not recovered.
   */
  readOnly?: boolean;
}

export const DEFAULT_COALESCE_MS = 200;

type Waiter = { version: number; resolve: () => void; reject: (error: unknown) => void };

export class StateStore {
  readonly #storage: StoragePort;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #coalesceMs: number;
  readonly #backoff: Backoff;
  readonly #newId: (() => string) | undefined;
  readonly #readOnly: boolean;
  readonly #changeListeners = new Set<(state: Snapshot) => void>();
  readonly #statusListeners = new Set<(status: WriteStatus) => void>();
  #state: Snapshot | undefined;
  #loadReport: LoadReport | undefined;
  #version = 0;
  #savedVersion = 0;
  #timer: TimerHandle | undefined;
  #writing = false;
  #loop: Promise<boolean> | undefined;
  #waiters: Waiter[] = [];
  #status: WriteStatus = { phase: 'idle', failures: 0 };
  #stopping: Promise<void> | undefined;

  constructor(options: StateStoreOptions) {
    this.#storage = options.storage;
    this.#clock = options.clock;
    this.#logger = options.logger.child({ component: 'store' });
    this.#coalesceMs = options.coalesceMs ?? DEFAULT_COALESCE_MS;
    this.#backoff = new Backoff(options.backoff);
    this.#newId = options.newId;
    this.#readOnly = options.readOnly ?? false;
  }

  get path(): string {
    return this.#storage.path;
  }

  /** Set by `load`; a `recovered` report must be shown to the user. */
  get loadReport(): LoadReport | undefined {
    return this.#loadReport;
  }

  get status(): WriteStatus {
    return this.#status;
  }

  /**
   * Reads, validates and migrates the file. A corrupt or invalid file is moved aside and
   * the store starts empty; the report says so. Throws UnsupportedStoreVersionError (file
   * left untouched) or StoreUnavailableError.
   */
  load(): LoadReport {
    if (this.#state) throw new Error('StateStore.load() was called twice');
    const path = this.#storage.path;
    let raw: unknown;
    try {
      raw = this.#storage.read();
    } catch (error) {
      if (!(error instanceof StorageReadError)) throw error;
      return this.#recover(error.problem, error.message);
    }
    if (raw === undefined) {
      this.#state = deepFreeze(defaultState());
      return (this.#loadReport = { outcome: 'new', path });
    }
    let result: ReturnType<typeof migrateStore>;
    try {
      result = migrateStore(raw, { now: this.#clock.now(), ...(this.#newId ? { newId: this.#newId } : {}) });
    } catch (error) {
      if (error instanceof UnsupportedStoreVersionError) throw this.#newerFile(error);
      if (!(error instanceof InvalidStoreError)) throw error;
      return this.#recover('invalid', `The settings file ${path} could not be used: ${error.message}`);
    }
    this.#state = deepFreeze(result.state);
    if (!result.migrated) return (this.#loadReport = { outcome: 'loaded', path });
    // Read-only: the upgraded state serves the reader; the file keeps its old format.
    if (this.#readOnly) return (this.#loadReport = { outcome: 'loaded', path, migratedFrom: result.from });
    if (typeof result.from === 'number') this.#keepOlderCopy(result.from);
    this.#logger.info('store.migrated', 'Settings file upgraded to the current format', { from: result.from });
    this.#version += 1;
    this.#schedule();
    return (this.#loadReport = { outcome: 'loaded', path, migratedFrom: result.from });
  }

  get(): Snapshot {
    if (!this.#state) throw new Error('StateStore.load() must run before the state is read');
    return this.#state;
  }

  /**
   * Applies `mutator` to a copy of the state, validates the result and schedules a write.
   * A mutator that throws, or leaves an invalid state, changes nothing.
   */
  update(mutator: (draft: PersistedState) => void): Snapshot {
    if (this.#stopping) throw new StoreStoppedError();
    if (this.#readOnly) throw new StoreReadOnlyError();
    const draft = structuredClone(this.get()) as PersistedState;
    mutator(draft);
    return this.#commit(deepFreeze(persistedStateSchema.parse(draft)));
  }

  /**
   * `update` for one account: only that account is copied and validated, and every other
   * part of the state stays the same frozen object, so listeners can tell what changed by
   * identity. The common case (a new color, a rotated token) costs one account, not the
   * whole store. Returns undefined, changing nothing, when the account is gone.
   */
  updateAccount(accountId: string, mutator: (draft: PersistedAccount) => void): Snapshot | undefined {
    if (this.#stopping) throw new StoreStoppedError();
    if (this.#readOnly) throw new StoreReadOnlyError();
    const current = this.get();
    const index = current.accounts.findIndex((a) => a.id === accountId);
    if (index < 0) return undefined;
    const draft = structuredClone(current.accounts[index]) as PersistedAccount;
    mutator(draft);
    const accounts = [...current.accounts];
    accounts[index] = deepFreeze(accountSchema.parse(draft));
    return this.#commit(deepFreeze({ ...current, accounts }) as Snapshot);
  }

  #commit(next: Snapshot): Snapshot {
    this.#state = next;
    this.#version += 1;
    this.#schedule();
    this.#emit(this.#changeListeners, next);
    return next;
  }

  /**
   * Like `update`, and resolves only once the change is on disk; rejects with
   * StoreWriteError if that write fails (the change is kept and retried). For rotated
   * refresh tokens, which must be saved before they are relied on (R32).
   */
  async persistNow(mutator?: (draft: PersistedState) => void): Promise<Snapshot> {
    const snapshot = mutator ? this.update(mutator) : this.get();
    await this.flush();
    return snapshot;
  }

  /** Writes pending changes now; resolves when everything updated so far is on disk. */
  flush(): Promise<void> {
    if (this.#savedVersion >= this.#version) return Promise.resolve();
    // Stopping makes the last attempt itself and rejects if it fails.
    if (this.#stopping) return this.#stopping;
    const done = new Promise<void>((resolve, reject) => this.#waiters.push({ version: this.#version, resolve, reject }));
    this.#cancelTimer();
    void this.#startLoop();
    return done;
  }

  /** Listeners run in order, with the new snapshot; one that throws is logged and isolated (R12). */
  subscribe(listener: (state: Snapshot) => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  onStatus(listener: (status: WriteStatus) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /**
   * Stops timers and writes what is pending, once. Rejects with StoreWriteError when that
   * last write fails. No timer is left behind either way.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    this.#cancelTimer();
    await this.#loop;
    if (this.#savedVersion < this.#version) await this.#startLoop();
    const unsaved = this.#savedVersion < this.#version;
    const lastError = this.#status.lastError;
    this.#setStatus({ ...this.#status, phase: 'stopped', nextRetryAt: undefined });
    this.#changeListeners.clear();
    this.#statusListeners.clear();
    if (unsaved) {
      throw new StoreWriteError(this.#storage.path, lastError?.code, new Error(lastError?.message ?? 'unknown error'), false);
    }
  }

  /** The way back to the version that wrote the file (it refuses the upgraded one, untouched). */
  #keepOlderCopy(version: number): void {
    try {
      const copy = keepVersionCopy(this.#storage.path, version);
      this.#logger.info('store.version_copy', `The settings as format version ${version} left them are kept as ${copy}`, { version });
    } catch (error) {
      this.#logger.warn('store.version_copy_failed', `Keeping a copy of the version ${version} settings failed: ${describeError(error)}`, { version });
    }
  }

  /** A newer app's file: refused and left alone, naming the copy it kept of ours, if there is one. */
  #newerFile(error: UnsupportedStoreVersionError): UnsupportedStoreVersionError {
    const copy = versionCopyPath(this.#storage.path, STORE_VERSION);
    return existsSync(copy) ? new UnsupportedStoreVersionError(error.version, copy) : error;
  }

  #recover(problem: 'corrupt' | 'unreadable' | 'invalid', message: string): LoadReport {
    const path = this.#storage.path;
    if (this.#readOnly) {
      this.#state = deepFreeze(defaultState());
      return (this.#loadReport = { outcome: 'damaged', path, problem, message });
    }
    let movedTo: string;
    try {
      movedTo = moveAside(path, this.#clock.now());
    } catch (error) {
      throw new StoreUnavailableError(path, message, error);
    }
    this.#logger.error('store.recovered', `${message}. It was moved to ${movedTo} and the app starts with empty settings`, {
      problem,
      movedTo,
    });
    this.#state = deepFreeze(defaultState());
    return (this.#loadReport = { outcome: 'recovered', path, problem, message, movedTo });
  }

  #schedule(): void {
    // A running loop picks the new version up; a pending retry keeps its backoff.
    if (this.#writing || this.#timer || this.#stopping) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      void this.#startLoop();
    }, this.#coalesceMs);
    this.#setStatus({ ...this.#status, phase: 'scheduled' });
  }

  #startLoop(): Promise<boolean> {
    if (!this.#writing) this.#loop = this.#writeLoop();
    return this.#loop ?? Promise.resolve(true);
  }

  async #writeLoop(): Promise<boolean> {
    this.#writing = true;
    try {
      while (this.#savedVersion < this.#version) {
        const version = this.#version;
        this.#setStatus({ ...this.#status, phase: 'writing', nextRetryAt: undefined });
        try {
          await this.#storage.write(this.get());
        } catch (error) {
          this.#failed(error);
          return false;
        }
        this.#savedVersion = version;
        this.#succeeded();
      }
      return true;
    } finally {
      // Same tick as the loop's last check: an update cannot slip between the two (R02).
      this.#writing = false;
    }
  }

  #succeeded(): void {
    this.#backoff.reset();
    if (this.#status.lastError) {
      this.#logger.info('store.write_recovered', 'Settings saved again after failed writes', { path: this.#storage.path });
    }
    const saved = this.#savedVersion;
    const waiting = this.#waiters;
    this.#waiters = waiting.filter((waiter) => waiter.version > saved);
    for (const waiter of waiting) if (waiter.version <= saved) waiter.resolve();
    this.#setStatus({ phase: saved < this.#version ? 'writing' : 'idle', failures: 0, lastSavedAt: this.#clock.now() });
  }

  #failed(error: unknown): void {
    const path = this.#storage.path;
    const fsCode = errorCode(error);
    const failure = new StoreWriteError(path, fsCode, error, !this.#stopping);
    const waiting = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiting) waiter.reject(failure);
    let nextRetryAt: number | undefined;
    if (!this.#stopping) {
      const delay = this.#backoff.next();
      nextRetryAt = this.#clock.now() + delay;
      this.#timer = this.#clock.setTimeout(() => {
        this.#timer = undefined;
        void this.#startLoop();
      }, delay);
    }
    const failures = this.#status.failures + 1;
    this.#logger.error('store.write_failed', failure.message, { path, code: fsCode, failures, nextRetryAt });
    this.#setStatus({
      ...this.#status,
      phase: this.#stopping ? 'stopped' : 'retrying',
      failures,
      lastError: { ...(fsCode ? { code: fsCode } : {}), message: describeError(error) },
      nextRetryAt,
    });
  }

  #cancelTimer(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  #setStatus(status: WriteStatus): void {
    this.#status = status;
    this.#emit(this.#statusListeners, status);
  }

  #emit<T>(listeners: Set<(value: T) => void>, value: T): void {
    for (const listener of [...listeners]) {
      try {
        listener(value);
      } catch (error) {
        this.#logger.error('store.listener_failed', `A store listener threw: ${describeError(error)}`, { error });
      }
    }
  }
}

function errorCode(error: unknown): string | undefined {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}
