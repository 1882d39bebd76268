import { AppProcess, type AppOptions } from '../support/app-process.js';
import type { ChatFrameFactory } from '../support/chat-frames.js';
import { averageBytes, buildFramePool, type OutgoingFrame } from '../support/load.js';
import { encodeFrame, ReplayProxy } from '../support/replay-proxy.js';
import type { Row } from '../support/report.js';
import { nextTurn, round, until } from '../support/stats.js';
import { closeWorld, colorPutTimes, createWorld, enabledSubscriptions, frameTargets, type World } from '../support/world.js';

export interface ThroughputOptions {
  /** Other chatters' frames in the measured run through the replay proxy. */
  frames: number;
  /** The same through the fake's own sockets (context: what the fake can send). */
  framesViaFake: number;
  /** One own message after every this many other frames. */
  ownEvery: number;
  channels: number;
  app?: AppOptions;
}

const FRAMES_PER_BATCH = 100;
/** Own messages may go unanswered this many `ownEvery` spans before the sender waits. */
const MAX_UNANSWERED_SPANS = 4;

/** Sends one batch of frames; a promise means: wait for it before the next batch. */
type SendBatch = (batch: number) => Promise<void> | undefined;

interface RunResult {
  frames: number;
  wallMs: number;
  ownSent: number;
  changes: number;
  correct: boolean;
  appCpu: { userMs: number; systemMs: number };
  senderCpuMs: number;
}

/**
 * 1. Dispatch throughput. One account reading busy channels over one EventSub socket.
 * The socket goes through a replay proxy (support/replay-proxy.ts): the fake Twitch's
 * frames pass through, and other chatters' frames, byte for byte what say() produces, are
 * written in batches of FRAMES_PER_BATCH as fast as the app reads them (socket
 * backpressure sets the pace). One of the account's own messages (a real say()) follows
 * every `ownEvery` frames, once the previous one's change has arrived, and each must get a
 * change of its own. The run ends at the PUT for a last own message sent after every
 * frame: by then each frame was handled. Then, for context, the same through the fake's
 * own socket, one write per frame.
 */
export async function dispatchThroughput(factory: ChatFrameFactory, options: ThroughputOptions): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const viaProxy = await withApp(factory, options, true, (world, pool, app) => {
    const proxy = world.proxy as ReplayProxy;
    const writes: Buffer[] = [];
    for (let i = 0; i < pool.length; i += FRAMES_PER_BATCH) {
      writes.push(Buffer.concat(pool.slice(i, i + FRAMES_PER_BATCH).map((f) => encodeFrame(Buffer.from(f.data)))));
    }
    const send: SendBatch = (batch) => (proxy.inject(writes[batch % writes.length] as Buffer) ? undefined : proxy.drained());
    return measure(world, app, send, options.frames, options.ownEvery);
  });
  const viaFake = await withApp(factory, options, false, (world, pool, app) => {
    const send: SendBatch = (batch) => {
      for (let i = 0; i < FRAMES_PER_BATCH; i += 1) {
        const frame = pool[(batch * FRAMES_PER_BATCH + i) % pool.length] as OutgoingFrame;
        world.fake.sendRaw(frame.sessionId, frame.data);
      }
      // The fake's socket buffers without limit; let it flush and answer PUTs now and then.
      return batch % 10 === 9 ? nextTurn() : undefined;
    };
    return measure(world, app, send, options.framesViaFake, options.ownEvery);
  });

  const throughput = viaProxy.result.frames / (viaProxy.result.wallMs / 1000);
  const capacity = viaProxy.result.frames / ((viaProxy.result.appCpu.userMs + viaProxy.result.appCpu.systemMs) / 1000);
  const fakeRate = viaFake.result.frames / (viaFake.result.wallMs / 1000);
  const { changes, ownSent, correct } = viaProxy.result;
  return {
    rows: [
      { id: '1', measurement: 'dispatch throughput, others\' messages, one socket (wall clock)', value: throughput, unit: 'notif/s', target: { op: '>=', value: 50_000 } },
      { id: '1b', measurement: 'the same per app CPU second (what one core takes)', value: capacity, unit: 'notif/s' },
      { id: '1c', measurement: `own messages handled meanwhile (${changes} changes for ${ownSent})`, value: correct && viaFake.result.correct ? 1 : 0, unit: 'ok', target: { op: '>=', value: 1 } },
      { id: '1f', measurement: 'through the fake\'s own socket instead (one write per frame)', value: fakeRate, unit: 'notif/s' },
    ],
    details: {
      channels: options.channels,
      averageFrameBytes: round(viaProxy.averageFrameBytes, 0),
      framesPerBatch: FRAMES_PER_BATCH,
      viaReplayProxy: { ...viaProxy.result, notificationsPerSecondWall: round(throughput, 0), notificationsPerAppCpuSecond: round(capacity, 0), ...viaProxy.log },
      viaFakeSocket: { ...viaFake.result, notificationsPerSecondWall: round(fakeRate, 0), ...viaFake.log },
    },
  };
}

