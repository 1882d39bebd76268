import { AppProcess, type AppOptions, type HeapUsage } from '../support/app-process.js';
import type { ChatFrameFactory } from '../support/chat-frames.js';
import { buildFramePool, PacedSender } from '../support/load.js';
import type { Row } from '../support/report.js';
import { round, sleep, until } from '../support/stats.js';
import { closeWorld, colorPutTimes, createWorld, enabledSubscriptions, frameTargets, type World } from '../support/world.js';

export interface StartupMemoryOptions {
  accounts: number;
  channelsPerAccount: number;
  warmupNotifications: number;
  notifications: number;
  ratePerSecond: number;
  /** One own message (a color change) per this many notifications. */
  ownEvery: number;
  app?: AppOptions;
}

const MB = 1024 * 1024;

/** The same CLI with no account: what Node and the app's modules cost before any work. */
export async function baselineRss(): Promise<number> {
  const world = await createWorld({ name: 'empty', accounts: 0, channelsPerAccount: 0 });
  const app = new AppProcess(world);
  try {
    // `run` logs run.started and then run.no_accounts once it is up.
    await until(() => Object.values(app.logCounts).reduce((a, b) => a + b, 0) >= 2, 'the empty app to start', 15_000, 20);
    await sleep(1_000);
    return app.rssMb().rss;
  } finally {
    await app.stop();
    await closeWorld(world);
  }
}

/**
 * 4. Startup and 5. memory, on one process: the memory-probe entry (the CLI plus a
 * SIGUSR2 heap probe). Startup is from spawn to the creation of the last subscription at
 * the fake, with the requests it took. Memory: VmRSS of the process, and the heap after
 * a full GC before and after `notifications` other chatters' messages (plus some own ones).
 */
export async function startupAndMemory(factory: ChatFrameFactory, o: StartupMemoryOptions): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const rssNoAccounts = await baselineRss();
  const world = await createWorld({ name: 'big', accounts: o.accounts, channelsPerAccount: o.channelsPerAccount });
  const fakeCpuBefore = process.cpuUsage();
  const app = new AppProcess(world, { ...o.app, memoryProbe: true });
  const expected = o.accounts * o.channelsPerAccount;
  try {
    await until(() => enabledSubscriptions(world).length === expected, `${expected} subscriptions`, 60_000, 20);
    const fakeCpu = process.cpuUsage(fakeCpuBefore);
    const startup = {
      ...startupFigures(world, app, expected),
      // Both sides of loopback share this machine: whichever is near 100 % of its wall time set the pace.
      appCpuMs: app.cpuMs(),
      fakeCpuMs: round((fakeCpu.user + fakeCpu.system) / 1000, 0),
    };

    await sleep(500);
    const pool = buildFramePool(factory, frameTargets(world), 6_000);
    const sender = new PacedSender(world.fake, pool, o.ratePerSecond);
    await send(world, sender, o.warmupNotifications, o.ownEvery);
    const rssStart = app.rssMb();
    const heapBefore = await app.heap();
    await send(world, sender, o.notifications, o.ownEvery);
    await sleep(300);
    const heapAfter = await app.heap();
    const rssAfter = app.rssMb();
    const growthMb = (heapAfter.heapUsed - heapBefore.heapUsed) / MB;
    const details = {
      accounts: o.accounts,
      channelsPerAccount: o.channelsPerAccount,
      startup,
      memory: {
        rssNoAccountsMb: round(rssNoAccounts, 1),
        notifications: o.notifications,
        warmupNotifications: o.warmupNotifications,
        ownMessagesPerNotification: 1 / o.ownEvery,
        rssBeforeMb: round(rssStart.rss, 1),
        rssAfterMb: round(rssAfter.rss, 1),
        rssPeakMb: round(rssAfter.peak, 1),
        rssFileBackedMb: round(rssAfter.file, 1),
        heapBefore: mb(heapBefore),
        heapAfter: mb(heapAfter),
        heapGrowthMb: round(growthMb, 2),
      },
      appLogCounts: app.logCounts,
      appProblems: app.problems,
    };
    const per100 = expected / 100;
    return {
      rows: [
        { id: '4', measurement: `startup ${o.accounts}x${o.channelsPerAccount}: spawn to all subscriptions enabled`, value: startup.readyMs, unit: 'ms', target: { op: '<=', value: 2_000 } },
        { id: '4', measurement: `user lookups per 100 channels (${startup.requests.userLookups} for ${expected})`, value: startup.requests.userLookups / per100, unit: 'req', target: { op: '<=', value: 1 } },
        { id: '4b', measurement: `subscription creates (${startup.requests.subscriptionCreatesAccepted} accepted)`, value: startup.requests.subscriptionCreates, unit: 'req', target: { op: '<=', value: expected } },
        { id: '4c', measurement: 'spawn to first request at the fake (Node + module load)', value: startup.firstRequestMs, unit: 'ms' },
        { id: '5', measurement: `RSS, ${o.accounts}x${o.channelsPerAccount}, after ${o.notifications.toLocaleString('en-US')} notifications`, value: rssAfter.rss, unit: 'MB', target: { op: '<=', value: 80 } },
        { id: '5', measurement: `heap growth per ${o.notifications.toLocaleString('en-US')} notifications (after GC)`, value: growthMb, unit: 'MB', target: { op: '<=', value: 5 } },
        { id: '5b', measurement: 'heap used after them (after GC)', value: heapAfter.heapUsed / MB, unit: 'MB' },
        { id: '5d', measurement: "of the RSS: file-backed (node's own code and data, shared)", value: rssAfter.file, unit: 'MB' },
        { id: '5e', measurement: 'peak RSS (start-up included)', value: rssAfter.peak, unit: 'MB' },
        { id: '5c', measurement: 'RSS of the same CLI with no account (Node + modules)', value: rssNoAccounts, unit: 'MB' },
      ],
      details,
    };
  } finally {
    await app.stop();
    await closeWorld(world);
  }
}

