import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An update server on 127.0.0.1:0 serving what electron-builder publishes: the channel files
 * electron-updater reads (latest.yml for NSIS, latest-mac.yml, latest-linux.yml and its
 * arm64 variant) listing each artifact with its sha512 (base64) and size, and the artifacts.
 * The YAML is what electron-builder's updateInfoBuilder writes: version, files[url, sha512,
 * size], path and sha512 of the first file (for old updaters), releaseDate.
 *
 * Faults a test can turn on: an HTTP status for every request, a body that does not match
 * its checksum, an artifact that sends half and then stalls.
 */
export interface Release {
  version: string;
  /** Artifact name -> contents. */
  artifacts: Record<string, Buffer>;
}

export type Fault = { kind: 'status'; status: number } | { kind: 'corrupt' } | { kind: 'stall' } | null;

const CHANNEL_FILES: Record<string, (name: string) => boolean> = {
  'latest.yml': (name) => name.endsWith('.exe'),
  'latest-mac.yml': (name) => name.endsWith('.zip') || name.endsWith('.dmg'),
  'latest-linux.yml': (name) => name.endsWith('.AppImage') || name.endsWith('.deb'),
  'latest-linux-arm64.yml': (name) => name.endsWith('.AppImage') || name.endsWith('.deb'),
};

export class FeedServer {
  readonly requests: string[] = [];
  release: Release | null = null;
  fault: Fault = null;
  readonly #server: Server;
  readonly #stalled = new Set<ServerResponse>();
  #url = '';

  private constructor() {
    this.#server = createServer((request, response) => this.#serve(request, response));
  }

  static async start(): Promise<FeedServer> {
    const feed = new FeedServer();
    await new Promise<void>((resolve) => feed.#server.listen(0, '127.0.0.1', resolve));
    feed.#url = `http://127.0.0.1:${(feed.#server.address() as AddressInfo).port}/`;
    return feed;
  }

  /** The generic provider's URL: a folder holding the channel files and artifacts. */
  get url(): string {
    return this.#url;
  }

  /** Requests for one path (e.g. 'latest-linux.yml'), query strings ignored. */
  requestsFor(path: string): number {
    return this.requests.filter((request) => request === `/${path}`).length;
  }

  async close(): Promise<void> {
    for (const response of this.#stalled) response.destroy();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  channelFile(name: string): string | null {
    const release = this.release;
    const matches = CHANNEL_FILES[name];
    if (!release || !matches) return null;
    const files = Object.entries(release.artifacts).filter(([file]) => matches(file));
    if (files.length === 0) return null;
    const lines = [`version: ${release.version}`, 'files:'];
    for (const [file, contents] of files) lines.push(`  - url: ${file}`, `    sha512: ${sha512(contents)}`, `    size: ${contents.length}`);
    const [first, firstContents] = files[0] as [string, Buffer];
    lines.push(`path: ${first}`, `sha512: ${sha512(firstContents)}`, "releaseDate: '2026-01-02T03:04:05.000Z'");
    return `${lines.join('\n')}\n`;
  }

  #serve(request: IncomingMessage, response: ServerResponse): void {
    const path = new URL(request.url ?? '/', this.#url).pathname;
    this.requests.push(path);
    const fault = this.fault;
    if (fault?.kind === 'status') {
      response.writeHead(fault.status, { 'content-type': 'text/plain' }).end(`fault ${fault.status}`);
      return;
    }
    const name = decodeURIComponent(path.slice(1));
    const channel = this.channelFile(name);
    if (channel !== null) {
      response.writeHead(200, { 'content-type': 'text/yaml', 'content-length': Buffer.byteLength(channel) }).end(channel);
      return;
    }
    const artifact = this.release?.artifacts[name];
    if (!artifact) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': artifact.length });
    if (fault?.kind === 'corrupt') {
      response.end(Buffer.alloc(artifact.length, 0x5a));
    } else if (fault?.kind === 'stall') {
      this.#stalled.add(response);
      response.write(artifact.subarray(0, Math.floor(artifact.length / 2)));
    } else {
      response.end(artifact);
    }
  }
}

export function sha512(contents: Buffer): string {
  return createHash('sha512').update(contents).digest('base64');
}

/** Artifact bytes that look like a package: big enough for progress events, cheap to make. */
export function artifactBytes(label: string, size = 256 * 1024): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i += 1) bytes[i] = (i * 31 + label.charCodeAt(i % label.length)) & 0xff;
  return bytes;
}
