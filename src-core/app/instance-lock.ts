import { createHash } from 'node:crypto';
import { mkdirSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ColorChangerError } from '../runtime/errors.js';

/**
 * One process per data dir. The owner listens on a local socket in the data dir (a named
 * pipe on Windows); the socket is both the lock and the channel that `status` and the
 * management commands use. A socket file left by a crashed process refuses connections,
 * which is how it is told apart from a live owner and taken over. No pid files: pids
 * repeat in containers.
 */
export class DataDirInUseError extends ColorChangerError {
  readonly code = 'data_dir_in_use';
  constructor(readonly dataDir: string) {
    super(`Another Twitch ColorChanger is already running on ${dataDir}; stop it first or use another --data-dir`);
  }
}

/** Unix socket paths are limited to ~104 bytes; long data dirs get a hashed path in tmp. */
const MAX_SOCKET_PATH = 100;

export function controlSocketPath(dataDir: string, platform: NodeJS.Platform = process.platform): string {
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  if (platform === 'win32') return `\\\\.\\pipe\\twitch-colorchanger-${hash}`;
  const inDir = join(dataDir, 'control.sock');
  return Buffer.byteLength(inDir) <= MAX_SOCKET_PATH ? inDir : join(tmpdir(), `twitch-colorchanger-${hash}.sock`);
}

/** Whether some process answers on the data dir's control socket. */
export function probeOwner(path: string, timeoutMs = 1000): Promise<'alive' | 'stale' | 'absent'> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    const timer = setTimeout(() => finish('alive'), timeoutMs);
    function finish(result: 'alive' | 'stale' | 'absent'): void {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    }
    socket.once('connect', () => finish('alive'));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      finish(error.code === 'ENOENT' ? 'absent' : 'stale');
    });
  });
}

export interface InstanceLock {
  readonly path: string;
  readonly server: Server;
  release(): Promise<void>;
}

/**
 * Takes the data dir: listens on its control socket, taking over a stale one. Throws
 * DataDirInUseError when a live process owns it. `onConnection` serves the channel.
 */
export async function acquireInstanceLock(dataDir: string, onConnection: (socket: Socket) => void): Promise<InstanceLock> {
  const path = controlSocketPath(dataDir);
  // The socket lives in the data dir: a first run on a new dir must create it before listening.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const server = createServer(onConnection);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await listen(server, path);
      return {
        path,
        server,
        release: () =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            // Open client connections would keep close() waiting; they are ours to end.
            server.emit('release');
          }),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      const owner = await probeOwner(path);
      if (owner === 'alive') throw new DataDirInUseError(dataDir);
      if (process.platform !== 'win32') {
        try {
          unlinkSync(path);
        } catch (unlinkError) {
          if ((unlinkError as NodeJS.ErrnoException).code !== 'ENOENT') throw unlinkError;
        }
      }
    }
  }
  throw new DataDirInUseError(dataDir);
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(path);
  });
}
