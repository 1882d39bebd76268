import type { ColorChangerApi } from '../../src-core/ipc/api-shape.js';
import type { CommandName, EventName } from '../../src-core/ipc/contract.js';
import type { ErrorCode, Result } from '../../src-core/ipc/result.js';
import type { BridgeRequest } from '../../src-core/ipc/bridge/protocol.js';
import { type IpcTransport, buildApi } from './build-api.js';
import { isEventName } from './names.js';

/**
 * The renderer's client for the WebSocket bridge (headless mode, browser tests). It offers
 * the same ColorChangerApi as Electron's preload. Calls always settle with a Result: when
 * the connection drops, pending calls end as `network` failures and the client reconnects
 * with backoff; when the bridge refuses the page, calls end as `forbidden` and it stops
 * trying. The bridge refuses a wrong token or origin before the upgrade (HTTP 403), which a
 * script only sees as a failed socket, so a socket that fails before it ever opened is
 * followed by a plain GET of the same address (`probe`): 403 means refused, anything else
 * means try again. A close with code 1008 after opening means refused too. After a
 * reconnect the bridge's first message is a full `state:changed`, so listeners catch up.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
}

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'forbidden' | 'closed';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface WsClientOptions {
  /** `ws://127.0.0.1:PORT/ws?token=...` */
  url: string;
  /** Defaults to the global WebSocket (the browser's). */
  createSocket?: (url: string) => WebSocketLike;
  timers?: Timers;
  random?: () => number;
  /** A call without an answer after this long ends as a `network` failure. */
  requestTimeoutMs?: number;
  /** Reconnect delays: full jitter over firstRetryMs * 2^n, at most maxRetryMs. */
  firstRetryMs?: number;
  maxRetryMs?: number;
  /** Where a throwing event listener is reported; the other listeners still run. */
  onListenerError?: (error: unknown) => void;
  /** Asks the bridge over HTTP whether it refuses this page (defaults to fetch of the socket's address). */
  probe?: (url: string) => Promise<ProbeVerdict>;
}

export type ProbeVerdict = 'refused' | 'reachable' | 'unreachable';

/** The bridge answers a plain GET of its socket's address with 403 when it refuses the token, Host or Origin. */
export async function probeOverHttp(url: string): Promise<ProbeVerdict> {
  try {
    const response = await fetch(url.replace(/^ws/, 'http'), { cache: 'no-store', credentials: 'same-origin', redirect: 'error' });
    return response.status === 403 ? 'refused' : 'reachable';
  } catch {
    return 'unreachable';
  }
}

const POLICY_CLOSE = 1008;
const OPEN = 1;
const MAX_PENDING = 256;

const MESSAGES = {
  lost: 'The connection to the app was lost; it reconnects by itself, try again in a moment',
  notConnected: 'Not connected to the app right now; it reconnects by itself, try again in a moment',
  timeout: 'The app did not answer in time; try again',
  busy: 'Too many requests are waiting for the app; try again in a moment',
  forbidden: 'The app refused this page; open the address it printed (with its token) again',
  closed: 'This page closed its connection to the app; reload the page',
} as const;

interface Pending {
  resolve(result: Result<unknown>): void;
  timer: unknown;
}

export class WsClient implements IpcTransport {
  readonly api: ColorChangerApi;
  readonly #options: Required<Omit<WsClientOptions, 'createSocket'>> & { createSocket: (url: string) => WebSocketLike };
  readonly #pending = new Map<number, Pending>();
  readonly #queue: Array<{ id: number; text: string }> = [];
  readonly #listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  readonly #statusListeners = new Set<(status: ConnectionStatus) => void>();
  #socket: WebSocketLike | null = null;
  #status: ConnectionStatus = 'connecting';
  #retryTimer: unknown = null;
  #attempt = 0;
  #nextId = 1;

  constructor(options: WsClientOptions) {
    const timers: Timers = options.timers ?? {
      setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
      clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
    };
    this.#options = {
      url: options.url,
      createSocket: options.createSocket ?? ((url) => new WebSocket(url)),
      timers,
      random: options.random ?? Math.random,
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      firstRetryMs: options.firstRetryMs ?? 250,
      maxRetryMs: options.maxRetryMs ?? 5_000,
      onListenerError: options.onListenerError ?? ((error) => console.error('A colorChanger event listener threw', error)),
      probe: options.probe ?? probeOverHttp,
    };
    this.api = buildApi(this);
    this.#connect();
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  /** Calls `listener` on every status change; returns the unsubscribe function. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  invoke(command: CommandName, payload: unknown): Promise<Result<unknown>> {
    if (this.#status === 'forbidden') return Promise.resolve(failure('forbidden', MESSAGES.forbidden));
    if (this.#status === 'closed') return Promise.resolve(failure('network', MESSAGES.closed));
    if (this.#status === 'reconnecting') return Promise.resolve(failure('network', MESSAGES.notConnected));
    if (this.#pending.size >= MAX_PENDING) return Promise.resolve(failure('network', MESSAGES.busy));
    const id = this.#nextId++;
    const text = JSON.stringify({ id, command, payload: payload ?? {} } satisfies BridgeRequest);
    return new Promise((resolve) => {
      const timer = this.#options.timers.setTimeout(() => this.#settle(id, failure('network', MESSAGES.timeout)), this.#options.requestTimeoutMs);
      this.#pending.set(id, { resolve, timer });
      if (this.#status === 'open' && this.#socket?.readyState === OPEN) this.#socket.send(text);
      else this.#queue.push({ id, text });
    });
  }

  subscribe(event: EventName, listener: (payload: unknown) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    // A wrapper per call, so subscribing the same function twice needs two unsubscribes.
    const entry = (payload: unknown): void => listener(payload);
    set.add(entry);
    return () => set.delete(entry);
  }

  /** Closes for good: pending calls end, no reconnect. */
  close(): void {
    if (this.#status === 'closed') return;
    this.#setStatus('closed');
    this.#cancelRetry();
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000, 'closed by the page');
    this.#failAll(failure('network', MESSAGES.closed));
  }

