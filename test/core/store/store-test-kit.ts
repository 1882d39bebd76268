import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { MemoryLogSink, createLogger, type Logger } from '../../../src-core/runtime/logger.js';
import type { StoragePort } from '../../../src-core/store/storage-port.js';

/** Shared helpers for the store suites (core and electron). */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh data folder, removed after the test. */
export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ccd-store-'));
  dirs.push(dir);
  return dir;
}

export function memoryLogger(): { logger: Logger; sink: MemoryLogSink } {
  const sink = new MemoryLogSink();
  return { logger: createLogger(sink), sink };
}

export function openFdCount(): number {
  return readdirSync('/proc/self/fd').length;
}

/** Leftover temp files of atomic writes next to `config.json`. */
export function strayTempFiles(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.includes('.tmp-'));
}

/** The error Node raises for a full disk, as a write would throw it. */
export function diskFullError(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { errno: -28, code: 'ENOSPC', syscall: 'write' });
}

export interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

export function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Wraps a real adapter: each write captures its data at the start (as a real async write
 * would), waits until the test releases it, then writes that data. `failWith` makes
 * writes throw instead, leaving the real file alone, like a disk that is full.
 */
export class ControlledStorage implements StoragePort {
  readonly writes: Array<{ data: unknown; release: () => void }> = [];
  slow = false;
  failWith: (() => Error) | undefined;
  attempts = 0;

  constructor(readonly inner: StoragePort) {}

  get path(): string {
    return this.inner.path;
  }

  read(): unknown {
    return this.inner.read();
  }

  async write(data: Readonly<Record<string, unknown>>): Promise<void> {
    this.attempts += 1;
    const snapshot = structuredClone(data);
    if (this.slow) {
      const gate = deferred();
      this.writes.push({ data: snapshot, release: gate.resolve });
      await gate.promise;
    }
    if (this.failWith) throw this.failWith();
    this.inner.write(snapshot);
  }

  /** Releases the oldest write still waiting. */
  releaseNext(): void {
    const next = this.writes.shift();
    if (!next) throw new Error('no write is waiting');
    next.release();
  }
}
