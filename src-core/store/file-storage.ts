import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { describeError } from '../runtime/errors.js';
import { StorageReadError, type StoragePort } from './storage-port.js';
import { STORE_FILE_MODE, STORE_FILE_NAME, deserializeStore, ensureDataDir, removeStrayTempFiles, serializeStore } from './store-file.js';

/**
 * The headless adapter: `<dataDir>/config.json`, replaced atomically (temp file in the
 * same folder, fsync, rename, fsync of the folder). Writes are asynchronous: one write of
 * the 230 KB file of 20 x 100 channels with its two fsyncs took 2.3 ms here and takes tens
 * of ms on a Raspberry Pi's SD card, time in which the event loop would not see the user's
 * own messages. The state store serializes writes and awaits each one (R02, R32). The same file, format and temp-file
 * naming as the desktop app's electron-store adapter (conf-backend.ts), so either reads
 * what the other wrote. The headless process used to go through `conf` for this, with
 * everything conf adds switched off; conf still loaded its JSON-schema validator and a
 * dozen helper packages to do it (~2 MB of RSS and ~35 ms of start-up in the bundled CLI).
 */
export class AtomicFileStorage implements StoragePort {
  readonly path: string;
  readonly #dataDir: string;
  #sweptLeftovers = false;

  constructor(dataDir: string) {
    this.#dataDir = resolve(dataDir);
    this.path = join(this.#dataDir, `${STORE_FILE_NAME}.json`);
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

  async write(data: Readonly<Record<string, unknown>>): Promise<void> {
    // The text first, in the same tick: later changes to the state go into the next write.
    const text = serializeStore(data);
    ensureDataDir(this.#dataDir);
    const temp = `${this.path}.tmp-${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
    let handle: FileHandle | undefined;
    try {
      // Created 0600 from the start: the tokens are never readable by others, not even briefly.
      handle = await open(temp, 'wx', STORE_FILE_MODE);
      await handle.writeFile(text);
      await handle.sync();
      await handle.close();
      handle = undefined;
      await rename(temp, this.path);
    } catch (error) {
      await handle?.close().catch(() => {});
      // Never created, or already renamed: nothing to remove then.
      await unlink(temp).catch(() => {});
      throw error;
    }
    await syncFolder(dirname(this.path));
  }
}

/**
 * Makes the rename itself durable: without it a power cut right after a write can bring
 * the old file back. POSIX only; Windows cannot open a folder for this and does not need it.
 */
async function syncFolder(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a folder; the file itself is complete either way.
  } finally {
    await handle?.close().catch(() => {});
  }
}

/** The headless adapter for a data folder. */
export function createFileBackend(dataDir: string): StoragePort {
  return new AtomicFileStorage(dataDir);
}
