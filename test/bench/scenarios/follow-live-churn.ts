import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { CoreApp } from '../../../src-core/app/core-app.js';
import type { AccountView } from '../../../src-core/ipc/snapshot.js';
import { createLogger, SecretRegistry, type LogRecord } from '../../../src-core/runtime/logger.js';
import { sealTokens } from '../../../src-core/store/account-secrets.js';
import { createFileBackend } from '../../../src-core/store/file-storage.js';
import { PlainSecretBox } from '../../../src-core/store/plain-secret-box.js';
import { buildAccount } from '../../../src-core/store/schema.js';
import { StateStore } from '../../../src-core/store/state-store.js';
import { REQUESTED_SCOPES } from '../../../src-core/twitch/auth/token-set.js';
import { HttpClient, type HttpRequest, type HttpResponse } from '../../../src-core/twitch/http/http-client.js';
import { ManualClock } from '../../support/manual-clock.js';
import { FakeHost } from '../support/fake-host.js';
import type { Row } from '../support/report.js';
import { percentile, round, sleep } from '../support/stats.js';

export interface FollowLiveChurnOptions {
  /** Live followed channels at start (and all along: as many go live as go offline). */
  live: number;
  /** Followed channels offline at start; they go live in turn, oldest offline first. */
  offline: number;
  /** Channels going live, and as many going offline, before each churn poll. */
  churn: number;
  churnPolls: number;
  seed?: number;
}

const SUBSCRIPTIONS = '/helix/eventsub/subscriptions';
const STEP_MS = 1_000;
const START = Date.UTC(2026, 0, 1);

/** The core's HTTP client, counting the calls in flight so the bench knows when a poll's work is done. */
class CountingHttpClient extends HttpClient {
  inFlight = 0;
  followedPolls = 0;
  override async send(req: HttpRequest): Promise<HttpResponse> {
    this.inFlight += 1;
    try {
      return await super.send(req);
    } finally {
      this.inFlight -= 1;
      if (String(req.url).includes('/helix/streams/followed')) this.followedPolls += 1;
    }
  }
}

interface PollFigures {
  /** Simulated time the poll fired. */
  at: number;
  creates: number;
  deletes: number;
  /** Real time from the poll's timer to the last answer of the work it caused. */
  workMs: number;
  cpuMs: number;
}

const grantSchema = z.object({ access_token: z.string(), refresh_token: z.string(), expires_in: z.number(), scope: z.array(z.string()) });

/**
 * 8. "Live channels I follow" under churn: one account with the switch on (cap 500), the
 * given number of followed channels live at start, then before every poll `churn` go live
 * and as many go offline (control routes of the fake). The core runs in this process on a
 * ManualClock; the fake Twitch runs in a child process on its own ManualClock moved in step
 * (fake-twitch-host.ts), so process.cpuUsage() around a poll is the core's CPU alone. Simulated
 * time moves in 1 s steps; a poll is fired alone and waited for on real time.
 */