function startupFigures(world: World, app: AppProcess, expected: number) {
  const subs = enabledSubscriptions(world);
  const lastCreated = Math.max(...subs.map((s) => s.createdAt));
  const requests = world.fake.log.requests();
  const count = (method: string, path: string, status?: number): number =>
    requests.filter((r) => r.method === method && r.path === path && (status === undefined || r.status === status)).length;
  const lookups = requests.filter((r) => r.method === 'GET' && r.path === '/helix/users');
  return {
    readyMs: round(lastCreated - app.startedAt, 1),
    firstRequestMs: round((requests[0]?.at ?? Number.NaN) - app.startedAt, 1),
    subscriptions: subs.length,
    expected,
    requests: {
      total: requests.length,
      userLookups: lookups.filter((r) => (r.query.login?.length ?? 0) > 0).length,
      userLookupLogins: lookups.reduce((n, r) => n + (r.query.login?.length ?? 0), 0),
      ownUserLookups: lookups.filter((r) => (r.query.login?.length ?? 0) === 0).length,
      subscriptionCreates: count('POST', '/helix/eventsub/subscriptions'),
      subscriptionCreatesAccepted: count('POST', '/helix/eventsub/subscriptions', 202),
      websockets: count('GET', '/ws'),
      tokenValidations: count('GET', '/oauth2/validate'),
      tokenRefreshes: count('POST', '/oauth2/token'),
      colorReads: count('GET', '/helix/chat/color'),
      rateLimited: requests.filter((r) => r.status === 429).length,
    },
  };
}

/** Sends `count` notifications at the sender's rate, own messages among them; waits for their changes. */
async function send(world: World, sender: PacedSender, count: number, ownEvery: number): Promise<void> {
  const target = sender.sent + count;
  const putsBefore = world.accounts.reduce((n, a) => n + colorPutTimes(world, a.userId).length, 0);
  let own = 0;
  sender.start();
  while (sender.sent < target) {
    await sleep(5);
    while (own < Math.floor((sender.sent - (target - count)) / ownEvery)) {
      const account = world.accounts[own % world.accounts.length];
      const channel = account?.channels[own % account.channels.length];
      if (account && channel) world.fake.say({ channel: channel.id, chatter: account.userId, text: `own message ${own}` });
      own += 1;
    }
  }
  sender.stop();
  const puts = (): number => world.accounts.reduce((n, a) => n + colorPutTimes(world, a.userId).length, 0) - putsBefore;
  await until(() => puts() >= own, `${own} color changes`, 10_000, 20).catch(() => undefined);
}

function mb(usage: HeapUsage): Record<string, number | boolean> {
  return {
    rss: round(usage.rss / MB, 1),
    heapTotal: round(usage.heapTotal / MB, 1),
    heapUsed: round(usage.heapUsed / MB, 2),
    external: round(usage.external / MB, 1),
    arrayBuffers: round(usage.arrayBuffers / MB, 1),
    gc: usage.gc,
    ...(usage.v8 && {
      v8PhysicalMb: round(usage.v8.totalPhysical / MB, 1),
      v8MallocedMb: round(usage.v8.malloced / MB, 1),
      v8PeakMallocedMb: round(usage.v8.peakMalloced / MB, 1),
      ...Object.fromEntries(Object.entries(usage.v8.spaces).map(([name, s]) => [`${name}PhysicalMb`, round(s.physical / MB, 2)])),
    }),
  };
}
