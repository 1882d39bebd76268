import http from 'node:http';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { AbortedError } from '../../runtime/abort.js';
import type { Clock } from '../../runtime/clock.js';
import { ColorChangerError, describeError } from '../../runtime/errors.js';
import { formatAuthority, proxyFor, type ProxyServer, type ProxySettings } from '../http/proxy-env.js';

export type ProxyTunnelFailure = 'refused' | 'timeout' | 'failed';

/** The proxy did not give us a tunnel to Twitch. Names the proxy by host:port only. */
export class ProxyTunnelError extends ColorChangerError {
  readonly code = 'proxy_tunnel';
  constructor(
    /** host:port of the proxy. */
    readonly proxy: string,
    /** host:port the tunnel was for. */
    readonly target: string,
    readonly failure: ProxyTunnelFailure,
    /** What the proxy did, e.g. "refused CONNECT with 403 Forbidden". */
    detail: string,
    /** The proxy's answer to CONNECT, when it refused. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`Could not open a tunnel to ${target} through the proxy ${proxy}: it ${detail}; check HTTPS_PROXY and NO_PROXY`, options);
  }
}

export interface TunnelAgentOptions {
  proxy: ProxyServer;
  clock: Clock;
  /** The proxy must answer CONNECT within this (the session's connect timeout). */
  timeoutMs: number;
}

type Callback = (error: Error | null, socket: Duplex) => void;

/** @types/node wants a stream even with an error; Node itself passes none, so neither do we. */
function failWith(callback: Callback, error: Error): void {
  (callback as (error: Error | null) => void)(error);
}

/**
 * The CONNECT tunnels of one agent. Each has a deadline on the injected clock and ends in
 * exactly one callback; `abort` ends those still waiting, so a closed session leaves no
 * timer or half-open proxy socket behind.
 */
class Tunnels {
  readonly #options: TunnelAgentOptions;
  readonly #pending = new Set<(error: Error) => void>();
  #lastError: ProxyTunnelError | undefined;

  constructor(options: TunnelAgentOptions) {
    this.#options = options;
  }

  get proxy(): ProxyServer {
    return this.#options.proxy;
  }

  get lastError(): ProxyTunnelError | undefined {
    return this.#lastError;
  }

