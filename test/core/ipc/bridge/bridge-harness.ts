import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import WebSocket from 'ws';
import { type UiBridge, type UiBridgeOptions, startUiBridge } from '../../../../src-core/ipc/bridge/server.js';
import type { BridgeEvent, BridgeServerMessage } from '../../../../src-core/ipc/bridge/protocol.js';
import { createIpcHandlers } from '../../../../src-core/ipc/handlers.js';
import { type RendererAssets, createRendererAssets } from '../../../../src-core/ipc/renderer-assets.js';
import type { Result } from '../../../../src-core/ipc/result.js';
import { MemoryLogSink, SecretRegistry, createLogger } from '../../../../src-core/runtime/logger.js';
import { FakeCore, type FakeCoreOptions } from '../fake-core.js';

/** A renderer folder of its own, so these tests do not depend on the real UI's files. */
export function tempRendererAssets(): { assets: RendererAssets; cleanup(): void } {
  const base = mkdtempSync(join(tmpdir(), 'bridge-assets-'));
  const sourceDir = join(base, 'renderer');
  const compiledDir = join(base, 'out', 'renderer');
  mkdirSync(sourceDir, { recursive: true });
  mkdirSync(compiledDir, { recursive: true });
  writeFileSync(join(sourceDir, 'index.html'), '<!doctype html><link rel="stylesheet" href="style.css"><script type="module" src="main.js"></script>');
  writeFileSync(join(sourceDir, 'style.css'), 'body { color: black; }');
  writeFileSync(join(compiledDir, 'main.js'), 'export {};');
  return { assets: createRendererAssets({ sourceDir, compiledDir }), cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

export interface TestBridge {
  core: FakeCore;
  bridge: UiBridge;
  sink: MemoryLogSink;
  platform: { openExternal: ReturnType<typeof vi.fn>; openPath: ReturnType<typeof vi.fn> };
  /** Every text message any test socket received, as sent. */
  received: string[];
  connect(options?: { origin?: string | null; url?: string; host?: string }): Promise<TestSocket>;
  close(): Promise<void>;
}

export async function startTestBridge(
  options: { core?: FakeCoreOptions; bridge?: Partial<UiBridgeOptions> } = {},
): Promise<TestBridge> {
  const sink = new MemoryLogSink();
  const secrets = new SecretRegistry();
  const logger = createLogger(sink, { secrets });
  const core = new FakeCore(options.core);
  const platform = { openExternal: vi.fn(async () => {}), openPath: vi.fn(async () => {}) };
  const handlers = createIpcHandlers({ core, platform, logger, secrets });
  const { assets, cleanup } = tempRendererAssets();
  const bridge = await startUiBridge({ handlers, assets, logger, port: 0, secrets, ...options.bridge });
  const received: string[] = [];
  const sockets: TestSocket[] = [];
  return {
    core,
    bridge,
    sink,
    platform,
    received,
    async connect(connectOptions = {}) {
      const origin = connectOptions.origin === undefined ? bridge.origin : connectOptions.origin;
      const socket = await TestSocket.open(connectOptions.url ?? bridge.wsUrl, origin, received, connectOptions.host);
      sockets.push(socket);
      return socket;
    },
    async close() {
      await Promise.all(sockets.map((s) => s.close()));
      await bridge.stop();
      cleanup();
    },
  };
}

/** A raw WebSocket client that records every message and pairs answers with requests. */
export class TestSocket {
  readonly messages: BridgeServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  #nextId = 1;
  #waiters: Array<{ test(m: BridgeServerMessage): boolean; resolve(m: BridgeServerMessage): void }> = [];
  readonly #unclaimed: BridgeServerMessage[] = [];

  private constructor(
    readonly ws: WebSocket,
    received: string[],
  ) {
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('message', (data) => {
      const text = data.toString();
      received.push(text);
      const message = JSON.parse(text) as BridgeServerMessage;
      this.messages.push(message);
      const waiter = this.#waiters.find((w) => w.test(message));
      if (waiter) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      } else {
        this.#unclaimed.push(message);
      }
    });
  }

  static open(url: string, origin: string | null, received: string[], host?: string): Promise<TestSocket> {
    const ws = new WebSocket(url, { ...(origin === null ? {} : { origin }), ...(host ? { headers: { host } } : {}) });
    const socket = new TestSocket(ws, received);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(socket));
      ws.once('error', reject);
    });
  }

  /** The next message matching `test`, including one already received and not yet taken. */
  next(test: (m: BridgeServerMessage) => boolean): Promise<BridgeServerMessage> {
    const index = this.#unclaimed.findIndex(test);
    if (index >= 0) return Promise.resolve(this.#unclaimed.splice(index, 1)[0]!);
    return new Promise((resolve) => this.#waiters.push({ test, resolve }));
  }

  nextEvent(event: BridgeEvent['event']): Promise<BridgeEvent> {
    return this.next((m) => 'event' in m && m.event === event) as Promise<BridgeEvent>;
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  async request(command: string, payload?: unknown): Promise<Result<unknown>> {
    const id = this.#nextId++;
    const answer = this.next((m) => 'id' in m && m.id === id);
    this.ws.send(JSON.stringify({ id, command, payload }));
    return ((await answer) as { result: Result<unknown> }).result;
  }

  /** Sends `raw` and waits for the next answer that carries `id` (null for unreadable messages). */
  async rawRequest(raw: string | Buffer, id: string | number | null = null): Promise<Result<unknown>> {
    const answer = this.next((m) => 'id' in m && m.id === id);
    this.ws.send(raw);
    return ((await answer) as { result: Result<unknown> }).result;
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close();
    await this.closed;
  }
}

/** Opens a socket expected to be refused; resolves with how it ended. */
export async function refusedSocket(url: string, headers: { origin?: string; host?: string }): Promise<{ code?: number; reason?: string; status?: number }> {
  const ws = new WebSocket(url, { ...(headers.origin ? { origin: headers.origin } : {}), headers: headers.host ? { host: headers.host } : {} });
  return new Promise((resolve) => {
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode });
      res.resume();
      ws.terminate();
    });
    ws.once('error', () => {});
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}
