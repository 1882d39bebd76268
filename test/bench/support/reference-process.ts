import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chatSubscriptionBody, helix } from '../../fake-twitch/test-kit.js';
import { cpuTimes } from './proc.js';
import { until } from './stats.js';
import type { World } from './world.js';

const ENTRY = fileURLToPath(new URL('../reference-client.js', import.meta.url));

/** The reference client (../reference-client.ts) for a world's accounts, subscribed like the app. */
export class ReferenceProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  readonly sessions = new Map<string, string>();
  readonly errors: string[] = [];

  constructor(private readonly world: World) {
    const config = {
      eventSubUrl: world.fake.urls.eventsub,
      apiUrl: world.fake.urls.api,
      clientId: world.clientId,
      users: world.accounts.map((a) => ({ userId: a.userId, token: a.token })),
    };
    this.child = spawn(process.execPath, [ENTRY], { env: { ...process.env, BENCH_REFERENCE: JSON.stringify(config) }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        const [word, userId, sessionId] = line.trim().split(' ');
        if (word === 'SESSION' && userId && sessionId) this.sessions.set(userId, sessionId);
      }
    });
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      if (this.errors.length < 20) this.errors.push(chunk.slice(0, 300));
    });
  }

  cpuTimes(): { user: number; system: number } {
    if (this.child.pid === undefined) throw new Error('bench: the reference client did not start');
    return cpuTimes(this.child.pid);
  }

  /** Waits for every welcome, then creates each account's channel subscriptions on its session. */
  async subscribe(): Promise<void> {
    const { world } = this;
    await until(() => this.sessions.size === world.accounts.length, 'the reference client sessions', 10_000);
    await Promise.all(
      world.accounts.map(async (account) => {
        const sessionId = this.sessions.get(account.userId);
        for (const channel of account.channels) {
          const res = await helix(world.fake, 'POST', '/eventsub/subscriptions', {
            token: account.token,
            clientId: world.clientId,
            body: chatSubscriptionBody(sessionId, channel.id, account.userId),
          });
          if (res.status !== 202) throw new Error(`bench: reference subscription failed with ${res.status}: ${res.text}`);
        }
      }),
    );
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}
