import type { UpdateStatus } from '../ipc/snapshot.js';

/**
 * A host's own updater as the core sees it (the desktop app's: electron/updates/). The core
 * shows `current()` in every snapshot, sends a new one after each change, and passes the
 * two UI commands on. The headless command has none: npm or the container image updates it,
 * not the process itself, so it reports `unsupported`.
 */
export interface UpdatesPort {
  current(): UpdateStatus;
  /** Called after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Looks now. Throws a ColorChangerError (code `unsupported`) when updates are off or not possible here. */
  checkNow(): Promise<void>;
  /** Quits (gracefully) and installs the downloaded update. Throws when none is downloaded. */
  restartToUpdate(): void;
}

export const NO_SELF_UPDATE: UpdateStatus = Object.freeze({ state: 'unsupported', version: null, percent: null, checkedAt: null, error: null });

export function sameUpdateStatus(a: UpdateStatus, b: UpdateStatus): boolean {
  return a.state === b.state && a.version === b.version && a.percent === b.percent && a.checkedAt === b.checkedAt && a.error === b.error;
}