export async function followLiveChurn(o: FollowLiveChurnOptions): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const host = await FakeHost.start(START);
  const clock = new ManualClock(START);
  const dataDir = mkdtempSync(join(tmpdir(), 'tcc-bench-follow-'));
  const problems: string[] = [];
  const logger = createLogger({ write: (r: LogRecord) => void (r.level === 'warn' || r.level === 'error' ? problems.length < 50 && problems.push(`${r.level} ${r.event}: ${r.message}`) : undefined) }, { now: () => clock.now() });
  const http = new CountingHttpClient({ clock, timeoutMs: 60_000 });
  const store = new StateStore({ storage: createFileBackend(dataDir), clock, logger });
  let core: CoreApp | undefined;
  try {
    // The fake's world, through its control routes.
    const { clientId } = z.object({ clientId: z.string() }).parse(await host.control('POST', '/clients', { type: 'public' }));
    await host.control('POST', '/users', { login: 'follower', prime: true });
    const logins = Array.from({ length: o.live + o.offline }, (_, i) => `followed_${i}`);
    for (const login of logins) await host.control('POST', '/users', { login });
    await host.control('POST', '/follows', { user: 'follower', channels: logins });
    const liveQueue = logins.slice(0, o.live);
    const offlineQueue = logins.slice(o.live);
    for (const [i, login] of liveQueue.entries()) await host.control('POST', '/streams/start', { channel: login, viewers: 10_000 - i * 37 });
    const grant = grantSchema.parse(await host.control('POST', '/tokens', { user: 'follower', clientId, scopes: [...REQUESTED_SCOPES] }));

    store.load();
    const box = new PlainSecretBox();
    const tokens = await sealTokens(box, { accessToken: grant.access_token, refreshToken: grant.refresh_token, expiresAt: clock.now() + grant.expires_in * 1000, scopes: grant.scope });
    await store.persistNow((draft) => {
      draft.settings.clientId = clientId;
      draft.accounts.push(buildAccount({ id: 'acct-follower', login: 'follower', clientId, tokens, channels: [], followLive: { enabled: true, max: 500 }, addedAt: clock.now() }));
    });
    let seed = o.seed ?? 18;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    core = new CoreApp({
      store,
      box,
      endpoints: { authUrl: host.urls.auth, apiUrl: host.urls.api, eventSubUrl: host.urls.eventsub },
      clock,
      logger,
      secrets: new SecretRegistry(),
      version: '0.0.0-bench',
      paths: { dataDir, logDir: join(dataDir, 'logs') },
      startOnBootSupported: false,
      http,
      random,
      snapshotDelayMs: 5,
      keepaliveTimeoutSeconds: 600,
    });
    const running = core;
    const account = (): AccountView => {
      const view = running.snapshot().accounts[0];
      if (!view) throw new Error('bench: the account is gone');
      return view;
    };
    const listening = (): string[] => account().channels.filter((c) => c.source === 'followed-live' && c.state === 'listening').map((c) => c.login);

    /** Waits (real time) until no call is in flight and none started for a few ms. */
    const quiet = async (): Promise<void> => {
      for (let calm = 0; calm < 3; ) {
        await sleep(1);
        calm = http.inFlight === 0 ? calm + 1 : 0;
      }
    };
    const step = async (ms: number): Promise<void> => {
      await Promise.all([clock.advance(ms), host.advance(ms)]);
      await quiet();
    };
    const subscriptionCalls = async (): Promise<{ creates: number; deletes: number }> => {
      const calls = await host.requests(SUBSCRIPTIONS);
      return { creates: calls.filter((c) => c.method === 'POST').length, deletes: calls.filter((c) => c.method === 'DELETE').length };
    };
    const until = async (predicate: () => boolean, what: string, maxMs: number): Promise<void> => {
      const started = clock.now();
      while (!predicate()) {
        if (clock.now() - started > maxMs) throw new Error(`bench: ${what} not reached after ${maxMs} ms simulated`);
        await step(STEP_MS);
      }
    };

    /** Walks to the next poll, fires it alone, and measures it up to the last answer of its work. */
    const poll = async (): Promise<PollFigures> => {
      const due = account().followLive.nextPollAt;
      if (due === null) throw new Error(`bench: no poll planned (${account().followLive.state}: ${account().followLive.reason ?? ''})`);
      while (clock.now() + STEP_MS < due) await step(STEP_MS);
      const before = await subscriptionCalls();
      const polls = http.followedPolls;
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      await Promise.all([clock.advance(due - clock.now()), host.advance(due - clock.now())]);
      const deadline = performance.now() + 10_000;
      while (http.followedPolls === polls) {
        if (performance.now() > deadline) throw new Error('bench: the poll due did not come');
        await sleep(1);
      }
      await quiet();
      const workMs = performance.now() - t0;
      const used = process.cpuUsage(cpu);
      const after = await subscriptionCalls();
      return { at: due, creates: after.creates - before.creates, deletes: after.deletes - before.deletes, workMs, cpuMs: (used.user + used.system) / 1000 };
    };

    // Start: every live followed channel subscribed by the first poll.
    const realStart = performance.now();
    running.start();
    await until(() => listening().length === o.live, `${o.live} followed channels listening`, 120_000);
    const first = { simulatedMs: clock.now() - START, realMs: round(performance.now() - realStart), ...(await subscriptionCalls()) };

    // A poll with nothing changed: the whole interval since the first poll, not only the poll itself.
    const callsBefore = await subscriptionCalls();
    const unchanged = await poll();
    const callsAfter = await subscriptionCalls();
    const unchangedCalls = callsAfter.creates - callsBefore.creates + (callsAfter.deletes - callsBefore.deletes);

    // Churn: at a random moment between polls, `churn` go live (offline longest) and `churn` go offline (live longest).
    const churn: Array<PollFigures & { createsInInterval: number; deletesInInterval: number; liveToListeningMs: number }> = [];
    let since = await subscriptionCalls();
    for (let n = 0; n < o.churnPolls; n += 1) {
      const due = account().followLive.nextPollAt ?? clock.now();
      const at = clock.now() + Math.floor(random() * Math.max(0, due - clock.now() - STEP_MS));
      while (clock.now() + STEP_MS <= at) await step(STEP_MS);
      const going = offlineQueue.splice(0, o.churn);
      const leaving = liveQueue.splice(0, o.churn);
      for (const login of leaving) await host.control('POST', '/streams/stop', { channel: login });
      for (const [i, login] of going.entries()) await host.control('POST', '/streams/start', { channel: login, viewers: 500 + i * 11 });
      liveQueue.push(...going);
      offlineQueue.push(...leaving);
      const wentLiveAt = clock.now();
      const figures = await poll();
      const missing = going.filter((login) => !listening().includes(login));
      if (missing.length > 0) throw new Error(`bench: ${missing.length} channels that went live are not listening after the poll (${missing.join(', ')})`);
      // The interval since the previous poll: grace periods ending between two polls let their channels go then.
      const now = await subscriptionCalls();
      churn.push({ ...figures, createsInInterval: now.creates - since.creates, deletesInInterval: now.deletes - since.deletes, liveToListeningMs: figures.at - wentLiveAt + figures.workMs });
      since = now;
    }

    // Nothing changes once more, the code warm: the poll itself makes no call (graces may still end between polls).
    const warmUnchanged = await poll();

    // Steady state: after the first grace periods ended, every interval lets some go.
    const steady = churn.filter((_, i) => i >= Math.ceil(o.churnPolls / 2));
    const perPoll = (p: (typeof churn)[number]): number => p.createsInInterval + p.deletesInInterval;
    const mean = (values: number[]): number => round(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length), 1);
    const cpu = churn.map((p) => p.cpuMs);
    const work = churn.map((p) => p.workMs);
    const liveToListening = churn.map((p) => p.liveToListeningMs / 1000);
    const enabledAtFake = z.array(z.object({ status: z.string() })).parse(await host.control('GET', '/subscriptions')).filter((s) => s.status === 'enabled').length;
    const rows: Row[] = [
      { id: '8', measurement: `follow-live: first poll, ${o.live} live followed channels: subscriptions created`, value: first.creates, unit: 'calls' },
      { id: '8', measurement: 'follow-live: subscription calls of a poll with no change', value: unchangedCalls, unit: 'calls', target: { op: '<=', value: 0 } },
      { id: '8', measurement: `follow-live: subscription calls per poll, ${o.churn} live + ${o.churn} offline each (steady, mean)`, value: mean(steady.map(perPoll)), unit: 'calls' },
      { id: '8', measurement: '  of which creates (mean)', value: mean(steady.map((p) => p.createsInInterval)), unit: 'calls' },
      { id: '8', measurement: '  of which deletes, past the 10-min grace (mean)', value: mean(steady.map((p) => p.deletesInInterval)), unit: 'calls' },
      { id: '8', measurement: 'follow-live: live -> listening p50 (waits for the 2-min poll)', value: round(percentile(liveToListening, 50), 1), unit: 's' },
      { id: '8', measurement: 'follow-live: live -> listening max', value: round(percentile(liveToListening, 100), 1), unit: 's', target: { op: '<=', value: 120 } },
      { id: '8', measurement: `follow-live: poll -> ${o.churn} new listening (work, real time) p50`, value: round(percentile(work, 50), 1), unit: 'ms' },
      { id: '8', measurement: `follow-live: core CPU of one poll (${o.live} live, ${o.churn} new) p50`, value: round(percentile(cpu, 50), 2), unit: 'ms' },
      { id: '8', measurement: 'follow-live: core CPU of one poll, max', value: round(percentile(cpu, 100), 2), unit: 'ms' },
      { id: '8', measurement: 'follow-live: core CPU of a poll with no change (after the churn)', value: round(warmUnchanged.cpuMs, 2), unit: 'ms' },
      { id: '8', measurement: 'follow-live: subscription calls of that poll', value: warmUnchanged.creates + warmUnchanged.deletes, unit: 'calls', target: { op: '<=', value: 0 } },
    ];
    return {
      rows,
      details: {
        options: o,
        first,
        unchanged: { ...unchanged, callsInInterval: unchangedCalls },
        warmUnchanged,
        churn: churn.map((p) => ({ ...p, workMs: round(p.workMs, 2), cpuMs: round(p.cpuMs, 2), liveToListeningMs: round(p.liveToListeningMs) })),
        end: { listening: listening().length, enabledAtFake, simulatedMinutes: round((clock.now() - START) / 60_000, 1) },
        problems,
      },
    };
  } finally {
    await core?.stop({ restoreHome: false }).catch(() => {});
    await store.stop().catch(() => {});
    await http.close();
    await host.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
