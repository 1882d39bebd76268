import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../runtime/logger.js';
import { type RendererAssets, rendererContentSecurityPolicy } from '../renderer-assets.js';
import { type BridgeIdentity, type RefusalReason, checkAccess, tokenCookie } from './access.js';
import { BRIDGE_WS_PATH } from './protocol.js';
import { REFUSAL_PAGE_CSP, refusalPage } from './refusal-page.js';

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
  const baseHeaders = {
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
  // The page's only network peer is the bridge, under the name the page was opened by.
  const policies = new Map(identity.hosts.map((host) => [host, rendererContentSecurityPolicy({ connectSrc: ["'self'", `ws://${host}`] })]));
  const pagePolicy = (request: IncomingMessage): string => policies.get(request.headers.host ?? '') ?? rendererContentSecurityPolicy();

  function reply(response: ServerResponse, status: number, text: string): void {
    response.writeHead(status, { ...baseHeaders, 'Content-Security-Policy': rendererContentSecurityPolicy(), 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
    response.end(text);
  }

  function refuse(response: ServerResponse, reason: RefusalReason): void {
    const html = refusalPage(reason, identity.hosts.map((host) => `http://${host}`));
    response.writeHead(403, { ...baseHeaders, 'Content-Security-Policy': REFUSAL_PAGE_CSP, 'Content-Type': 'text/html; charset=utf-8', Connection: 'close' });
    response.end(html);
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
      refuse(response, verdict.reason);
      return;
    }
    if (url.pathname === BRIDGE_WS_PATH) {
      // The WebSocket's address asked without an upgrade: how a page whose socket was
      // refused before the upgrade (403, unreadable to scripts) learns whether its token is
      // still good. It is: so the socket failed for another reason.
      reply(response, 426, 'Upgrade Required: this address takes a WebSocket');
      return;
    }
    const asset = await assets.read(url.pathname);
    if (!asset) {
      reply(response, 404, 'Not found');
      return;
    }
    response.writeHead(200, {
      ...baseHeaders,
      'Content-Security-Policy': pagePolicy(request),
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
