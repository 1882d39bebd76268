import { AppProcess, type AppOptions } from '../support/app-process.js';
import type { ChatFrameFactory } from '../support/chat-frames.js';
import { buildFramePool, PacedSender } from '../support/load.js';
import { ReferenceProcess } from '../support/reference-process.js';
import type { Row } from '../support/report.js';
import { percentile, round, sleep, until } from '../support/stats.js';
import { closeWorld, colorPutTimes, createWorld, enabledSubscriptions, frameTargets, type World } from '../support/world.js';

export interface LatencyOptions {
  accounts: number;
  channelsPerAccount: number;
  /** Other chatters' notifications per second, spread over every subscription. */
  backgroundPerSecond: number;
  idleMs: number;
  cpuWindowMs: number;
  latencyWindowMs: number;
  /** Own messages per second, over all accounts in turn. */
  ownPerSecond: number;
  app?: AppOptions;
}

/** A change arriving later than this is counted as lost. */
const LOST_AFTER_MS = 2_000;

interface Subject {
  cpuTimes(): { user: number; system: number };
}

interface ListeningFigures {
  idleCpuMsPerSecond: number;
  listen: { notifications: number; userMs: number; systemMs: number; cpuMsPerThousand: number };
  latency: { ownMessages: number; lost: number; backgroundNotifications: number; cpuMs: number; p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number };
}

/**
 * 2. Own-message latency and 3. CPU while listening, on one app process with many
 * accounts and channels and a steady background of other chatters' messages.
 * Latency: from just before the fake's say() writes the own message to the socket, to the
 * arrival of that account's next PUT /helix/chat/color at the fake, on one clock (the
 * fake's, performance.now resolution). CPU: utime + stime of the app from /proc.
 * The same is then measured for the reference client (../reference-client.ts) on the same
 * accounts and channels: the floor this machine allows at this moment.
 */
export async function latencyAndCpu(factory: ChatFrameFactory, o: LatencyOptions): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const world = await createWorld({ name: 'lat', accounts: o.accounts, channelsPerAccount: o.channelsPerAccount });
  const expected = o.accounts * o.channelsPerAccount;
  try {
    const app = new AppProcess(world, o.app);
    let appFigures: ListeningFigures;
    try {
      await until(() => enabledSubscriptions(world).length === expected, `${expected} subscriptions`, 30_000, 20);
      appFigures = await measure(world, app, factory, o);
    } finally {
      await app.stop();
    }
    const appLog = { appLogCounts: app.logCounts, appProblems: app.problems };

    // The app's sessions are closed now, so its subscriptions are gone; the reference takes over.
    await until(() => enabledSubscriptions(world).length === 0, 'the app subscriptions to end', 10_000, 20);
    const reference = new ReferenceProcess(world);
    let floor: ListeningFigures;
    try {
      await reference.subscribe();
      floor = await measure(world, reference, factory, o);
    } finally {
      await reference.stop();
    }

    const lat = appFigures.latency;
    const rows: Row[] = [
      { id: '2', measurement: `own-message latency p50 (${o.accounts}x${o.channelsPerAccount}, ${o.backgroundPerSecond}/s background)`, value: lat.p50Ms, unit: 'ms' },
      { id: '2', measurement: `own-message latency p99 (${lat.ownMessages - lat.lost} messages, ${lat.lost} lost)`, value: lat.lost > 0 ? Number.NaN : lat.p99Ms, unit: 'ms', target: { op: '<=', value: 5 } },
      { id: '2r', measurement: 'reference client latency p50 (floor on this machine now)', value: floor.latency.p50Ms, unit: 'ms' },
      { id: '2r', measurement: 'reference client latency p99 (floor on this machine now)', value: floor.latency.p99Ms, unit: 'ms' },
      { id: '3', measurement: 'app CPU per 1,000 other chatters\' notifications', value: appFigures.listen.cpuMsPerThousand, unit: 'ms', target: { op: '<=', value: 20 } },
      { id: '3r', measurement: 'reference client CPU per 1,000 (floor on this machine now)', value: floor.listen.cpuMsPerThousand, unit: 'ms' },
      { id: '3b', measurement: 'app CPU while idle (no chat)', value: appFigures.idleCpuMsPerSecond, unit: 'ms/s' },
    ];
    return {
      rows,
      details: {
        accounts: o.accounts,
        channelsPerAccount: o.channelsPerAccount,
        backgroundPerSecond: o.backgroundPerSecond,
        ownPerSecond: o.ownPerSecond,
        windowsMs: { idle: o.idleMs, listen: o.cpuWindowMs, latency: o.latencyWindowMs },
        app: appFigures,
        reference: { ...floor, errors: reference.errors },
        ...appLog,
      },
    };
  } finally {
    await closeWorld(world);
  }
}

