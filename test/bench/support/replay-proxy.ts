import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import WebSocket from 'ws';

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** A server-to-client WebSocket frame (unmasked, final) around `payload`. */
export function encodeFrame(payload: Buffer, opcode = 0x1): Buffer {
  const length = payload.length;
  let header: Buffer;
  if (length < 126) {
    header = Buffer.from([0x80 | opcode, length]);
  } else if (length < 65_536) {
    header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

/**
 * A one-client EventSub proxy on 127.0.0.1 for the throughput run. The app connects here;
 * the proxy opens the same URL at the fake Twitch and forwards every frame (welcome,
 * keepalives, own messages from say()), so subscriptions are made on the fake's real
 * session. Other chatters' frames are injected straight into the app's socket as large
 * pre-encoded writes: the fake sends one write per frame and cannot keep up with the app.
 */
export class ReplayProxy {
  readonly url: string;
  #client: Socket | undefined;
  #upstream: WebSocket | undefined;
  #connected: (() => void) | undefined;
  readonly connected: Promise<void>;

  private constructor(
    private readonly server: Server,
    private readonly upstreamUrl: string,
  ) {
    this.url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
    this.connected = new Promise((resolve) => (this.#connected = resolve));
    server.on('upgrade', (req: IncomingMessage, socket: Socket) => this.#accept(req, socket));
  }

  static async start(upstreamUrl: string): Promise<ReplayProxy> {
    const server = createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new ReplayProxy(server, upstreamUrl);
  }

  /** Writes pre-encoded frames to the app; false means wait for `drained()`. */
  inject(bytes: Buffer): boolean {
    if (!this.#client) throw new Error('bench: no client on the replay proxy');
    return this.#client.write(bytes);
  }

  drained(): Promise<void> {
    const client = this.#client;
    if (!client || !client.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => client.once('drain', () => resolve()));
  }

  async close(): Promise<void> {
    this.#upstream?.terminate();
    this.#client?.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #accept(req: IncomingMessage, socket: Socket): void {
    const key = req.headers['sec-websocket-key'];
    if (this.#client || typeof key !== 'string') {
      socket.destroy();
      return;
    }
    const accept = createHash('sha1').update(key + WS_GUID).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    socket.setNoDelay(true);
    this.#client = socket;
    const query = new URL(req.url ?? '/', 'http://127.0.0.1').search;
    const upstream = new WebSocket(`${this.upstreamUrl}${query}`, { perMessageDeflate: false });
    this.#upstream = upstream;
    upstream.on('message', (data, isBinary) => {
      const payload = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      if (!socket.destroyed) socket.write(encodeFrame(payload, isBinary ? 0x2 : 0x1));
    });
    upstream.on('close', () => socket.end(encodeFrame(Buffer.alloc(0), 0x8)));
    upstream.on('error', () => socket.destroy());
    // The app only ever sends a close frame (and pongs): answer the close, so it need not time out.
    socket.on('data', (bytes: Buffer) => {
      if (((bytes[0] ?? 0) & 0x0f) === 0x8) socket.end(encodeFrame(Buffer.alloc(0), 0x8));
    });
    socket.on('close', () => upstream.terminate());
    socket.on('error', () => upstream.terminate());
    this.#connected?.();
  }
}
