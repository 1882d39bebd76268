import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may use the bridge: a page the bridge served itself. Three checks, all required:
 * - Host is the bridge's own address, `127.0.0.1:PORT` or the loopback name `localhost:PORT`
 *   (which never leaves the machine; any other name, e.g. a DNS-rebound one, is refused);
 * - Origin, when the browser sends one (always for WebSockets), is `http://` + that Host;
 * - the token: in the URL (`?token=`), or for the page's own files in the cookie the bridge
 *   set when it served the page (SameSite=Strict, HttpOnly).
 */
export type RefusalReason = 'bad_host' | 'bad_origin' | 'missing_origin' | 'missing_token' | 'bad_token';

export type AccessVerdict = { ok: true; tokenInQuery: boolean } | { ok: false; reason: RefusalReason };

export interface BridgeIdentity {
  /** e.g. `http://127.0.0.1:41234` */
  origin: string;
  /** e.g. `127.0.0.1:41234` */
  host: string;
  /** Every Host header the bridge answers to: `host` and `localhost:PORT`. */
  hosts: readonly string[];
  token: string;
  /** Cookies are per host, not per port: the name carries the port. */
  cookieName: string;
}

export function newBridgeToken(): string {
  return randomBytes(32).toString('base64url');
}

export function checkAccess(
  request: IncomingMessage,
  url: URL,
  identity: BridgeIdentity,
  options: { originRequired: boolean; cookieAllowed: boolean },
): AccessVerdict {
  const host = request.headers.host;
  if (host === undefined || !identity.hosts.includes(host)) return { ok: false, reason: 'bad_host' };
  const origin = request.headers.origin;
  if (origin === undefined) {
    if (options.originRequired) return { ok: false, reason: 'missing_origin' };
  } else if (origin !== `http://${host}`) {
    return { ok: false, reason: 'bad_origin' };
  }
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null) {
    return sameToken(identity.token, fromQuery) ? { ok: true, tokenInQuery: true } : { ok: false, reason: 'bad_token' };
  }
  const fromCookie = options.cookieAllowed ? cookieValue(request.headers.cookie, identity.cookieName) : undefined;
  if (fromCookie === undefined) return { ok: false, reason: 'missing_token' };
  return sameToken(identity.token, fromCookie) ? { ok: true, tokenInQuery: false } : { ok: false, reason: 'bad_token' };
}

export function tokenCookie(identity: BridgeIdentity): string {
  return `${identity.cookieName}=${identity.token}; Path=/; HttpOnly; SameSite=Strict`;
}

function sameToken(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
