import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { welcomeFrame } from './frames.js';

/** One client socket as the tiny server sees it. */
export class ServerSocket {
  readonly received: string[] = [];
  closeCode: number | undefined;
  /** Frames sent before this socket closed, in order (for "closed only after X" checks). */
  readonly sentLog: string[] = [];
  readonly closed: Promise<number>;
  #resolveClosed!: (code: number) => void;

  constructor(
    readonly ws: WebSocket,
    /** Path and query the client asked for. */
    readonly path: string,
    readonly sessionId: string,
  ) {
    this.closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    ws.on('message', (data) => this.received.push(String(data)));
    ws.on('close', (code) => {
      this.closeCode = code;
      this.#resolveClosed(code);
    });
    ws.on('error', () => {});
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(frame: string): void {
    this.sentLog.push(frame);
    this.ws.send(frame);
  }

  sendBinary(data: Buffer): void {
    this.ws.send(data, { binary: true });
  }

  welcome(options: { keepaliveSeconds?: number | null; at?: number } = {}): void {
    this.send(welcomeFrame(this.sessionId, options));
  }

  close(code: number, reason = ''): void {
    this.ws.close(code, reason);
  }

  terminate(): void {
    this.ws.terminate();
  }
}

/**
 * A minimal EventSub WebSocket endpoint on 127.0.0.1:0 for unit tests. It welcomes every
 * socket by default (switch off with `autoWelcome = false`) and records what happens.
 */
export class TinyEventSubServer {
  readonly sockets: ServerSocket[] = [];
  autoWelcome: false | { keepaliveSeconds?: number; at?: number } = {};
  /** Called when a socket closes, with its session id (e.g. to disable its subscriptions). */
  onSocketClosed: ((sessionId: string) => void) | undefined;
  #seq = 0;
  #waiters: { n: number; resolve: (s: ServerSocket) => void }[] = [];

  private constructor(
    readonly server: WebSocketServer,
    readonly port: number,
  ) {
    server.on('connection', (ws, req) => {
      this.#seq += 1;
      const socket = new ServerSocket(ws, req.url ?? '/', `session-${this.#seq}`);
      this.sockets.push(socket);
      void socket.closed.then(() => this.onSocketClosed?.(socket.sessionId));
      if (this.autoWelcome) socket.welcome(this.autoWelcome);
      for (const waiter of this.#waiters.filter((w) => w.n <= this.sockets.length)) {
        waiter.resolve(this.sockets[waiter.n - 1]!);
      }
      this.#waiters = this.#waiters.filter((w) => w.n > this.sockets.length);
    });
  }

  static async start(port = 0): Promise<TinyEventSubServer> {
    const server = new WebSocketServer({ host: '127.0.0.1', port });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    return new TinyEventSubServer(server, (server.address() as AddressInfo).port);
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  /** Resolves with the n-th socket (1-based) once it has connected. */
  socket(n: number): Promise<ServerSocket> {
    const existing = this.sockets[n - 1];
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve) => this.#waiters.push({ n, resolve }));
  }

  openSockets(): ServerSocket[] {
    return this.sockets.filter((s) => s.open);
  }

  isOpen(sessionId: string): boolean {
    return this.sockets.some((s) => s.sessionId === sessionId && s.open);
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
