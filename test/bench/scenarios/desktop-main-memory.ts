import { fileURLToPath } from 'node:url';
import { DESKTOP_LINE_PREFIX } from '../desktop-main-probe.js';
import { AppProcess, type HeapUsage } from '../support/app-process.js';
import type { ChatFrameFactory } from '../support/chat-frames.js';
import { buildFramePool, PacedSender } from '../support/load.js';
import type { Row } from '../support/report.js';
import { round, sleep, until } from '../support/stats.js';
import { closeWorld, createWorld, enabledSubscriptions, frameTargets } from '../support/world.js';

const PROBE = fileURLToPath(new URL('../desktop-main-probe.js', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../../../desktop/main.js', import.meta.url));
const MB = 1024 * 1024;

export interface DesktopMemoryOptions {
  accounts: number;
  channelsPerAccount: number;
  warmupNotifications: number;
  notifications: number;
  ratePerSecond: number;
  nodeFlags?: string[];
}

interface Outcome {
  /** What the app handed Electron meanwhile: pushes of state to the page, tray menus set. */
  handedToElectron: unknown;
  rssMb: number;
  peakMb: number;
  heapAfterMb: number;
  heapGrowthMb: number;
}

/** V8's own values of the two GC settings electron/v8-tuning.ts changes (`node --v8-options`). */
const V8_DEFAULT_GC = '--semi-space-growth-factor=2 --heap-growing-percent=0';

/**
 * 7. The bundled Electron main process under row 5's load, in Node with the fake Electron
 * (test/bench/desktop-main-probe.ts --serve): the store of 20 accounts x 100 channels, all
 * subscriptions at the fake, then other chatters' notifications; RSS, peak RSS and the heap
 * after a GC. Once as it ships (with the CLI's GC settings, electron/v8-tuning.ts), once with
 * V8's defaults put back right after the bundle set them (how it was before).
 * Node's V8 is not Electron's (pointer compression, the browser process's own allocations),
 * so this says how the core behaves in the main process, not the figures of a real Electron.
 */
export async function desktopMainMemory(factory: ChatFrameFactory, o: DesktopMemoryOptions): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const shipped = await underLoad(factory, o);
  const withoutGcSettings = await underLoad(factory, o, V8_DEFAULT_GC);
  const rows = (id: string, label: string, r: Outcome): Row[] => [
    { id, measurement: `main process RSS after ${o.notifications.toLocaleString('en-US')} notifications, ${label}`, value: round(r.rssMb, 1), unit: 'MB' },
    { id: `${id}b`, measurement: `its peak RSS, ${label}`, value: round(r.peakMb, 1), unit: 'MB' },
    { id: `${id}c`, measurement: `its heap after them (after GC), ${label}`, value: round(r.heapAfterMb, 1), unit: 'MB' },
  ];
  return {
    rows: [...rows('7', 'as shipped', shipped), ...rows('7u', "V8's default GC settings (before)", withoutGcSettings)],
    details: { shape: `${o.accounts}x${o.channelsPerAccount}`, shipped, withoutGcSettings, v8DefaultGc: V8_DEFAULT_GC },
  };
}

async function underLoad(factory: ChatFrameFactory, o: DesktopMemoryOptions, v8Flags?: string): Promise<Outcome> {
  const world = await createWorld({ name: 'desk', accounts: o.accounts, channelsPerAccount: o.channelsPerAccount });
  const program = (w: { dataDir: string }): string[] => [PROBE, BUNDLE, '--data-dir', w.dataDir, '--serve', ...(v8Flags ? ['--v8-flags', v8Flags] : [])];
  const app = new AppProcess(world, { nodeFlags: o.nodeFlags ?? [], program });
  const expected = o.accounts * o.channelsPerAccount;
  let handedToElectron: unknown = null;
  app.child.stdout?.on('data', (chunk: Buffer | string) => {
    for (const line of String(chunk).split('\n')) {
      if (line.startsWith(DESKTOP_LINE_PREFIX) && line.includes('"drained"')) handedToElectron = (JSON.parse(line.slice(DESKTOP_LINE_PREFIX.length)) as { drained: unknown }).drained;
    }
  });
  try {
    await until(() => enabledSubscriptions(world).length === expected, `${expected} subscriptions of the desktop app`, 90_000, 20);
    await sleep(500);
    const sender = new PacedSender(world.fake, buildFramePool(factory, frameTargets(world), 6_000), o.ratePerSecond);
    await sendAll(sender, o.warmupNotifications);
    const before = await app.heap();
    await sendAll(sender, o.notifications);
    await sleep(300);
    const after: HeapUsage = await app.heap();
    const rss = app.rssMb();
    return { handedToElectron, rssMb: rss.rss, peakMb: rss.peak, heapAfterMb: after.heapUsed / MB, heapGrowthMb: (after.heapUsed - before.heapUsed) / MB };
  } finally {
    await app.stop();
    await closeWorld(world);
  }
}

async function sendAll(sender: PacedSender, count: number): Promise<void> {
  const target = sender.sent + count;
  sender.start();
  while (sender.sent < target) await sleep(5);
  sender.stop();
}
