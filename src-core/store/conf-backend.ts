import type Conf from 'conf';
import type { Options as ConfOptions } from 'conf';
import { join, resolve } from 'node:path';
import { describeError } from '../runtime/errors.js';
import { StorageReadError, type StoragePort } from './storage-port.js';
import {
  CONF_INTERNAL_KEY,
  STORE_FILE_MODE,
  STORE_FILE_NAME,
  deserializeStore,
  ensureDataDir,
  removeStrayTempFiles,
  serializeStore,
} from './store-file.js';

type StoreRecord = Record<string, unknown>;

/** The conf options both adapters share; each adds only how it names the file. */
export type SharedConfOptions = Required<
  Pick<
    ConfOptions<StoreRecord>,
    'cwd' | 'fileExtension' | 'configFileMode' | 'serialize' | 'deserialize' | 'accessPropertiesByDotNotation' | 'clearInvalidConfig' | 'watch'
  >
>;

/** Builds the conf (or electron-store, a conf subclass) instance for the shared options. */
export type ConfFactory = (options: SharedConfOptions) => Conf<StoreRecord>;

/**
 * The desktop app's StoragePort: electron-store (a conf subclass) for its atomic writer,
 * with everything conf would add switched off: no schema, no defaults, no migrations, no
 * `__internal__` key, no file watcher. The instance is created lazily because conf's constructor reads the
 * file and throws on a corrupt one; the state store must see that as a read error.
 */
export class ConfFileStorage implements StoragePort {
  readonly path: string;
  readonly #dataDir: string;
  readonly #factory: ConfFactory;
  #conf: Conf<StoreRecord> | undefined;
  #sawFile = false;
  #sweptLeftovers = false;

  constructor(dataDir: string, factory: ConfFactory) {
    this.#dataDir = resolve(dataDir);
    this.#factory = factory;
    this.path = join(this.#dataDir, `${STORE_FILE_NAME}.json`);
  }

  read(): unknown {
    if (!this.#sweptLeftovers) {
      // A crash in the middle of a write leaves its temp file; nothing else will remove it.
      removeStrayTempFiles(this.path);
      this.#sweptLeftovers = true;
    }
    try {
      const conf = this.#open();
      this.#sawFile = false;
      const data = conf.store;
      // conf answers a missing file with {}; only our deserializer knows a file was there.
      return this.#sawFile ? { ...data } : undefined;
    } catch (error) {
      if (error instanceof StorageReadError) throw error;
      throw new StorageReadError(this.path, 'unreadable', describeError(error), { cause: error });
    }
  }

  write(data: Readonly<StoreRecord>): void {
    try {
      // A copy: conf's setter may add keys to the object it is given. Without its bookkeeping
      // key conf reads and parses the whole file before every write, only to carry that key
      // over (a 230 KB file at 20 x 100 channels: a third of each write's CPU); given one, it
      // does not, and serializeStore leaves it out of the file.
      this.#open().store = { ...data, [CONF_INTERNAL_KEY]: {} };
    } catch (error) {
      removeStrayTempFiles(this.path);
      throw error;
    }
  }

  #open(): Conf<StoreRecord> {
    if (this.#conf) return this.#conf;
    ensureDataDir(this.#dataDir);
    this.#conf = this.#factory({
      cwd: this.#dataDir,
      fileExtension: 'json',
      configFileMode: STORE_FILE_MODE,
      serialize: serializeStore,
      deserialize: (text) => {
        this.#sawFile = true;
        return deserializeStore(this.path, text);
      },
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
      watch: false,
    });
    return this.#conf;
  }
}
