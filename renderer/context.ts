import type { ColorChangerApi } from '../src-core/ipc/api-shape.js';

/** Which page the main pane shows. */
export type Route = { page: 'account'; accountId: string } | { page: 'settings' } | { page: 'home' };

export interface ConfirmOptions {
  title: string;
  message: string;
  confirm: string;
  danger?: boolean;
}

/** What every view may use; views never reach into the app or the transport otherwise. */
export interface Ctx {
  readonly api: ColorChangerApi;
  /** Epoch ms; one place so tests and countdowns agree. */
  now(): number;
  navigate(route: Route): void;
  /** Opens the device-code login dialog and starts a login. */
  startLogin(): void;
  confirm(options: ConfirmOptions): Promise<boolean>;
  notify(message: string, tone?: 'info' | 'error'): void;
}
