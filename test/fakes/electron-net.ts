/**
 * Electron's `net.request` (ClientRequest / IncomingMessage), `session.fromPartition` and
 * the native `autoUpdater` object, for electron-updater, which downloads through them (see
 * electron.ts for the rest of the fake). Requests really go out, over Node's http, but
 * only to loopback: tests serve update feeds from 127.0.0.1.
 *
 * Fidelity, from Electron's docs (https://www.electronjs.org/docs/latest/api/client-request,
 * /incoming-message, /net, /session#sessionfrompartitionpartition-options, /auto-updater):
 * - `net.request(options | url)`: options follow Node's URL model (protocol, hostname, port,
 *   path) or `url`; `method` defaults to GET; `redirect` is `follow` (default), `error` or
 *   `manual`; `session`/`partition` choose the session (recorded here, nothing else).
 * - A manual redirect emits `redirect(statusCode, method, redirectUrl, responseHeaders)` and
 *   no `response`; it is cancelled ("Redirect was cancelled" error) unless
 *   `followRedirect()` is called synchronously in the handler or the request is aborted.
 *   `error` mode fails on any redirect.
 * - `abort()` emits `abort` then `close`; no `error` for an abort.
 * - There is no `socket` event (Chromium's network stack owns the sockets), so Node-style
 *   socket timeouts set on it never fire under Electron.
 * - IncomingMessage is a Readable of Buffers with statusCode, statusMessage, httpVersion,
 *   rawHeaders and `headers`: names lowercased, `set-cookie` always an array, duplicates of
 *   single-valued headers (content-length, content-type, location, ...) dropped, other
 *   duplicates joined with ', '.
 * - Network failures are errors named after Chromium's codes (net::ERR_CONNECTION_REFUSED).
 */
import { EventEmitter } from 'node:events';
import { request as httpRequest, type IncomingMessage as NodeIncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';

export interface RequestOptions {
  url?: string;
  method?: string;
  protocol?: string;
  host?: string;
  hostname?: string;
  port?: number | string;
  path?: string;
  redirect?: 'follow' | 'error' | 'manual';
  headers?: Record<string, string | string[] | number>;
  session?: unknown;
  partition?: string;
}

/** Headers Electron keeps only once (Chromium's list, as in the IncomingMessage docs). */
const SINGLE_VALUED = new Set([
  'age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from', 'host', 'if-modified-since',
  'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'proxy-authorization', 'referer', 'retry-after', 'server', 'user-agent',
]);

function electronHeaders(rawHeaders: readonly string[]): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const value = rawHeaders[i + 1] as string;
    const existing = headers[name];
    if (name === 'set-cookie') headers[name] = [...((existing as string[] | undefined) ?? []), value];
    else if (existing === undefined) headers[name] = value;
    else if (!SINGLE_VALUED.has(name)) headers[name] = `${existing as string}, ${value}`;
  }
  return headers;
}

export class FakeIncomingMessage extends Readable {
  readonly statusCode: number;
  readonly statusMessage: string;
  readonly httpVersion: string;
  readonly rawHeaders: string[];
  readonly headers: Record<string, string | string[]>;

  constructor(response: NodeIncomingMessage) {
    super();
    this.statusCode = response.statusCode ?? 0;
    this.statusMessage = response.statusMessage ?? '';
    this.httpVersion = response.httpVersion;
    this.rawHeaders = [...response.rawHeaders];
    this.headers = electronHeaders(response.rawHeaders);
    response.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) response.pause();
    });
    response.on('end', () => this.push(null));
    response.on('aborted', () => this.emit('aborted'));
    response.on('error', (error) => this.destroy(chromiumError(error)));
    this.resumeSource = () => response.resume();
  }

  private readonly resumeSource: () => void;

  override _read(): void {
    this.resumeSource();
  }
}

