import type { CorePort } from '../src-core/ipc/core-port.js';
import type { IpcHandlers } from '../src-core/ipc/handlers.js';

/** What the desktop shell needs of the core beyond the IPC surface (CorePort). */
export interface DesktopCore extends CorePort {
  /** The machine woke up or the network came back: retry waiting (degraded) accounts now. */
  retryNow(): void;
  /** The newest update version the user was told about, so each is announced once (persisted). */
  lastUpdateNotice(): string | null;
  rememberUpdateNotice(version: string): void;
}

/** A started core with everything it owns, as electron/composition.ts builds it. */
export interface DesktopComposition {
  core: DesktopCore;
  handlers: IpcHandlers;
  /**
   * Stops everything in order: the core (home colors restored where chosen, sessions
   * closed, store flushed), then the store and the data-dir lock. The shell bounds the
   * wait (electron/lifecycle/graceful-quit.ts).
   */
  shutdown(): Promise<void>;
  /** Writes the store's pending changes now (the write starts synchronously: Windows' session end allows nothing later). */
  flushStore(): Promise<void>;
}
