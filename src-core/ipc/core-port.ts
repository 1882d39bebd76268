import type { z } from 'zod';
import type { EventPayload, legacyImportReportSchema, loginStartedSchema } from './contract.js';
import type { AppSnapshot, ColorEntry, ColorMode, PaletteOrder, StartOnBootStatus } from './snapshot.js';

/**
 * What the IPC handlers need from the running core. The app core (src-core/app/) implements
 * it; the handlers stay transport-agnostic and testable with a fake. Methods throw typed
 * errors (ColorChangerError subclasses, whose `code` maps to an IPC error code).
 */
export type CoreEvent =
  | { type: 'state:changed'; payload: EventPayload<'state:changed'> }
  | { type: 'color:changed'; payload: EventPayload<'color:changed'> }
  | { type: 'login:progress'; payload: EventPayload<'login:progress'> };

export interface CorePort {
  snapshot(): AppSnapshot;
  /** Events in order (R18); returns an unsubscribe function. */
  subscribe(listener: (event: CoreEvent) => void): () => void;

  setPaused(paused: boolean): Promise<void>;
  /** The user's own client ID for new logins; null returns to the build's built-in one. */
  setClientId(clientId: string | null): Promise<void>;
  /** Resolves when Twitch knows the client ID; throws DeviceLoginError (invalid_client) or a network error. */
  checkClientId(clientId: string): Promise<void>;
  updateSettings(patch: { startOnBoot?: boolean; startHidden?: boolean; checkForUpdates?: boolean }): Promise<void>;

  startLogin(): Promise<z.infer<typeof loginStartedSchema>>;
  cancelLogin(loginId: string): void;
  /** The activation URL of a login in progress (to open in the system browser). */
  activationUrl(loginId: string): string;

  removeAccount(accountId: string): Promise<void>;
  setAccountEnabled(accountId: string, enabled: boolean): Promise<void>;
  /** Retries a retrying account now instead of after its backoff. */
  retryAccount(accountId: string): void;

  addChannel(accountId: string, login: string): Promise<void>;
  removeChannel(accountId: string, login: string): Promise<void>;
  /** A hand-listed channel's toggle, or a followed live one's (issue 18). */
  setChannelEnabled(accountId: string, login: string, enabled: boolean): Promise<void>;
  /** "Live channels I follow": absent fields stay; `maxViewers: null` removes the limit. */
  setFollowLive(accountId: string, patch: { enabled?: boolean; max?: number; maxViewers?: number | null }): Promise<void>;

  setColorOptions(
    accountId: string,
    options: { mode?: ColorMode; palette?: string[]; paletteOrder?: PaletteOrder; minIntervalSec?: number },
  ): Promise<void>;
  resetPrime(accountId: string): Promise<void>;
  setHome(accountId: string, restore: boolean, color: string | null | undefined): Promise<void>;
  setColorNow(accountId: string, color: string): Promise<ColorEntry>;

  importLegacy(contents: string): Promise<z.infer<typeof legacyImportReportSchema>>;

  /** The host's own updates (snapshot.updates): look now; quit and install the downloaded one. */
  checkForUpdates(): Promise<void>;
  restartToUpdate(): Promise<void>;
}

/** What differs per host (desktop app or headless bridge). */
export interface PlatformPort {
  /** Opens a URL in the system browser; only Twitch's activation page is ever passed. */
  openExternal(url: string): Promise<void>;
  openPath(path: string): Promise<void>;
  /** Start on boot, where the host supports it (the desktop app); the real state is read back. */
  autoStart?: StartOnBootControl;
}

/** The last start-on-boot status read from the system, for the snapshot, and news of a change. */
export interface StartOnBootSource {
  current(): StartOnBootStatus | undefined;
  /** Returns an unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export interface StartOnBootControl extends StartOnBootSource {
  /** Reads the system's state now (and tells subscribers when it changed). */
  status(): Promise<StartOnBootStatus>;
  setEnabled(enabled: boolean): Promise<void>;
}
