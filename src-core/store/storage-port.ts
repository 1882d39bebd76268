import { ColorChangerError } from '../runtime/errors.js';

/**
 * The store's view of its file: one JSON object, read whole and replaced whole. Two
 * adapters implement it on the same config.json format: electron-store in the app
 * (electron/store/, through conf-backend.ts) and our own atomic writer headless
 * (file-storage.ts).
 */
export interface StoragePort {
  /** Absolute path of the file, for messages and for moving a bad file aside. */
  readonly path: string;
  /** The file's JSON object, or undefined when there is no file. Throws StorageReadError. */
  read(): unknown;
  /**
   * Replaces the file atomically (temp file + rename) with mode 0600. On failure it throws
   * the fs error, the previous file is intact and no temp file is left behind (R11, R23).
   */
  write(data: Readonly<Record<string, unknown>>): void | Promise<void>;
}

export type StorageReadProblem = 'corrupt' | 'unreadable';

/** The file exists but could not be read (`unreadable`) or is not a JSON object (`corrupt`). */
export class StorageReadError extends ColorChangerError {
  readonly code = 'store_unreadable';
  constructor(
    readonly path: string,
    readonly problem: StorageReadProblem,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      problem === 'corrupt'
        ? `The settings file ${path} is damaged (${detail})`
        : `The settings file ${path} cannot be read (${detail}); check its permissions`,
      options,
    );
  }
}
