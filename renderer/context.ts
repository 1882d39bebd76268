import type { ColorChangerApi } from '../src-core/ipc/api-shape.js';

/** Which page the main pane shows. */
export type Route = { page: 'account'; accountId: string } | { page: 'settings' } | { page: 'home' };

export interface ConfirmOptions {
  title: string;
  message: string;
  confirm: string;
  danger?: boolean;
}

/** Adding an account, or logging an existing one in again: the same device login, named for what it does. */
export type LoginPurpose = 'add' | 'relogin';

/**
 * Where the page runs: the desktop app's window (links go through the app's allow-listed
 * external opener) or a browser tab on the headless bridge (links open in a new tab).
 */
export type Host = 'desktop' | 'browser';

/** What every view may use; views never reach into the app or the transport otherwise. */
export interface Ctx {
  readonly api: ColorChangerApi;
  readonly host: Host;
  /** Epoch ms; one place so tests and countdowns agree. */
  now(): number;
  navigate(route: Route): void;
  /** Opens the device-code login dialog and starts a login. */
  startLogin(purpose?: LoginPurpose): void;
  confirm(options: ConfirmOptions): Promise<boolean>;
  notify(message: string, tone?: 'info' | 'error'): void;
}
