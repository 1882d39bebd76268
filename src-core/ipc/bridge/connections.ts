import { WebSocket } from 'ws';
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import type { EventName, EventPayload } from '../contract.js';
import { describeIssues, type IpcHandlers } from '../handlers.js';
import { type Result, fail } from '../result.js';
import { BRIDGE_CLOSE, type BridgeRequestId, type BridgeServerMessage, bridgeRequestIdSchema, bridgeRequestSchema } from './protocol.js';

/** A UI that reads slower than events arrive is cut off rather than buffered without end (R10). */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const MAX_CLIENTS = 32;
/** How long a stopping bridge waits for UIs to answer the close handshake. */
const CLOSE_GRACE_MS = 1000;

/**
 * The accepted WebSocket connections: reads requests, answers them through the handlers
 * (the same validation as Electron IPC) and fans events out to every open one.
 */
export class BridgeConnections {
  readonly #sockets = new Set<WebSocket>();
  readonly #handlers: IpcHandlers;
  readonly #logger: Logger;
  readonly #clock: Clock;

  constructor(deps: { handlers: IpcHandlers; logger: Logger; clock: Clock }) {
    this.#handlers = deps.handlers;
    this.#logger = deps.logger;
    this.#clock = deps.clock;
  }

  get size(): number {
    return this.#sockets.size;
  }

  add(socket: WebSocket): void {
    socket.on('error', (error) => {
      // ws emits protocol violations (oversized or invalid frames) here and then closes.
      this.#logger.warn('bridge.socket_error', 'A UI connection failed', { error });
    });
    if (this.#sockets.size >= MAX_CLIENTS) {
      this.#logger.warn('bridge.too_many_clients', 'Refused a UI connection: too many are open', { open: this.#sockets.size });
      socket.close(BRIDGE_CLOSE.tryAgainLater, 'Too many UI connections are open');
      return;
    }
    socket.on('close', (code) => {
      this.#sockets.delete(socket);
      this.#logger.info('bridge.client_closed', 'A UI disconnected', { code, open: this.#sockets.size });
    });
    socket.on('message', (data, isBinary) => this.#onMessage(socket, data, isBinary));
    // Snapshot and membership in one synchronous step: no event can fall between them.
    const snapshot = this.#handlers.currentSnapshot();
    if (snapshot) this.#send(socket, JSON.stringify({ event: 'state:changed', payload: snapshot } satisfies BridgeServerMessage));
    this.#sockets.add(socket);
    this.#logger.info('bridge.client_connected', 'A UI connected', { open: this.#sockets.size });
  }

  broadcast<E extends EventName>(event: E, payload: EventPayload<E>): void {
    if (this.#sockets.size === 0) return;
    const text = JSON.stringify({ event, payload });
    for (const socket of this.#sockets) this.#send(socket, text);
  }

  /** Closes every connection (going away), terminating those that do not finish in time. */
  async closeAll(): Promise<void> {
    const open = [...this.#sockets];
    this.#sockets.clear();
    await Promise.all(open.map((socket) => this.#closeOne(socket)));
  }

  #closeOne(socket: WebSocket): Promise<void> {
    if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = this.#clock.setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
      socket.once('close', () => {
        timer.cancel();
        resolve();
      });
      socket.close(BRIDGE_CLOSE.goingAway, 'The app is stopping');
    });
  }

  #onMessage(socket: WebSocket, data: WebSocket.RawData, isBinary: boolean): void {
    if (isBinary) {
      this.#reply(socket, null, fail('invalid_request', 'Messages must be JSON text, not binary'));
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(rawText(data));
    } catch {
      this.#reply(socket, null, fail('invalid_request', 'The message is not valid JSON'));
      return;
    }
    const request = bridgeRequestSchema.safeParse(json);
    if (!request.success) {
      this.#logger.warn('bridge.bad_message', 'A UI sent a message that is not a request', { issues: request.error.issues.length });
      this.#reply(socket, idOf(json), fail('invalid_request', `The message is not a request: ${describeIssues(request.error.issues)}`));
      return;
    }
    const { id, command, payload } = request.data;
    this.#handlers
      .dispatch(command, payload)
      .catch((error: unknown): Result<unknown> => {
        // dispatch promises never to reject; if it ever does, that is a bug to see in the log.
        this.#logger.error('bridge.dispatch_rejected', 'The IPC handlers rejected instead of answering', { error, command });
        return fail('internal', 'Something went wrong in the app; the log has the details');
      })
      .then((result) => this.#reply(socket, id, result));
  }

  #reply(socket: WebSocket, id: BridgeRequestId | null, result: Result<unknown>): void {
    this.#send(socket, JSON.stringify({ id, result } satisfies BridgeServerMessage));
  }

  #send(socket: WebSocket, text: string): void {
    if (socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.#logger.warn('bridge.slow_client', 'Dropped a UI connection that stopped reading', { buffered: socket.bufferedAmount });
      this.#sockets.delete(socket);
      socket.terminate();
      return;
    }
    socket.send(text);
  }
}

function rawText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function idOf(json: unknown): BridgeRequestId | null {
  if (json === null || typeof json !== 'object' || !('id' in json)) return null;
  const id = bridgeRequestIdSchema.safeParse(json.id);
  return id.success ? id.data : null;
}
