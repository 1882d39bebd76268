import type { RendererAssets } from '../../src-core/ipc/renderer-assets.js';
import { rendererContentSecurityPolicy } from '../../src-core/ipc/renderer-assets.js';
import type { Logger } from '../../src-core/runtime/logger.js';
import { APP_HOST, APP_SCHEME } from '../app-identity.js';

/**
 * Our pages come from app://colorchanger/, never file://, so every page has a real origin
 * that the IPC sender check can demand. The scheme is standard (relative URLs, storage) and
 * secure (a secure context, module scripts). The strict CSP goes out as a header on every
 * response; the pages repeat it in a meta tag for the bridge, and both apply.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

/** The part of Electron's `protocol` this needs. */
export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: typeof APP_SCHEME_PRIVILEGES }>): void;
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

/** Must run before the app is ready, and Electron honours only one call per process. */
export function registerAppScheme(protocol: Pick<ProtocolLike, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
}

export const APP_CSP = rendererContentSecurityPolicy();

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': APP_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

export function serveAppProtocol(protocol: Pick<ProtocolLike, 'handle'>, assets: RendererAssets, logger: Logger): void {
  protocol.handle(APP_SCHEME, appProtocolHandler(assets, logger));
}

export function appProtocolHandler(assets: RendererAssets, logger: Logger): (request: Request) => Promise<Response> {
  const log = logger.child({ component: 'app-protocol' });
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plain(400, 'Bad request');
    }
    if (url.host !== APP_HOST) return plain(404, 'Not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    try {
      const asset = await assets.read(url.pathname);
      if (!asset) return plain(404, 'Not found');
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(asset.body), {
        status: 200,
        headers: { ...SECURITY_HEADERS, 'Content-Type': asset.contentType },
      });
    } catch (error) {
      log.error('app_protocol.read_failed', `Could not read ${url.pathname} for the window`, { path: url.pathname, error });
      return plain(500, 'The app could not read this page');
    }
  };
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}
