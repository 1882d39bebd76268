import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describeError } from '../runtime/errors.js';
import { StorageReadError, type StoragePort } from './storage-port.js';
import { StoreReadOnlyError } from './store-errors.js';
import { STORE_FILE_MODE, STORE_FILE_NAME, deserializeStore, ensureDataDir, removeStrayTempFiles, serializeStore } from './store-file.js';

/**
 * The headless adapter: `<dataDir>/config.json`, replaced atomically (temp file in the
 * same folder, fsync, rename, fsync of the folder). The same file, format and temp-file
 * naming as the desktop app's electron-store adapter (conf-backend.ts), so either reads
 * what the other wrote. The headless process used to go through `conf` for this, with
 * everything conf adds switched off; conf still loaded its JSON-schema validator and a
 * dozen helper packages to do it (~2 MB of RSS and ~35 ms of start-up in the bundled CLI).
 */
export class AtomicFileStorage implements StoragePort {
  readonly path: string;
  readonly #dataDir: string;
  readonly #readOnly: boolean;
  #sweptLeftovers = false;
  #folderReady = false;

  /** `readOnly`: for read-only commands, which must not even sweep a crash's temp files (R38). */
  constructor(dataDir: string, options: { readOnly?: boolean } = {}) {
    this.#dataDir = resolve(dataDir);
    this.path = join(this.#dataDir, `${STORE_FILE_NAME}.json`);
    this.#readOnly = options.readOnly ?? false;
    this.#sweptLeftovers = this.#readOnly;
  }

  read(): unknown {
    if (!this.#sweptLeftovers) {
      // A crash in the middle of a write leaves its temp file; nothing else will remove it.
      removeStrayTempFiles(this.path);
      this.#sweptLeftovers = true;
    }
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new StorageReadError(this.path, 'unreadable', describeError(error), { cause: error });
    }
    return deserializeStore(this.path, text);
  }

  write(data: Readonly<Record<string, unknown>>): void {
    if (this.#readOnly) throw new StoreReadOnlyError();
    if (!this.#folderReady) {
      ensureDataDir(this.#dataDir);
      this.#folderReady = true;
    }
    const temp = `${this.path}.tmp-${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
    let fd: number | undefined;
    try {
      // Created 0600 from the start: the tokens are never readable by others, not even briefly.
      fd = openSync(temp, 'wx', STORE_FILE_MODE);
      writeFileSync(fd, serializeStore(data));
      fsyncSync(fd);
      closeSync(fd);
      fd = undefined;
      renameSync(temp, this.path);
    } catch (error) {
      if (fd !== undefined) closeSync(fd);
      try {
        unlinkSync(temp);
      } catch {
        // Never created, or already renamed.
      }
      throw error;
    }
    syncFolder(dirname(this.path));
  }
}

/**
 * Makes the rename itself durable: without it a power cut right after a write can bring
 * the old file back. POSIX only; Windows cannot open a folder for this and does not need it.
 */
function syncFolder(dir: string): void {
  if (process.platform === 'win32') return;
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a folder; the file itself is complete either way.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The headless adapter for a data folder. */
export function createFileBackend(dataDir: string, options: { readOnly?: boolean } = {}): StoragePort {
  return new AtomicFileStorage(dataDir, options);
}