async function measure(world: World, subject: Subject, factory: ChatFrameFactory, o: LatencyOptions): Promise<ListeningFigures> {
  const pool = buildFramePool(factory, frameTargets(world), 5_000);
  const background = new PacedSender(world.fake, pool, o.backgroundPerSecond);
  const cpu = (): number => {
    const t = subject.cpuTimes();
    return t.user + t.system;
  };

  // Warm-up, then quiet: what the client costs when nobody chats.
  background.start();
  await ownMessages(world, 2_000, o.ownPerSecond);
  background.stop();
  await sleep(200);
  let before = cpu();
  await sleep(o.idleMs);
  const idleCpuMsPerSecond = ((cpu() - before) * 1000) / o.idleMs;

  // 3. Busy channels, none of our accounts speaking.
  const times = subject.cpuTimes();
  let sent = background.sent;
  background.start();
  await sleep(o.cpuWindowMs);
  background.stop();
  await sleep(100);
  const after = subject.cpuTimes();
  const notifications = background.sent - sent;
  const userMs = after.user - times.user;
  const systemMs = after.system - times.system;

  // 2. The same background, and our accounts speaking.
  before = cpu();
  sent = background.sent;
  background.start();
  const samples = await ownMessages(world, o.latencyWindowMs, o.ownPerSecond);
  background.stop();
  const latencies = samples.flatMap((s) => (s.latencyMs === undefined ? [] : [s.latencyMs]));
  return {
    idleCpuMsPerSecond: round(idleCpuMsPerSecond),
    listen: { notifications, userMs, systemMs, cpuMsPerThousand: round((userMs + systemMs) / (notifications / 1000)) },
    latency: {
      ownMessages: samples.length,
      lost: samples.length - latencies.length,
      backgroundNotifications: background.sent - sent,
      cpuMs: cpu() - before,
      p50Ms: round(percentile(latencies, 50), 3),
      p90Ms: round(percentile(latencies, 90), 3),
      p99Ms: round(percentile(latencies, 99), 3),
      maxMs: round(percentile(latencies, 100), 3),
    },
  };
}

interface Sample {
  userId: string;
  sentAt: number;
  latencyMs: number | undefined;
}

/** Accounts speak in turn at `perSecond`; each sample is matched to that account's next PUT. */
async function ownMessages(world: World, durationMs: number, perSecond: number): Promise<Sample[]> {
  const { fake } = world;
  const samples: Sample[] = [];
  const count = Math.max(1, Math.floor((durationMs * perSecond) / 1000));
  const putsBefore = new Map(world.accounts.map((a) => [a.userId, colorPutTimes(world, a.userId).length]));
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const account = world.accounts[i % world.accounts.length];
    const channel = account?.channels[Math.floor(i / world.accounts.length) % account.channels.length];
    if (!account || !channel) continue;
    const sentAt = fake.clock.now();
    fake.say({ channel: channel.id, chatter: account.userId, text: `own message ${i}` });
    samples.push({ userId: account.userId, sentAt, latencyMs: undefined });
    // On schedule rather than after a fixed sleep, so a slow turn does not stretch the run.
    await sleep(Math.max(0, started + ((i + 1) * 1000) / perSecond - performance.now()));
  }
  await sleep(100);
  const deadline = performance.now() + LOST_AFTER_MS;
  const match = (): boolean => {
    const used = new Map<string, number>();
    const putsOf = new Map(world.accounts.map((a) => [a.userId, colorPutTimes(world, a.userId).slice(putsBefore.get(a.userId) ?? 0)]));
    let missing = 0;
    for (const sample of samples) {
      const puts = putsOf.get(sample.userId) ?? [];
      // The first PUT after this message that no earlier message of the account claimed.
      const from = used.get(sample.userId) ?? 0;
      const index = puts.findIndex((at, k) => k >= from && at >= sample.sentAt);
      if (index === -1) {
        missing += 1;
        continue;
      }
      used.set(sample.userId, index + 1);
      sample.latencyMs = (puts[index] as number) - sample.sentAt;
    }
    return missing === 0;
  };
  while (!match() && performance.now() < deadline) await sleep(20);
  return samples;
}
