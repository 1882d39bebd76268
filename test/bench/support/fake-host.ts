import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { hostReplySchema, type HostMessage } from '../fake-twitch-host.js';

const HOST = fileURLToPath(new URL('../fake-twitch-host.js', import.meta.url));

export type HostUrls = { auth: string; api: string; eventsub: string; control: string };

/** A request the fake logged, as its control route `GET /control/log/requests` lists it. */
const requestEntrySchema = z.object({ at: z.number(), method: z.string(), path: z.string(), status: z.number().optional() });
export type LoggedRequest = z.infer<typeof requestEntrySchema>;

/**
 * The parent's side of fake-twitch-host.ts: the fake Twitch in a child process on its own
 * ManualClock (`advance`), driven through its HTTP control routes (`control`).
 */
export class FakeHost {
  readonly #child: ChildProcess;
  readonly #waiters = new Map<number, () => void>();
  #seq = 0;
  #exited: Promise<void>;

  private constructor(
    child: ChildProcess,
    readonly urls: HostUrls,
  ) {
    this.#child = child;
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.on('message', (raw) => {
      const reply = hostReplySchema.parse(raw);
      if (reply.type !== 'advanced') return;
      this.#waiters.get(reply.id)?.();
      this.#waiters.delete(reply.id);
    });
  }

  /** Starts the host with its clock at `startMs` (the core's clock must start there too). */
  static async start(startMs: number): Promise<FakeHost> {
    const child = fork(HOST, [String(startMs)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const urls = await new Promise<HostUrls>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('bench: the fake Twitch host did not start within 10 s')), 10_000);
      child.once('exit', (code) => reject(new Error(`bench: the fake Twitch host exited (${code})`)));
      child.once('message', (raw) => {
        clearTimeout(timer);
        const reply = hostReplySchema.parse(raw);
        if (reply.type === 'ready') resolve(reply.urls);
        else reject(new Error('bench: unexpected first message from the fake Twitch host'));
      });
    });
    return new FakeHost(child, urls);
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Moves the fake's clock; resolves once its due timers ran. */
  advance(ms: number): Promise<void> {
    const id = ++this.#seq;
    return new Promise((resolve) => {
      this.#waiters.set(id, resolve);
      this.#send({ type: 'advance', id, ms });
    });
  }

  /** One control call (`path` after `/control`); throws on a status other than 200. */
  async control(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.urls.control}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const json: unknown = await res.json();
    if (res.status !== 200) throw new Error(`bench: control ${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
    return json;
  }

  /** Requests the fake received at `path` (query left out), oldest first. */
  async requests(path: string): Promise<LoggedRequest[]> {
    return z.array(requestEntrySchema).parse(await this.control('GET', `/log/requests?path=${encodeURIComponent(path)}`));
  }

  async close(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#send({ type: 'close' });
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5_000);
    await this.#exited;
    clearTimeout(timer);
  }

  #send(message: HostMessage): void {
    this.#child.send(message);
  }
}
