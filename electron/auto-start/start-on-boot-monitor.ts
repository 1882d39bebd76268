import type { StartOnBootControl } from '../../src-core/ipc/core-port.js';
import type { StartOnBootStatus } from '../../src-core/ipc/snapshot.js';
import { describeError } from '../../src-core/runtime/errors.js';
import type { Logger } from '../../src-core/runtime/logger.js';
import type { AutoStart } from './auto-start.js';

/**
 * Keeps the last start-on-boot status the system reported, for the snapshot (the
 * Settings switch and the tray item), and re-reads it when asked: at start, after every
 * change, and when a window of ours gains focus (the user may come back from approving the
 * login item in System Settings).
 */
export class StartOnBootMonitor implements StartOnBootControl {
  readonly #autoStart: AutoStart;
  readonly #logger: Logger;
  readonly #listeners = new Set<() => void>();
  #current: StartOnBootStatus | undefined;

  constructor(autoStart: AutoStart, logger: Logger) {
    this.#autoStart = autoStart;
    this.#logger = logger;
  }

  current(): StartOnBootStatus | undefined {
    return this.#current;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async status(): Promise<StartOnBootStatus> {
    const next = await this.#autoStart.status();
    const changed = next.state !== this.#current?.state || next.note !== this.#current?.note;
    this.#current = next;
    if (changed) {
      for (const listener of [...this.#listeners]) listener();
    }
    return next;
  }

  /** Like status(), for callers that only want the snapshot updated: failures are logged. */
  refresh(): void {
    this.status().catch((error: unknown) => {
      this.#logger.warn('autostart.unreadable', `Could not read whether the app starts on boot: ${describeError(error)}`, { error });
    });
  }

  /** Callers read status() after it (the IPC handler does), which tells the snapshot. */
  setEnabled(enabled: boolean): Promise<void> {
    return this.#autoStart.setEnabled(enabled);
  }
}