  #connect(): void {
    const socket = this.#options.createSocket(this.#options.url);
    this.#socket = socket;
    let opened = false;
    socket.addEventListener('open', () => {
      if (this.#socket !== socket) return;
      opened = true;
      this.#attempt = 0;
      this.#setStatus('open');
      for (const { text } of this.#queue.splice(0)) socket.send(text);
    });
    socket.addEventListener('message', (event) => {
      if (this.#socket === socket) this.#onMessage(event.data);
    });
    socket.addEventListener('close', (event) => {
      if (this.#socket === socket) this.#onClose(event.code, opened);
    });
    // An 'error' is always followed by 'close', which does the work.
    socket.addEventListener('error', () => {});
  }

  #onClose(code: number, opened: boolean): void {
    this.#socket = null;
    if (code === POLICY_CLOSE) {
      this.#refused();
      return;
    }
    if (opened) {
      this.#failAll(failure('network', MESSAGES.lost));
      this.#setStatus('reconnecting');
      this.#scheduleRetry();
      return;
    }
    // Calls waiting for this socket learn which it was, refused or unreachable, once the probe says.
    this.#setStatus('reconnecting');
    void this.#options.probe(this.#options.url).then((verdict) => {
      if (this.#status !== 'reconnecting') return;
      if (verdict === 'refused') {
        this.#refused();
        return;
      }
      this.#failAll(failure('network', MESSAGES.lost));
      this.#scheduleRetry();
    });
  }

  #refused(): void {
    this.#setStatus('forbidden');
    this.#failAll(failure('forbidden', MESSAGES.forbidden));
  }

  #scheduleRetry(): void {
    const ceiling = Math.min(this.#options.maxRetryMs, this.#options.firstRetryMs * 2 ** this.#attempt);
    this.#attempt = Math.min(this.#attempt + 1, 20);
    this.#retryTimer = this.#options.timers.setTimeout(() => {
      this.#retryTimer = null;
      this.#setStatus('connecting');
      this.#connect();
    }, Math.floor(this.#options.random() * ceiling));
  }

  #onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (message === null || typeof message !== 'object') return;
    if ('event' in message && 'payload' in message) {
      if (isEventName(message.event)) this.#emit(message.event, message.payload);
      return;
    }
    if ('id' in message && typeof message.id === 'number' && 'result' in message && isResult(message.result)) {
      this.#settle(message.id, message.result);
    }
  }

  #emit(event: EventName, payload: unknown): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        this.#options.onListenerError(error);
      }
    }
  }

  #settle(id: number, result: Result<unknown>): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    // A call that ended while waiting for the connection must not run later.
    const queued = this.#queue.findIndex((entry) => entry.id === id);
    if (queued >= 0) this.#queue.splice(queued, 1);
    this.#options.timers.clearTimeout(pending.timer);
    pending.resolve(result);
  }

  #failAll(result: Result<unknown>): void {
    this.#queue.length = 0;
    for (const id of [...this.#pending.keys()]) this.#settle(id, result);
  }

  #cancelRetry(): void {
    if (this.#retryTimer !== null) this.#options.timers.clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #setStatus(status: ConnectionStatus): void {
    if (this.#status === status) return;
    this.#status = status;
    for (const listener of [...this.#statusListeners]) {
      try {
        listener(status);
      } catch (error) {
        this.#options.onListenerError(error);
      }
    }
  }
}

function failure(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

function isResult(value: unknown): value is Result<unknown> {
  if (value === null || typeof value !== 'object' || !('ok' in value)) return false;
  if (value.ok === true) return 'data' in value;
  if (value.ok !== false || !('error' in value)) return false;
  const error = value.error;
  return error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string' && 'message' in error && typeof error.message === 'string';
}

export function createWsClient(options: WsClientOptions): WsClient {
  return new WsClient(options);
}
