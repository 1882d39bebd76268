import { chmodSync, copyFileSync, mkdirSync, readdirSync, renameSync, existsSync, unlinkSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { describeError } from '../runtime/errors.js';
import { StorageReadError } from './storage-port.js';

/**
 * What both storage adapters share, so electron-store and conf write byte-identical
 * config.json files and clean up after themselves the same way.
 */
export const STORE_FILE_NAME = 'config';
export const STORE_FILE_MODE = 0o600;
export const STORE_DIR_MODE = 0o700;

/** conf keeps its bookkeeping under this key; our files never carry it. */
export const CONF_INTERNAL_KEY = '__internal__';

/** The file's text: our state, without conf's bookkeeping key (see ConfFileStorage.write). */
export function serializeStore(value: unknown): string {
  if (value !== null && typeof value === 'object' && CONF_INTERNAL_KEY in value) {
    const { [CONF_INTERNAL_KEY]: _internal, ...rest } = value as Record<string, unknown>;
    return `${JSON.stringify(rest, undefined, 2)}\n`;
  }
  return `${JSON.stringify(value, undefined, 2)}\n`;
}

/**
 * Parses the file's text for conf/electron-store. Throws StorageReadError('corrupt') for
 * anything but a JSON object, because conf would silently turn `null` or `"text"` into `{}`.
 */
export function deserializeStore(path: string, text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StorageReadError(path, 'corrupt', `not valid JSON: ${describeError(error)}`, { cause: error });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new StorageReadError(path, 'corrupt', 'the top level is not a JSON object');
  }
  // Dropping the key here also stops conf's setter from copying it into the next write.
  const { [CONF_INTERNAL_KEY]: _internal, ...rest } = parsed as Record<string, unknown>;
  return rest;
}

/** Creates the data folder readable only by the user (conf alone would use the umask). */
export function ensureDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: STORE_DIR_MODE });
}

/**
 * Removes temp files of atomic writes to `path` (`<file>.tmp-<digits+hex>`, the naming of
 * conf's writer). conf's writer removes its temp file asynchronously after a failure, and a
 * crash mid-write leaves one behind; we remove them synchronously so none survive (R23).
 * Returns the names removed.
 */
export function removeStrayTempFiles(path: string): string[] {
  const dir = dirname(path);
  const prefix = `${basename(path)}.tmp-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    try {
      unlinkSync(join(dir, name));
      removed.push(name);
    } catch {
      // Gone already (the writer's own cleanup won the race) or not ours to remove.
    }
  }
  return removed;
}

/**
 * Moves a bad store file aside as `<name>.corrupt-<timestamp><ext>` beside it, never
 * replacing an existing file. Returns the new path; throws the fs error if it cannot.
 */
export function moveAside(path: string, now: number): string {
  const ext = extname(path);
  const stem = join(dirname(path), basename(path, ext));
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  for (let n = 0; ; n += 1) {
    const target = `${stem}.corrupt-${stamp}${n === 0 ? '' : `-${n}`}${ext}`;
    if (existsSync(target)) continue;
    renameSync(path, target);
    return target;
  }
}

/** `<dir>/config.v<N>.json`: the settings as format version N left them before a newer app upgraded them. */
export function versionCopyPath(path: string, version: number): string {
  const ext = extname(path);
  return join(dirname(path), `${basename(path, ext)}.v${version}${ext}`);
}

/**
 * Keeps the file as it is now beside it, before it is rewritten in a newer format: an older
 * app refuses the upgraded file (and says where this copy is), so going back loses nothing.
 * The newest copy of each version wins. Returns its path; throws the fs error if it cannot.
 */
export function keepVersionCopy(path: string, version: number): string {
  const target = versionCopyPath(path, version);
  copyFileSync(path, target);
  chmodSync(target, STORE_FILE_MODE);
  return target;
}