function chromiumError(error: Error & { code?: string }): Error {
  const name =
    error.code === 'ECONNREFUSED' ? 'ERR_CONNECTION_REFUSED' : error.code === 'ECONNRESET' ? 'ERR_CONNECTION_RESET' : error.code === 'ENOTFOUND' ? 'ERR_NAME_NOT_RESOLVED' : 'ERR_FAILED';
  return new Error(`net::${name}`);
}

function isLoopback(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '::1' || hostname === '[::1]';
}

export class FakeClientRequest extends EventEmitter {
  static readonly made: FakeClientRequest[] = [];

  readonly url: URL;
  readonly method: string;
  readonly redirectMode: 'follow' | 'error' | 'manual';
  readonly session: unknown;
  readonly headers = new Map<string, string>();
  #body: Buffer[] = [];
  #aborted = false;
  #followRedirect: (() => void) | undefined;
  #node: ReturnType<typeof httpRequest> | undefined;

  constructor(options: RequestOptions | string) {
    super();
    const opts: RequestOptions = typeof options === 'string' ? { url: options } : options;
    this.url = opts.url
      ? new URL(opts.url)
      : new URL(`${opts.protocol ?? 'http:'}//${opts.hostname ?? opts.host ?? 'localhost'}${opts.port ? `:${opts.port}` : ''}${opts.path ?? '/'}`);
    this.method = (opts.method ?? 'GET').toUpperCase();
    this.redirectMode = opts.redirect ?? 'follow';
    this.session = opts.session ?? opts.partition ?? null;
    for (const [name, value] of Object.entries(opts.headers ?? {})) this.setHeader(name, Array.isArray(value) ? value.join(', ') : String(value));
    FakeClientRequest.made.push(this);
  }

