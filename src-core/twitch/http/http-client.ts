import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { AbortedError, onAbort } from '../../runtime/abort.js';
import type { Clock } from '../../runtime/clock.js';
import { TimeoutError } from '../../runtime/errors.js';
import { isLoopbackHost } from '../endpoints.js';
import { NetworkError } from '../errors.js';
import { InvalidResponseError } from './errors.js';
import { exchange } from './exchange.js';
import { Agent } from './undici-agent.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  url: string | URL;
  /** Names what the call is for in errors and logs, e.g. "helix GET /users". Never a secret. */
  operation: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Overrides the client's overall timeout for this call. */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  /** A response header by case-insensitive name (first value if repeated). */
  header(name: string): string | undefined;
  /** JSON when the body is JSON, the raw text when it is not, undefined when empty. Unparsed. */
  body: unknown;
}

export interface HttpBytesResponse {
  status: number;
  header(name: string): string | undefined;
  bytes: Buffer;
}

export interface HttpClientOptions {
  clock: Clock;
  /** Bound on a whole call, connect to last body byte (R26). */
  timeoutMs?: number;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  /** Longest silence between body chunks. */
  bodyTimeoutMs?: number;
  maxResponseBytes?: number;
  /** Sockets per origin; further requests queue (a burst never opens hundreds of connections). */
  connectionsPerOrigin?: number;
  /** Where HTTPS_PROXY/HTTP_PROXY/NO_PROXY (either case) are read; defaults to process.env. */
  proxyEnv?: NodeJS.ProcessEnv;
  /** A dispatcher owned by the caller; the client then neither builds nor closes its own. */
  dispatcher?: Dispatcher;
}

export const DEFAULT_HTTP_TIMEOUTS = Object.freeze({
  timeoutMs: 20_000,
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 15_000,
  bodyTimeoutMs: 15_000,
});

const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
const DEFAULT_CONNECTIONS_PER_ORIGIN = 8;

