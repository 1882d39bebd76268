import type { UpdateController } from '../../../electron/updates/update-controller.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DesktopApp, startDesktopApp } from '../../../electron/desktop-app.js';
import type { DesktopCore } from '../../../electron/desktop-core.js';
import { resourcePaths } from '../../../electron/resources.js';
import type { TraySupport } from '../../../electron/tray/tray-support.js';
import type { PlatformPort } from '../../../src-core/ipc/core-port.js';
import { type IpcHandlers, createIpcHandlers } from '../../../src-core/ipc/handlers.js';
import { createRendererAssets } from '../../../src-core/ipc/renderer-assets.js';
import type { Clock } from '../../../src-core/runtime/clock.js';
import { MemoryLogSink, createLogger, type Logger } from '../../../src-core/runtime/logger.js';
import { FakeCore } from '../../core/ipc/fake-core.js';
import { FakeBrowserWindow, FakeTray } from '../../fakes/electron.js';
import { ManualClock } from '../../support/manual-clock.js';

export class DesktopFakeCore extends FakeCore implements DesktopCore {
  retries = 0;
  updateNotice: string | null = null;
  retryNow(): void {
    this.retries += 1;
  }
  lastUpdateNotice(): string | null {
    return this.updateNotice;
  }
  rememberUpdateNotice(version: string): void {
    this.updateNotice = version;
  }
}

export interface DesktopRigOptions {
  traySupport?: TraySupport;
  hidden?: boolean;
  /** The core's graceful stop (home colors, sessions, store); counted. */
  shutdown?: () => Promise<void>;
  /** Writes the store's pending changes; counted. */
  flushStore?: () => Promise<void>;
  platform?: NodeJS.Platform;
  startOnBoot?: { refresh(): void } | null;
  /** The real core (and its handlers) instead of the fake one. */
  core?: { core: DesktopCore; handlers: IpcHandlers; logger: Logger };
  clock?: Clock;
  /** The app's own updates, as main.ts passes them. */
  updates?: UpdateController;
}

/**
 * The desktop shell (startDesktopApp) on the fake Electron, as main.ts wires it, around a
 * FakeCore (or a real core): windows, tray, counters of shutdowns and store flushes.
 */
export function startDesktopRig(options: DesktopRigOptions = {}) {
  const rendererDir = mkdtempSync(join(tmpdir(), 'cc-app-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
  const fakeCore = new DesktopFakeCore();
  if (!options.core) fakeCore.addAccount('alice', { channels: ['somechannel'] });
  const clock = options.clock ?? new ManualClock();
  const sink = new MemoryLogSink();
  const logger = options.core?.logger ?? createLogger(sink);
  const platform: PlatformPort = { openExternal: async () => {}, openPath: async () => {} };
  const core = options.core?.core ?? fakeCore;
  const handlers = options.core?.handlers ?? createIpcHandlers({ core: fakeCore, platform, logger });
  const counts = { shutdowns: 0, flushes: 0 };
  const desktop: DesktopApp = startDesktopApp({
    core,
    handlers,
    shutdown: async () => {
      counts.shutdowns += 1;
      await (options.shutdown ?? (async () => {}))();
    },
    flushStore: async () => {
      counts.flushes += 1;
      await (options.flushStore ?? (async () => {}))();
    },
    assets: createRendererAssets({ sourceDir: rendererDir, compiledDir: rendererDir }),
    startOnBoot: options.startOnBoot ?? null,
    traySupport: options.traySupport ?? 'yes',
    launch: { hidden: options.hidden ?? false },
    paths: resourcePaths({ isPackaged: false, resourcesPath: '/unused', appPath: process.cwd(), mainDir: '/app/out/electron' }),
    logger,
    clock,
    platform: options.platform ?? 'linux',
    ...(options.updates ? { updates: options.updates } : {}),
  });
  const windows = (): FakeBrowserWindow[] => FakeBrowserWindow.getAllWindows();
  const tray = (): FakeTray | undefined => FakeTray.instances.at(-1);
  return {
    core: fakeCore,
    clock: clock as ManualClock,
    sink,
    desktop,
    windows,
    tray,
    shutdowns: () => counts.shutdowns,
    flushes: () => counts.flushes,
    cleanup: () => rmSync(rendererDir, { recursive: true, force: true }),
  };
}
