import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../runtime/logger.js';
import { type RendererAssets, rendererContentSecurityPolicy } from '../renderer-assets.js';
import { type BridgeIdentity, checkAccess, tokenCookie } from './access.js';

/**
 * Serves the renderer's files to the page the bridge printed the URL of. Every response
 * says: no caching, no sniffing, no referrer (the page URL carries the token), no framing,
 * and the renderer's CSP with the bridge's own WebSocket as the only network peer.
 */
export function createHttpHandler(deps: {
  assets: RendererAssets;
  identity: BridgeIdentity;
  logger: Logger;
}): (request: IncomingMessage, response: ServerResponse) => void {
  const { assets, identity, logger } = deps;
  const wsOrigin = identity.origin.replace(/^http:/, 'ws:');
  const baseHeaders = {
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Content-Security-Policy': rendererContentSecurityPolicy({ connectSrc: [wsOrigin] }),
  };

  function reply(response: ServerResponse, status: number, text: string): void {
    response.writeHead(status, { ...baseHeaders, 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
    response.end(text);
  }

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = URL.canParse(request.url ?? '/', identity.origin) ? new URL(request.url ?? '/', identity.origin) : null;
    if (!url) {
      reply(response, 400, 'Bad request');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      reply(response, 405, 'Method not allowed');
      return;
    }
    const verdict = checkAccess(request, url, identity, { originRequired: false, cookieAllowed: true });
    if (!verdict.ok) {
      logger.warn('bridge.refused', 'Refused an HTTP request that did not come from the bridge’s own page', {
        transport: 'http',
        reason: verdict.reason,
        path: url.pathname,
        origin: request.headers.origin ?? null,
      });
      reply(response, 403, 'Forbidden: open the URL the app printed, with its token');
      return;
    }
    const asset = await assets.read(url.pathname);
    if (!asset) {
      reply(response, 404, 'Not found');
      return;
    }
    response.writeHead(200, {
      ...baseHeaders,
      'Content-Type': asset.contentType,
      'Content-Length': asset.body.length,
      ...(verdict.tokenInQuery ? { 'Set-Cookie': tokenCookie(identity) } : {}),
    });
    response.end(request.method === 'HEAD' ? undefined : asset.body);
  }

  return (request, response) => {
    serve(request, response).catch((error: unknown) => {
      logger.error('bridge.http_failed', 'Serving a renderer file failed', { error, path: pathOf(request) });
      if (!response.headersSent) reply(response, 500, 'Internal error; the log has the details');
      else response.destroy();
    });
  };
}

/** The path without its query: the query may hold the token. */
function pathOf(request: IncomingMessage): string {
  return (request.url ?? '').split('?', 1)[0] ?? '';
}
