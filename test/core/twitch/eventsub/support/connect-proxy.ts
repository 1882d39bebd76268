import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export type ProxyMode = 'tunnel' | 'refuse' | 'silent';

export interface ConnectProxyOptions {
  mode?: ProxyMode;
  /** Where tunnels really go, whatever host the client asked for (the proxy does the DNS). */
  resolve?: (host: string, port: number) => { host: string; port: number };
}

/**
 * An HTTP CONNECT proxy on 127.0.0.1:0: it tunnels (or refuses with 403, or never
 * answers) and records every CONNECT, with its Proxy-Authorization header.
 */
export class ConnectProxy {
  mode: ProxyMode;
  /** The authority of every CONNECT, e.g. "127.0.0.1:4321". */
  readonly connects: string[] = [];
  readonly authorizations: (string | undefined)[] = [];
  /** Tunnels that reached their target. */
  tunnels = 0;
  readonly #sockets = new Set<Socket>();
  readonly #resolve: ConnectProxyOptions['resolve'];

  private constructor(
    readonly server: Server,
    options: ConnectProxyOptions,
  ) {
    this.mode = options.mode ?? 'tunnel';
    this.#resolve = options.resolve;
    server.on('connection', (socket: Socket) => this.#track(socket));
    server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => this.#onConnect(req, socket, head));
    server.on('request', (_req, res) => res.writeHead(405).end());
  }

  static async start(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new ConnectProxy(server, options);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The proxy URL, optionally with credentials. */
  url(credentials?: string): string {
    return `http://${credentials ? `${credentials}@` : ''}127.0.0.1:${this.port}`;
  }

  /** Client connections the proxy still holds open. */
  get openSockets(): number {
    return [...this.#sockets].filter((s) => !s.destroyed).length;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #track(socket: Socket): void {
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => {});
  }

  #onConnect(req: IncomingMessage, client: Socket, head: Buffer): void {
    const authority = req.url ?? '';
    this.connects.push(authority);
    this.authorizations.push(req.headers['proxy-authorization']);
    // http.Server sockets are half-open: a client that hangs up must be let go explicitly.
    client.once('end', () => client.destroy());
    if (this.mode === 'silent') return;
    if (this.mode === 'refuse') {
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(authority);
    if (!match) {
      client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const asked = { host: match[1]!, port: Number(match[2]) };
    const target = this.#resolve ? this.#resolve(asked.host, asked.port) : asked;
    const upstream = connect(target.port, target.host);
    this.#track(upstream);
    upstream.once('connect', () => {
      this.tunnels += 1;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.once('error', () => client.destroy());
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  }
}
