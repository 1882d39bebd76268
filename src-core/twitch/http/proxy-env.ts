import { isIP } from 'node:net';
import { z } from 'zod';
import { ColorChangerError } from '../../runtime/errors.js';
import { isLoopbackHost } from '../endpoints.js';

/**
 * Which proxy, if any, a connection to Twitch goes through: the rules of HTTPS_PROXY,
 * HTTP_PROXY and NO_PROXY (either case, lower case first) as undici's EnvHttpProxyAgent
 * applies them to our HTTP calls, so the EventSub socket takes the same way as Helix.
 */
export interface ProxySettings {
  /** Where HTTPS_PROXY/HTTP_PROXY/NO_PROXY are read, e.g. process.env. */
  env: NodeJS.ProcessEnv;
  /**
   * Tests only: loopback targets go through the proxy too. By default they never do, so
   * the fake Twitch on 127.0.0.1 is reached whatever the environment says.
   */
  includeLoopback?: boolean;
}

/** A proxy variable cannot be used; the connection fails rather than silently going direct. */
export class ProxyConfigError extends ColorChangerError {
  readonly code = 'proxy_config';
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    // Never the value: it may carry the proxy's password.
    super(`${variable} ${problem}; fix or unset it`);
  }
}

/**
 * A proxy from the environment. Its credentials live in a #private field, so they are sent
 * only as the Proxy-Authorization header and never reach logs, messages or util.inspect.
 */
export class ProxyServer {
  readonly #authorization: string | undefined;

  constructor(
    readonly protocol: 'http:' | 'https:',
    /** Without IPv6 brackets. */
    readonly host: string,
    readonly port: number,
    credentials?: { username: string; password: string },
  ) {
    this.#authorization = credentials
      ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
      : undefined;
  }

  /** The Proxy-Authorization header value, when the proxy URL had credentials. */
  get authorization(): string | undefined {
    return this.#authorization;
  }

  /** host:port, safe to log. */
  toString(): string {
    return formatAuthority(this.host, this.port);
  }
}

/** host:port with IPv6 hosts in brackets, as in a CONNECT request line. */
export function formatAuthority(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'ws:': 80, 'https:': 443, 'wss:': 443 };

/**
 * The proxy for `target`, or undefined to connect directly. Secure targets (wss:, https:)
 * use HTTPS_PROXY and fall back to HTTP_PROXY; plain ones use HTTP_PROXY. Throws
 * ProxyConfigError when the variable that applies is not a usable proxy URL.
 */
export function proxyFor(target: URL, settings: ProxySettings): ProxyServer | undefined {
  const host = normalizeHost(target.hostname);
  if (!settings.includeLoopback && isLoopbackHost(host)) return undefined;
  const { env } = settings;
  const secure = target.protocol === 'wss:' || target.protocol === 'https:';
  const httpProxy = nonEmpty('HTTP_PROXY', env.http_proxy ?? env.HTTP_PROXY);
  const chosen = (secure ? nonEmpty('HTTPS_PROXY', env.https_proxy ?? env.HTTPS_PROXY) : undefined) ?? httpProxy;
  if (!chosen) return undefined;
  const port = Number(target.port) || DEFAULT_PORTS[target.protocol] || 0;
  if (matchesNoProxy(host, port, env.no_proxy ?? env.NO_PROXY ?? '')) return undefined;
  return parseProxyUrl(chosen.variable, chosen.value);
}

function nonEmpty(variable: string, value: string | undefined): { variable: string; value: string } | undefined {
  return value?.trim() ? { variable, value } : undefined;
}

interface NoProxyEntry {
  host: string;
  port: number | undefined;
}

/**
 * NO_PROXY: hosts separated by commas or spaces, each optionally with :port. An entry
 * matches the host itself and every subdomain ("twitch.tv", ".twitch.tv" and "*.twitch.tv"
 * all match "eventsub.wss.twitch.tv"); "*" matches everything.
 */
export function matchesNoProxy(host: string, port: number, noProxy: string): boolean {
  const target = normalizeHost(host);
  return noProxyEntries.parse(noProxy).some((entry) => {
    if (entry.port !== undefined && entry.port !== port) return false;
    return entry.host === '*' || target === entry.host || target.endsWith(`.${entry.host}`);
  });
}

const noProxyEntries = z.string().transform((raw): NoProxyEntry[] =>
  raw
    .split(/[,\s]+/)
    .map(parseNoProxyEntry)
    .filter((entry): entry is NoProxyEntry => entry !== undefined),
);

function parseNoProxyEntry(raw: string): NoProxyEntry | undefined {
  const text = raw.trim().toLowerCase();
  if (!text) return undefined;
  if (text === '*') return { host: '*', port: undefined };
  // [v6]:port, [v6], host:port; a bare IPv6 address has several colons and no port.
  const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(text) ?? /^([^:]+):(\d+)$/.exec(text);
  const host = normalizeHost((match ? match[1]! : text).replace(/^\*?\./, ''));
  if (!host) return undefined;
  return { host, port: match?.[2] === undefined ? undefined : Number(match[2]) };
}

function normalizeHost(host: string): string {
  return host.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
}

function parseProxyUrl(variable: string, raw: string): ProxyServer {
  const text = raw.trim();
  let url: URL;
  try {
    // "proxy.corp:3128" without a scheme means http://, as curl reads it.
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new ProxyConfigError(variable, 'is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProxyConfigError(variable, 'must be an http:// or https:// proxy URL');
  }
  if (!url.hostname) throw new ProxyConfigError(variable, 'has no host');
  let credentials: { username: string; password: string } | undefined;
  if (url.username || url.password) {
    try {
      credentials = { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
    } catch {
      throw new ProxyConfigError(variable, 'has badly percent-encoded credentials');
    }
  }
  const port = Number(url.port) || DEFAULT_PORTS[url.protocol] || 0;
  return new ProxyServer(url.protocol, normalizeHost(url.hostname), port, credentials);
}
