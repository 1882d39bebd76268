import { PRODUCT_NAME } from '../src-core/app/data-dir.js';

/**
 * Names the desktop app is known by. APP_ID matches `appId` in build/electron-builder.yml
 * (Windows uses it for notifications and the login item); LINUX_NAME is the executable and
 * desktop-entry name the Linux packages install, reused for the autostart entry.
 */
export { PRODUCT_NAME };
export const APP_ID = 'io.github.twitch-colorchanger.desktop';
export const LINUX_NAME = 'twitch-colorchanger';

/** Our pages are served from app://colorchanger/, so "our origin" is a checkable fact. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'colorchanger';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The login window shows the same page, which opens its device-code dialog for `#login`. */
export const PAGES = {
  main: `${APP_ORIGIN}/index.html`,
  login: `${APP_ORIGIN}/index.html#login`,
} as const;

/** Passed by the autostart entries; a launch with it starts in the tray. */
export const HIDDEN_FLAG = '--hidden';

/** Whether `raw` is a URL of our own pages (app://colorchanger/...). */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** Scheme and host of a URL, for logs: enough to see where something came from, no paths or queries. */
export function describeOrigin(raw: string): string {
  try {
    const url = new URL(raw);
    return url.host ? `${url.protocol}//${url.host}` : url.protocol;
  } catch {
    return '(not a URL)';
  }
}