async function withApp(
  factory: ChatFrameFactory,
  options: ThroughputOptions,
  proxied: boolean,
  fn: (world: World & { proxy?: ReplayProxy }, pool: OutgoingFrame[], app: AppProcess) => Promise<RunResult>,
): Promise<{ result: RunResult; averageFrameBytes: number; log: Record<string, unknown> }> {
  const world: World & { proxy?: ReplayProxy } = await createWorld({ name: proxied ? 'tp' : 'tpfake', accounts: 1, channelsPerAccount: options.channels });
  if (proxied) {
    world.proxy = await ReplayProxy.start(world.fake.urls.eventsub);
    world.env.TWITCH_EVENTSUB_URL = world.proxy.url;
  }
  const app = new AppProcess(world, options.app);
  try {
    await until(() => enabledSubscriptions(world).length === options.channels, 'the throughput account to subscribe', 20_000);
    const pool = buildFramePool(factory, frameTargets(world), 4_000);
    return { result: await fn(world, pool, app), averageFrameBytes: averageBytes(pool), log: { appLogCounts: app.logCounts, appProblems: app.problems } };
  } finally {
    await app.stop();
    await world.proxy?.close();
    await closeWorld(world);
  }
}

/** A warm-up (so V8 has optimised the hot path), then the measured run. */
async function measure(world: World, app: AppProcess, send: SendBatch, frames: number, ownEvery: number): Promise<RunResult> {
  await run(world, send, Math.min(20_000, Math.max(ownEvery, frames / 5)), ownEvery);
  const cpuBefore = app.cpuTimes();
  const benchCpuBefore = process.cpuUsage();
  const result = await run(world, send, frames, ownEvery);
  const cpuAfter = app.cpuTimes();
  const benchCpu = process.cpuUsage(benchCpuBefore);
  return {
    ...result,
    appCpu: { userMs: cpuAfter.user - cpuBefore.user, systemMs: cpuAfter.system - cpuBefore.system },
    senderCpuMs: round((benchCpu.user + benchCpu.system) / 1000, 0),
  };
}

async function run(world: World, send: SendBatch, frames: number, ownEvery: number): Promise<Omit<RunResult, 'appCpu' | 'senderCpuMs'>> {
  const account = world.accounts[0];
  if (!account) throw new Error('bench: no account');
  const { fake } = world;
  const putsBefore = colorPutTimes(world, account.userId).length;
  const puts = (): number => colorPutTimes(world, account.userId).length - putsBefore;
  const ownAt: number[] = [];
  const say = (): void => {
    const channel = account.channels[ownAt.length % account.channels.length];
    if (!channel) return;
    ownAt.push(fake.clock.now());
    fake.say({ channel: channel.id, chatter: account.userId, text: `own message ${ownAt.length}` });
  };
  const answered = (): Promise<void> => until(() => puts() >= ownAt.length, 'a color change for every own message', 10_000, 1);
  const startedAt = fake.clock.now();
  let sent = 0;
  let lastOwnAt = 0;
  try {
    for (let batch = 0; sent < frames; batch += 1) {
      const wait = send(batch);
      if (wait) await wait;
      sent += FRAMES_PER_BATCH;
      if (sent - lastOwnAt < ownEvery) continue;
      // An own message only once the previous one's change arrived: two within one change in
      // flight would rightly collapse into one change, and the count would prove nothing.
      if (puts() >= ownAt.length) {
        say();
        lastOwnAt = sent;
      } else if (sent - lastOwnAt >= MAX_UNANSWERED_SPANS * ownEvery) {
        await answered();
      }
    }
    await answered();
    say();
    await answered();
  } catch {
    // Reported as incorrect, with the counts.
  }
  const times = colorPutTimes(world, account.userId).slice(putsBefore);
  const last = times[times.length - 1] ?? Number.NaN;
  const correct = times.length === ownAt.length && ownAt.every((at, k) => (times[k] ?? -Infinity) > at);
  return { frames: sent, wallMs: last - startedAt, ownSent: ownAt.length, changes: times.length, correct };
}