  setHeader(name: string, value: string): void {
    this.headers.set(name.toLowerCase(), value);
  }
  getHeader(name: string): string | undefined {
    return this.headers.get(name.toLowerCase());
  }
  removeHeader(name: string): void {
    this.headers.delete(name.toLowerCase());
  }
  write(chunk: string | Buffer): boolean {
    this.#body.push(Buffer.from(chunk));
    return true;
  }
  end(chunk?: string | Buffer): this {
    if (chunk !== undefined) this.write(chunk);
    this.emit('finish');
    this.#send(this.url);
    return this;
  }
  abort(): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#node?.destroy();
    process.nextTick(() => {
      this.emit('abort');
      this.emit('close');
    });
  }
  /** Only valid synchronously inside a `redirect` handler (manual mode). */
  followRedirect(): void {
    if (!this.#followRedirect) throw new Error('followRedirect() is only valid during the redirect event');
    this.#followRedirect();
  }

  #send(url: URL): void {
    if (this.#aborted) return;
    if (!isLoopback(url.hostname)) {
      process.nextTick(() => this.#fail(new Error(`net::ERR_NAME_NOT_RESOLVED (the fake net module reaches only 127.0.0.1, not ${url.hostname})`)));
      return;
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const node = send(url, { method: this.method, headers: Object.fromEntries(this.headers) });
    this.#node = node;
    node.on('response', (response) => this.#onResponse(url, response));
    node.on('error', (error) => {
      if (!this.#aborted) this.#fail(chromiumError(error));
    });
    node.end(Buffer.concat(this.#body));
  }

  #onResponse(url: URL, response: NodeIncomingMessage): void {
    if (this.#aborted) return;
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (status >= 300 && status < 400 && location) {
      response.resume();
      const target = new URL(location, url);
      if (this.redirectMode === 'error') return this.#fail(new Error("Attempted to redirect, but redirect policy was 'error'"));
      if (this.redirectMode === 'follow') return this.#send(target);
      let follow = false;
      this.#followRedirect = () => {
        follow = true;
      };
      try {
        this.emit('redirect', status, this.method, target.href, electronHeaders(response.rawHeaders));
      } finally {
        this.#followRedirect = undefined;
      }
      if (follow) this.#send(target);
      else if (!this.#aborted) this.#fail(new Error('Redirect was cancelled'));
      return;
    }
    const message = new FakeIncomingMessage(response);
    message.on('end', () => this.emit('close'));
    this.emit('response', message);
  }

  #fail(error: Error): void {
    this.#aborted = true;
    this.emit('error', error);
    this.emit('close');
  }
}

export const netRequest = (options: RequestOptions | string): FakeClientRequest => new FakeClientRequest(options);

/** `session.fromPartition`: the same object for the same partition, as Electron returns. */
export function partitionSessions<S>(create: () => S): { fromPartition(partition: string, options?: { cache?: boolean }): S; reset(): void } {
  const sessions = new Map<string, S>();
  return {
    fromPartition(partition) {
      let found = sessions.get(partition);
      if (!found) {
        found = create();
        sessions.set(partition, found);
      }
      return found;
    },
    reset() {
      sessions.clear();
    },
  };
}

/**
 * Electron's built-in `autoUpdater`. electron-updater's MacUpdater drives it on macOS; on
 * the other platforms electron-updater only emits `before-quit-for-update` on it.
 * `checkForUpdates` does what Squirrel.Mac does (https://www.electronjs.org/docs/latest/api/auto-updater,
 * https://github.com/Squirrel/Squirrel.Mac#server-support): GET the feed URL with the headers
 * given to `setFeedURL`; 204 means no update; 200 carries JSON `{ "url": ... }`, the zip it
 * then downloads. Events: checking-for-update, update-available, update-not-available,
 * update-downloaded (event, releaseNotes, releaseName, releaseDate, updateURL), error.
 */
export class FakeNativeAutoUpdater extends EventEmitter {
  feedUrl: string | null = null;
  feedHeaders: Record<string, string> = {};
  checks = 0;
  quitAndInstallCalls = 0;
  /** Bytes of the last update Squirrel downloaded. */
  downloadedBytes = 0;
  setFeedURL(options: { url: string; headers?: Record<string, string> }): void {
    this.feedUrl = options.url;
    this.feedHeaders = { ...(options.headers ?? {}) };
  }
  getFeedURL(): string {
    return this.feedUrl ?? '';
  }
  checkForUpdates(): void {
    this.checks += 1;
    void this.#squirrelCheck().catch((error: unknown) => this.emit('error', error instanceof Error ? error : new Error(String(error))));
  }
  quitAndInstall(): void {
    this.quitAndInstallCalls += 1;
  }

  async #squirrelCheck(): Promise<void> {
    const feed = this.feedUrl;
    if (!feed) throw new Error('Update check failed: no feed URL was set');
    if (!isLoopback(new URL(feed).hostname)) throw new Error('The fake Squirrel reaches only 127.0.0.1');
    this.emit('checking-for-update');
    const answer = await fetch(feed, { headers: this.feedHeaders });
    if (answer.status === 204) {
      this.emit('update-not-available');
      return;
    }
    if (answer.status !== 200) throw new Error(`Update check failed. The server sent an invalid response (HTTP ${answer.status})`);
    const { url } = (await answer.json()) as { url: string };
    this.emit('update-available');
    const zip = await fetch(url);
    if (zip.status !== 200) throw new Error(`Update download failed (HTTP ${zip.status})`);
    this.downloadedBytes = (await zip.arrayBuffer()).byteLength;
    this.emit('update-downloaded', {}, '', '', new Date(), url);
  }
}

export const autoUpdater = new FakeNativeAutoUpdater();

export function resetNet(): void {
  FakeClientRequest.made.length = 0;
  autoUpdater.removeAllListeners();
  autoUpdater.feedUrl = null;
  autoUpdater.feedHeaders = {};
  autoUpdater.downloadedBytes = 0;
  autoUpdater.checks = 0;
  autoUpdater.quitAndInstallCalls = 0;
}
