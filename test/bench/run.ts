/**
 * `npm run bench`: the app against the fake Twitch on 127.0.0.1, in one run (about two
 * minutes). Prints a table and writes test/bench/results/latest.json. Numbers, not tests:
 * a missed target is marked, the exit code stays 0.
 *
 * Env: BENCH_ONLY=1,2,3,4,5,6,7,8 (scenarios to run; 1 also runs the dispatcher alone; 2 and 3
 * share one app, as do 4 and 5; 6 and 7 are the Electron main process in Node with the fake
 * Electron: its load, and its memory under row 5's load; 8 is "Live channels I follow" under
 * churn, the core in this process on simulated time), BENCH_CPU_PROF=1 (the app processes write V8 CPU
 * profiles to test/bench/results/profiles/, for `node --cpu-prof` analysis),
 * BENCH_NODE_FLAGS="--flag ..." (extra node flags for the app processes, for what-ifs).
 */
import { fileURLToPath } from 'node:url';
import { dispatchThroughput } from './scenarios/dispatch-throughput.js';
import { desktopMainLoad } from './scenarios/desktop-main-load.js';
import { desktopMainMemory } from './scenarios/desktop-main-memory.js';
import { dispatcherAlone } from './scenarios/dispatcher-alone.js';
import { latencyAndCpu } from './scenarios/latency-and-cpu.js';
import { startupAndMemory } from './scenarios/startup-and-memory.js';
import type { AppOptions } from './support/app-process.js';
import { ChatFrameFactory } from './support/chat-frames.js';
import { loadAverage, machineInfo } from './support/proc.js';
import { formatTable, meets, writeReport, type Row } from './support/report.js';
import { round } from './support/stats.js';

const RESULTS = fileURLToPath(new URL('../../../test/bench/results/', import.meta.url));

const only = new Set((process.env.BENCH_ONLY ?? '1,2,3,4,5,6,7,8').split(',').map((s) => s.trim()));
const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
if (process.env.BENCH_CPU_PROF) nodeFlags.push('--cpu-prof', `--cpu-prof-dir=${RESULTS}profiles`);
const app: AppOptions = { nodeFlags };

const started = performance.now();
const machine = machineInfo();
console.log(`Benchmarks on ${machine.cpu} (${machine.cores} cores), Node ${machine.node}, ${machine.platform}${nodeFlags.length ? `; app flags ${nodeFlags.join(' ')}` : ''}\n`);

const factory = await ChatFrameFactory.capture();
const rows: Row[] = [];
const details: Record<string, unknown> = {};
const failed: string[] = [];

async function step(name: string, fn: () => Promise<{ rows: Row[]; details: Record<string, unknown> }> | { rows: Row[]; details: Record<string, unknown> }): Promise<void> {
  const t = performance.now();
  const loadBefore = loadAverage();
  process.stdout.write(`${name} (load average ${loadBefore}) ... `);
  try {
    const result = await fn();
    rows.push(...result.rows);
    // Other work on the machine skews wall-clock numbers: kept beside them.
    details[name] = { loadAverage: [loadBefore, loadAverage()], ...result.details };
    console.log(`${round((performance.now() - t) / 1000, 1)} s`);
  } catch (error) {
    console.log('failed');
    console.error(error);
    details[name] = { error: String(error) };
    failed.push(name);
    process.exitCode = 1;
  }
}

if (only.has('1')) {
  await step('dispatcherAlone', () => dispatcherAlone(factory, 1_000));
  await step('dispatchThroughput', () => dispatchThroughput(factory, { frames: 400_000, framesViaFake: 100_000, ownEvery: 5_000, channels: 10, app }));
}
if (only.has('2') || only.has('3')) {
  await step('latencyAndCpu', () =>
    latencyAndCpu(factory, {
      accounts: 10,
      channelsPerAccount: 50,
      backgroundPerSecond: 2_000,
      idleMs: 5_000,
      cpuWindowMs: 20_000,
      latencyWindowMs: 12_000,
      ownPerSecond: 40,
      app,
    }),
  );
}
if (only.has('4') || only.has('5')) {
  await step('startupAndMemory', () =>
    startupAndMemory(factory, {
      accounts: 20,
      channelsPerAccount: 100,
      warmupNotifications: 20_000,
      notifications: 100_000,
      ratePerSecond: 20_000,
      ownEvery: 1_000,
      app,
    }),
  );
}
if (only.has('6')) {
  await step('desktopMainLoad', () => desktopMainLoad(5, nodeFlags));
}
if (only.has('7')) {
  await step('desktopMainMemory', () =>
    desktopMainMemory(factory, { accounts: 20, channelsPerAccount: 100, warmupNotifications: 20_000, notifications: 100_000, ratePerSecond: 20_000, nodeFlags }),
  );
}
if (only.has('8')) {
  // Loaded only when asked: it runs the core in this process, which the other rows' sender should not carry.
  const { followLiveChurn } = await import('./scenarios/follow-live-churn.js');
  await step('followLiveChurn', () => followLiveChurn({ live: 100, offline: 100, churn: 10, churnPolls: 14 }));
}

const durationSeconds = round((performance.now() - started) / 1000, 1);
console.log(`\n${formatTable(rows)}\n`);
const missed = rows.filter((r) => meets(r) === false);
// A scenario that failed measured nothing: it must not read as a run where every target was met.
const verdict = failed.length > 0 ? `${failed.length} scenario(s) FAILED (${failed.join(', ')}); their targets are not measured` : missed.length === 0 ? 'Every target met' : `${missed.length} target(s) missed`;
console.log(`${verdict} (${durationSeconds} s).`);
const path = `${RESULTS}latest.json`;
writeReport(path, { startedAt: new Date(Date.now() - durationSeconds * 1000).toISOString(), durationSeconds, machine, rows, details });
console.log(`Written to ${path}`);