// undici codes that mean "the connection failed", as opposed to a bug in how we called it.
const NETWORK_CODES = new Set([
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_ABORTED', // a proxy refused the tunnel; our own aborts are recognised before this
  'UND_ERR_PRX_TLS',
  'UND_ERR_INFO',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/**
 * One HTTP exchange with Twitch: undici with connect/headers/body timeouts, an overall
 * deadline on the injected clock and the caller's AbortSignal (R26), the environment's
 * proxy for everything but loopback. Interprets no status; that is the callers' job.
 * Errors: TimeoutError, NetworkError, AbortedError (caller cancelled), InvalidResponseError.
 */
export class HttpClient {
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #direct: Dispatcher;
  /** The dispatcher for non-loopback hosts: #direct, or the proxy agent once it is loaded. */
  readonly #proxied: Dispatcher | Promise<Dispatcher>;
  readonly #owned: Array<Dispatcher | Promise<Dispatcher>>;
  readonly #timeouts: { connect: number; headers: number; body: number };

  constructor(options: HttpClientOptions) {
    this.#clock = options.clock;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_HTTP_TIMEOUTS.timeoutMs;
    this.#timeouts = {
      connect: options.connectTimeoutMs ?? DEFAULT_HTTP_TIMEOUTS.connectTimeoutMs,
      headers: options.headersTimeoutMs ?? DEFAULT_HTTP_TIMEOUTS.headersTimeoutMs,
      body: options.bodyTimeoutMs ?? DEFAULT_HTTP_TIMEOUTS.bodyTimeoutMs,
    };
    if (options.dispatcher) {
      this.#direct = options.dispatcher;
      this.#proxied = options.dispatcher;
      this.#owned = [];
      return;
    }
    const agentOptions = {
      connectTimeout: this.#timeouts.connect,
      headersTimeout: this.#timeouts.headers,
      bodyTimeout: this.#timeouts.body,
      maxResponseSize: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      connections: options.connectionsPerOrigin ?? DEFAULT_CONNECTIONS_PER_ORIGIN,
    };
    const env = options.proxyEnv ?? process.env;
    // '' (not undefined) so undici does not fall back to process.env behind our back.
    const httpProxy = env.http_proxy ?? env.HTTP_PROXY ?? '';
    const httpsProxy = env.https_proxy ?? env.HTTPS_PROXY ?? '';
    const noProxy = env.no_proxy ?? env.NO_PROXY ?? '';
    this.#direct = new Agent(agentOptions);
    // Without a proxy there is nothing to route; with one, the package's proxy agent is
    // loaded on the first call that needs it (see undici-agent.ts for why not before).
    this.#proxied =
      httpProxy === '' && httpsProxy === ''
        ? this.#direct
        : import('undici').then(({ EnvHttpProxyAgent }) => new EnvHttpProxyAgent({ ...agentOptions, httpProxy, httpsProxy, noProxy }));
    this.#owned = this.#proxied === this.#direct ? [this.#direct] : [this.#direct, this.#proxied];
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const res = await this.#exchange(req);
    return { status: res.status, header: res.header, body: decodeBody(res.bytes.toString('utf8')) };
  }

  /** The same exchange, with the body as bytes (images); nothing is decoded. */
  sendForBytes(req: HttpRequest): Promise<HttpBytesResponse> {
    return this.#exchange(req);
  }

  async #exchange(req: HttpRequest): Promise<HttpBytesResponse> {
    if (req.signal?.aborted) throw new AbortedError();
    const url = typeof req.url === 'string' ? new URL(req.url) : req.url;
    const timeoutMs = req.timeoutMs ?? this.#timeoutMs;
    const controller = new AbortController();
    // Built only when it fires: an Error captures a stack, which for every one of 2,000
    // subscription calls at start-up was a measurable share of the client's CPU.
    const timer = this.#clock.setTimeout(() => controller.abort(new TimeoutError(req.operation, timeoutMs)), timeoutMs);
    const unlink = onAbort(req.signal, () => controller.abort(new AbortedError()));
    try {
      // A fake Twitch on 127.0.0.1 is never reached through a proxy, whatever NO_PROXY says.
      const res = await exchange(isLoopbackHost(url.hostname) ? this.#direct : await this.#proxied, {
        url,
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal: controller.signal,
      });
      const headers = res.headers;
      return {
        status: res.status,
        header: (name) => {
          const value = headers[name.toLowerCase()];
          return Array.isArray(value) ? value[0] : value;
        },
        bytes: res.body,
      };
    } catch (error) {
      throw this.#mapError(error, req, controller.signal, timeoutMs);
    } finally {
      timer.cancel();
      unlink();
    }
  }

  /** Parses a body with its wire schema; a mismatch is an InvalidResponseError. */
  parse<S extends z.ZodType>(schema: S, res: HttpResponse, operation: string): z.output<S> {
    const parsed = schema.safeParse(res.body);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new InvalidResponseError(operation, res.status, `${issue?.message ?? 'invalid body'}${where}`);
  }

  /** Closes the connections this client opened. Calls in flight fail. */
  async close(): Promise<void> {
    await Promise.all(this.#owned.map(async (dispatcher) => (await dispatcher).destroy()));
  }

  #mapError(error: unknown, req: HttpRequest, signal: AbortSignal, timeoutMs: number): unknown {
    if (req.signal?.aborted) return new AbortedError();
    if (signal.aborted && signal.reason instanceof TimeoutError) return signal.reason;
    const code = errorCode(error);
    if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return new InvalidResponseError(req.operation, 0, 'the answer is too large');
    if (code && TIMEOUT_CODES.has(code)) {
      const ms =
        code === 'UND_ERR_CONNECT_TIMEOUT' ? this.#timeouts.connect : code === 'UND_ERR_HEADERS_TIMEOUT' ? this.#timeouts.headers : this.#timeouts.body;
      return new TimeoutError(req.operation, Math.min(ms, timeoutMs), { cause: error });
    }
    // System errors (ECONNREFUSED, ENOTFOUND, EAI_AGAIN, ...) and TLS failures.
    if (code && (NETWORK_CODES.has(code) || /^E(?!RR_)[A-Z0-9_]+$/.test(code) || /CERT|TLS|SSL/.test(code))) {
      return new NetworkError(req.operation, { cause: error });
    }
    return error;
  }
}

function decodeBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
