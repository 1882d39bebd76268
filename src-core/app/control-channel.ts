import { createConnection, type Socket } from 'node:net';
import { z } from 'zod';
import type { IpcHandlers } from '../ipc/handlers.js';
import type { Result } from '../ipc/result.js';
import { TimeoutError } from '../runtime/errors.js';
import type { Logger } from '../runtime/logger.js';

/**
 * The local channel of a running process (desktop or headless): newline-delimited JSON.
 * A request `{id, command, payload}` is answered by `{id, result}`; the commands are the IPC
 * contract's, served by the same transport-agnostic handlers, so `status` and management
 * commands change state through the running process and nothing is lost. The extra command
 * `events:subscribe` makes the connection receive core events as `{event, payload}` lines.
 */
const MAX_LINE_CHARS = 1_000_000;
export const SUBSCRIBE_COMMAND = 'events:subscribe';

const requestSchema = z.object({ id: z.number().int(), command: z.string().max(100), payload: z.unknown() });
const inboundSchema = z.union([
  z.object({ id: z.number().int(), result: z.unknown() }),
  z.object({ event: z.string(), payload: z.unknown() }),
]);

/** Serves one connection until it closes; returns a function that ends it. */
export function serveControlConnection(socket: Socket, handlers: Pick<IpcHandlers, 'dispatch' | 'forwardEvents'>, logger: Logger): () => void {
  let buffer = '';
  let unsubscribe: (() => void) | undefined;
  const write = (message: unknown): void => {
    if (!socket.destroyed && socket.writable) socket.write(`${JSON.stringify(message)}\n`);
  };
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    if (buffer.length > MAX_LINE_CHARS) {
      logger.warn('control.oversized', 'A control request was too large; closing that connection');
      socket.destroy();
      return;
    }
    for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      void answer(line);
    }
  });
  socket.on('close', () => unsubscribe?.());
  socket.on('error', () => socket.destroy());

  async function answer(line: string): Promise<void> {
    let request: z.infer<typeof requestSchema>;
    try {
      request = requestSchema.parse(JSON.parse(line));
    } catch {
      logger.warn('control.malformed', 'A malformed control request was refused');
      write({ id: -1, result: { ok: false, error: { code: 'invalid_request', message: 'Malformed control request' } } });
      return;
    }
    if (request.command === SUBSCRIBE_COMMAND) {
      unsubscribe ??= handlers.forwardEvents((event, payload) => write({ event, payload }));
      write({ id: request.id, result: { ok: true, data: null } });
      return;
    }
    write({ id: request.id, result: await handlers.dispatch(request.command, request.payload) });
  }

  return () => {
    unsubscribe?.();
    socket.destroy();
  };
}

/** A connection to the process that owns a data dir. */
export class ControlClient {
  readonly #socket: Socket;
  readonly #pending = new Map<number, { resolve: (result: Result<unknown>) => void; reject: (error: unknown) => void; timer: NodeJS.Timeout }>();
  readonly #eventListeners = new Set<(event: string, payload: unknown) => void>();
  #seq = 0;
  #buffer = '';
  #closed = false;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.#onData(chunk));
    socket.on('close', () => this.#fail(new Error('The running process closed the connection')));
    socket.on('error', (error) => this.#fail(error));
  }

  static connect(path: string, timeoutMs = 5_000): Promise<ControlClient> {
    return new Promise((resolve, reject) => {
      const socket = createConnection(path);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TimeoutError('connecting to the running process', timeoutMs));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new ControlClient(socket));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  request(command: string, payload: unknown = {}, timeoutMs = 30_000): Promise<Result<unknown>> {
    if (this.#closed) return Promise.reject(new Error('The connection to the running process is closed'));
    const id = ++this.#seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new TimeoutError(`the running process (${command})`, timeoutMs));
      }, timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      this.#socket.write(`${JSON.stringify({ id, command, payload })}\n`);
    });
  }

  /** Receives core events after `request(SUBSCRIBE_COMMAND)`. */
  onEvent(listener: (event: string, payload: unknown) => void): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  close(): void {
    this.#closed = true;
    this.#socket.end();
    this.#socket.destroy();
  }

  #onData(chunk: string): void {
    this.#buffer += chunk;
    for (let newline = this.#buffer.indexOf('\n'); newline >= 0; newline = this.#buffer.indexOf('\n')) {
      const line = this.#buffer.slice(0, newline);
      this.#buffer = this.#buffer.slice(newline + 1);
      let message: z.infer<typeof inboundSchema>;
      try {
        message = inboundSchema.parse(JSON.parse(line));
      } catch {
        continue;
      }
      if ('event' in message) {
        for (const listener of this.#eventListeners) listener(message.event, message.payload);
        continue;
      }
      const pending = this.#pending.get(message.id);
      if (!pending) continue;
      this.#pending.delete(message.id);
      clearTimeout(pending.timer);
      pending.resolve(message.result as Result<unknown>);
    }
  }

  #fail(error: unknown): void {
    this.#closed = true;
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.#pending.clear();
  }
}
