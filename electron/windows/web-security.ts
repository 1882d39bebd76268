import type { Logger } from '../../src-core/runtime/logger.js';
import { isAllowedExternalUrl } from '../../src-core/ipc/activation-url.js';
import { APP_SCHEME, describeOrigin, isAppUrl } from '../app-identity.js';

/**
 * Rules every web page in the app lives under, whoever created it: no new windows, no
 * navigation away from our origin, no <webview>, no permissions beyond copying the login
 * code, and no network requests at all (the renderer never touches the network; the core
 * in main does). A link to Twitch's activation page or developer console opens in the
 * system browser instead.
 */
export interface NavigationEvent {
  preventDefault(): void;
  /** Electron's navigation details carry the target; the separate url argument is deprecated. */
  url?: string;
}

export interface ContentsLike {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', listener: (event: NavigationEvent, url: string) => void): unknown;
}

export interface SessionLike {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string, origin: string) => boolean): void;
  webRequest: { onBeforeRequest(listener: (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void): void };
}

export interface WebSecurityDeps {
  openExternal(url: string): Promise<void>;
  logger: Logger;
}

export function hardenWebContents(contents: ContentsLike, deps: WebSecurityDeps): void {
  const log = deps.logger.child({ component: 'web-security' });
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) {
      void deps.openExternal(url).catch((error: unknown) => log.warn('web.open_external_failed', 'Could not open the browser', { error }));
    } else {
      log.warn('web.window_open_denied', 'A page tried to open a window; denied', { origin: describeOrigin(url) });
    }
    return { action: 'deny' };
  });
  const stayHome = (event: NavigationEvent, url: string): void => {
    const target = event.url ?? url;
    if (isAppUrl(target)) return;
    event.preventDefault();
    log.warn('web.navigation_denied', 'A page tried to leave the app; denied', { origin: describeOrigin(target) });
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('web.webview_denied', 'A page tried to attach a <webview>; denied');
  });
}

/** Copying the login code is the one thing a page may ask for. */
const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** Schemes a page may load from: our own, inline data (images), and the developer tools. */
const LOADABLE = new Set([`${APP_SCHEME}:`, 'data:', 'devtools:']);

export function hardenSession(session: SessionLike, logger: Logger): void {
  const log = logger.child({ component: 'web-security' });
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = GRANTED_PERMISSIONS.has(permission) && isAppUrl(details.requestingUrl ?? '');
    if (!granted) log.info('web.permission_denied', `Denied the "${permission}" permission to a page`, { permission });
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission, origin) => GRANTED_PERMISSIONS.has(permission) && isAppUrl(origin));
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = LOADABLE.has(schemeOf(details.url));
    if (!allowed) log.warn('web.request_blocked', 'Blocked a network request from a page', { origin: describeOrigin(details.url) });
    callback(allowed ? {} : { cancel: true });
  });
}

function schemeOf(raw: string): string {
  try {
    return new URL(raw).protocol;
  } catch {
    return '';
  }
}
