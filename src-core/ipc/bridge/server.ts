import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { onAbort, throwIfAborted } from '../../runtime/abort.js';
import { type Clock, systemClock } from '../../runtime/clock.js';
import { ColorChangerError } from '../../runtime/errors.js';
import type { Logger, SecretRegistry } from '../../runtime/logger.js';
import type { IpcHandlers } from '../handlers.js';
import type { RendererAssets } from '../renderer-assets.js';
import { type BridgeIdentity, checkAccess, newBridgeToken } from './access.js';
import { BridgeConnections } from './connections.js';
import { createHttpHandler } from './http-handler.js';
import { BRIDGE_MAX_MESSAGE_BYTES, BRIDGE_WS_PATH } from './protocol.js';

/**
 * The WebSocket bridge: serves the renderer and the IPC contract to a browser on the
 * loopback interface only, for the headless mode (`run --ui-port N`) and for browser tests
 * of the real UI. Only the page opened from `url` (which carries a random token) can use
 * it; see access.ts for the checks and protocol.ts for the messages.
 */
export interface UiBridgeOptions {
  handlers: IpcHandlers;
  assets: RendererAssets;
  logger: Logger;
  /** 0 picks a free port. */
  port: number;
  host?: '127.0.0.1' | '::1';
  /** Defaults to 32 random bytes; pass one to keep a UI's URL valid across bridge restarts. */
  token?: string;
  /** Stops the bridge when aborted (as `stop()` does). */
  signal?: AbortSignal;
  clock?: Clock;
  /** The bridge registers its token here so no log line can show it. */
  secrets?: SecretRegistry;
  maxMessageBytes?: number;
}

/** The port could not be listened on (in use, not permitted). */
export class BridgeStartError extends ColorChangerError {
  readonly code = 'bridge_start';
  constructor(
    readonly host: string,
    readonly port: number,
    options: { cause: unknown },
  ) {
    const reason = (options.cause as { code?: unknown } | null)?.code;
    super(`Could not serve the UI on ${host}:${port}${typeof reason === 'string' ? ` (${reason})` : ''}; choose another --ui-port`, options);
  }
}

export class UiBridge {
  readonly #identity: BridgeIdentity;
  readonly #stop: () => Promise<void>;
  readonly #connections: BridgeConnections;

  /** @internal use startUiBridge */
  constructor(identity: BridgeIdentity, connections: BridgeConnections, stop: () => Promise<void>) {
    this.#identity = identity;
    this.#connections = connections;
    this.#stop = stop;
  }

  /** `http://127.0.0.1:PORT` */
  get origin(): string {
    return this.#identity.origin;
  }
  get port(): number {
    return Number(new URL(this.#identity.origin).port);
  }
  /** The address to open in a browser, token included: print it for the user, never log it. */
  get url(): string {
    return `${this.#identity.origin}/?token=${this.#identity.token}`;
  }
  /** Where the page connects, token included. */
  get wsUrl(): string {
    return `${this.#identity.origin.replace(/^http:/, 'ws:')}${BRIDGE_WS_PATH}?token=${this.#identity.token}`;
  }
  get token(): string {
    return this.#identity.token;
  }
  /** Open UI connections. */
  get clients(): number {
    return this.#connections.size;
  }
  /** Closes every connection and the server; resolves when no socket or timer is left. Idempotent. */
  stop(): Promise<void> {
    return this.#stop();
  }
}

const REFUSED_UPGRADE = 'Forbidden: open the address the app printed, with its token';

export async function startUiBridge(options: UiBridgeOptions): Promise<UiBridge> {
  throwIfAborted(options.signal);
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger.child({ component: 'bridge' });
  const token = options.token ?? newBridgeToken();
  if (token.length < 32) throw new RangeError('A bridge token must be at least 32 characters');
  options.secrets?.add(token);

  const server = createServer();
  server.on('clientError', (_error, socket) => socket.destroy());
  const port = await listen(server, host, options.port).catch((cause: unknown) => {
    options.secrets?.delete(token);
    throw new BridgeStartError(host, options.port, { cause });
  });
  server.on('error', (error) => logger.error('bridge.server_error', 'The UI bridge’s server failed', { error }));
  const hostPort = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const identity: BridgeIdentity = {
    origin: `http://${hostPort}`,
    host: hostPort,
    hosts: [hostPort, `localhost:${port}`],
    token,
    cookieName: `colorchanger_${port}`,
  };

  const connections = new BridgeConnections({ handlers: options.handlers, logger, clock: options.clock ?? systemClock });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxMessageBytes ?? BRIDGE_MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
    clientTracking: false,
  });
  let stopping = false;

  server.on('request', createHttpHandler({ assets: options.assets, identity, logger }));
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = URL.canParse(request.url ?? '', identity.origin) ? new URL(request.url ?? '', identity.origin) : null;
    if (!url || url.pathname !== BRIDGE_WS_PATH || stopping) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const verdict = checkAccess(request, url, identity, { originRequired: true, cookieAllowed: false });
    if (!verdict.ok) {
      // Refused before the upgrade: nothing of the WebSocket protocol ever runs for a stranger.
      // The page learns why from a plain GET of the same URL (http-handler.ts answers 403).
      logger.warn('bridge.refused', 'Refused a WebSocket that did not come from the bridge’s own page', {
        transport: 'ws',
        reason: verdict.reason,
        origin: request.headers.origin ?? null,
      });
      socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${REFUSED_UPGRADE.length}\r\n\r\n${REFUSED_UPGRADE}`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      if (stopping) {
        // The handshake finished after stop() began: closeAll() has already run.
        ws.terminate();
        return;
      }
      connections.add(ws);
    });
  });

  const unsubscribe = options.handlers.forwardEvents((event, payload) => connections.broadcast(event, payload));
  let stopped: Promise<void> | undefined;
  const disposeAbort = onAbort(options.signal, () => void stop());

  function stop(): Promise<void> {
    stopped ??= (async () => {
      stopping = true;
      disposeAbort();
      unsubscribe();
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await connections.closeAll();
      server.closeAllConnections();
      await serverClosed;
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      options.secrets?.delete(token);
      logger.info('bridge.stopped', 'The UI bridge stopped', { port });
    })();
    return stopped;
  }

  logger.info('bridge.listening', 'Serving the UI on the loopback interface', { host, port });
  return new UiBridge(identity, connections, stop);
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
