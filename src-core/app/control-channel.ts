import { createConnection, type Socket } from 'node:net';
import { z } from 'zod';
import { TimeoutError } from '../runtime/errors.js';
import type { Logger } from '../runtime/logger.js';
import type { Result } from '../ipc/result.js';

/**
 * The local channel of a running process (desktop or headless): newline-delimited JSON,
 * one request `{id, command, payload}` answered by `{id, result}`. Commands are the IPC
 * contract's, served by the same transport-agnostic handlers, so `status` and the
 * management commands change state through the running process and nothing is lost.
 */
const MAX_LINE_BYTES = 1_000_000;

const requestSchema = z.object({ id: z.number().int(), command: z.string().max(100), payload: z.unknown() });
const responseSchema = z.object({ id: z.number().int(), result: z.unknown() });

export type Dispatch = (command: unknown, payload: unknown) => Promise<Result<unknown>>;

/** Serves one connection; returns a function that ends it. */
export function serveControlConnection(socket: Socket, dispatch: Dispatch, logger: Logger): () => void {
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    if (buffer.length > MAX_LINE_BYTES) {
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
  socket.on('error', () => socket.destroy());

  async function answer(line: string): Promise<void> {
    let parsed: z.infer<typeof requestSchema>;
    try {
      parsed = requestSchema.parse(JSON.parse(line));
    } catch {
      logger.warn('control.malformed', 'A malformed control request was refused');
      write({ id: -1, result: { ok: false, error: { code: 'invalid_request', message: 'Malformed control request' } } });
      return;
    }
    const result = await dispatch(parsed.command, parsed.payload);
    write({ id: parsed.id, result });
  }

  function write(message: unknown): void {
    if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
  }

  return () => socket.destroy();
}

/** Sends one command to the process owning `socketPath` and returns its result. */
export function sendControlCommand(socketPath: string, command: string, payload: unknown, timeoutMs = 10_000): Promise<Result<unknown>> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath);
    let buffer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new TimeoutError(`the running process (${command})`, timeoutMs));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.once('connect', () => socket.write(`${JSON.stringify({ id: 1, command, payload })}\n`));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      socket.end();
      try {
        const response = responseSchema.parse(JSON.parse(buffer.slice(0, newline)));
        resolve(response.result as Result<unknown>);
      } catch (error) {
        reject(error);
      }
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