  open(host: string, port: number, done: (error: Error | null, socket?: Socket) => void): void {
    const { proxy, clock, timeoutMs } = this.#options;
    const target = formatAuthority(host, port);
    const fail = (failure: ProxyTunnelFailure, detail: string, status?: number, cause?: unknown): ProxyTunnelError =>
      new ProxyTunnelError(String(proxy), target, failure, detail, status, cause === undefined ? undefined : { cause });
    const headers: http.OutgoingHttpHeaders = { host: target };
    if (proxy.authorization) headers['proxy-authorization'] = proxy.authorization;
    const request = (proxy.protocol === 'https:' ? https : http).request({
      host: proxy.host,
      port: proxy.port,
      method: 'CONNECT',
      path: target,
      headers,
      agent: false,
      ...(proxy.protocol === 'https:' && !isIP(proxy.host) ? { servername: proxy.host } : {}),
    });
    let finished = false;
    const finish = (error: Error | null, socket?: Socket): void => {
      if (finished) {
        socket?.destroy();
        return;
      }
      finished = true;
      if (error instanceof ProxyTunnelError) this.#lastError = error;
      timer.cancel();
      this.#pending.delete(abort);
      if (error) request.destroy();
      done(error, socket);
    };
    const abort = (error: Error): void => finish(error);
    const timer = clock.setTimeout(() => finish(fail('timeout', `did not answer CONNECT within ${timeoutMs} ms`)), timeoutMs);
    this.#pending.add(abort);
    // Every answer to CONNECT arrives here, refusals included; only 2xx opens the tunnel.
    request.once('connect', (res, socket, head) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        socket.destroy();
        const hint = status === 407 ? '; put the credentials in the proxy URL (http://user:password@host:port)' : '';
        finish(fail('refused', `refused CONNECT with ${status} ${res.statusMessage ?? ''}`.trimEnd() + hint, status));
        return;
      }
      // Bytes after the proxy's answer already belong to the target.
      if (head.length > 0) socket.unshift(head);
      finish(null, socket);
    });
    // `on`, not `once`: destroying a request that already failed may report a second error.
    request.on('error', (error) => finish(fail('failed', `failed: ${describeError(error)}`, undefined, error)));
    request.end();
  }

  abort(): void {
    for (const abort of [...this.#pending]) abort(new AbortedError('The proxy tunnel was cancelled'));
  }
}

/** What both agents expose besides http.Agent. */
export interface ProxyTunnelAgent extends http.Agent {
  readonly proxy: ProxyServer;
  /** The last tunnel that failed, set the moment it failed (before `ws` hears of it). */
  readonly tunnelError: ProxyTunnelError | undefined;
}

function targetOf(options: { host?: string | null; hostname?: string | null; port?: number | string | null }, defaultPort: number) {
  const host = (options.hostname ?? options.host ?? 'localhost').replace(/^\[|\]$/g, '');
  return { host, port: Number(options.port) || defaultPort };
}

/** For ws: URLs: the tunnel itself is the connection. */
export class HttpTunnelAgent extends http.Agent implements ProxyTunnelAgent {
  readonly #tunnels: Tunnels;

  constructor(options: TunnelAgentOptions) {
    super({ keepAlive: false });
    this.#tunnels = new Tunnels(options);
  }

  get proxy(): ProxyServer {
    return this.#tunnels.proxy;
  }

  get tunnelError(): ProxyTunnelError | undefined {
    return this.#tunnels.lastError;
  }

  override createConnection(options: http.ClientRequestArgs, callback?: Callback): undefined {
    if (!callback) throw new TypeError('HttpTunnelAgent needs the callback form of createConnection');
    const { host, port } = targetOf(options, 80);
    this.#tunnels.open(host, port, (error, socket) => (socket ? callback(null, socket) : failWith(callback, error ?? new Error('the proxy gave no tunnel socket'))));
    return undefined;
  }

  override destroy(): void {
    this.#tunnels.abort();
    super.destroy();
  }
}

/** For wss: URLs: TLS to Twitch inside the tunnel, so the proxy sees only the host name. */
export class HttpsTunnelAgent extends https.Agent implements ProxyTunnelAgent {
  readonly #tunnels: Tunnels;

  constructor(options: TunnelAgentOptions) {
    super({ keepAlive: false });
    this.#tunnels = new Tunnels(options);
  }

  get proxy(): ProxyServer {
    return this.#tunnels.proxy;
  }

  get tunnelError(): ProxyTunnelError | undefined {
    return this.#tunnels.lastError;
  }

  override createConnection(options: https.RequestOptions, callback?: Callback): undefined {
    if (!callback) throw new TypeError('HttpsTunnelAgent needs the callback form of createConnection');
    const { host, port } = targetOf(options, 443);
    this.#tunnels.open(host, port, (error, socket) => {
      if (error || !socket) {
        failWith(callback, error ?? new Error('the proxy gave no tunnel socket'));
        return;
      }
      const secure = tls.connect({
        socket,
        // `host` (not the proxy's, which the raw socket remembers) is what the certificate must name.
        host,
        ...(isIP(host) ? {} : { servername: host }),
        ALPNProtocols: ['http/1.1'],
        ...(options.ca !== undefined ? { ca: options.ca } : {}),
        ...(options.rejectUnauthorized !== undefined ? { rejectUnauthorized: options.rejectUnauthorized } : {}),
        ...(options.checkServerIdentity ? { checkServerIdentity: options.checkServerIdentity } : {}),
      });
      callback(null, secure);
    });
    return undefined;
  }

  override destroy(): void {
    this.#tunnels.abort();
    super.destroy();
  }
}

/**
 * The agent `ws` needs to reach `url` through the environment's proxy, or undefined when
 * the socket goes direct (loopback, NO_PROXY, no proxy set). Throws ProxyConfigError.
 */
export function webSocketAgent(
  url: URL,
  options: ProxySettings & { clock: Clock; timeoutMs: number },
): ProxyTunnelAgent | undefined {
  const proxy = proxyFor(url, options);
  if (!proxy) return undefined;
  const agentOptions = { proxy, clock: options.clock, timeoutMs: options.timeoutMs };
  return url.protocol === 'wss:' || url.protocol === 'https:' ? new HttpsTunnelAgent(agentOptions) : new HttpTunnelAgent(agentOptions);
}
