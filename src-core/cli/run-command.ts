import type { Socket } from 'node:net';
import { join } from 'node:path';
import { AVATAR_DIR } from '../avatars/avatar-files.js';
import { serveControlConnection } from '../app/control-channel.js';
import { openHeadlessCore } from '../app/headless-host.js';
import { acquireInstanceLock } from '../app/instance-lock.js';
import { startUiBridge, type UiBridge } from '../ipc/bridge/server.js';
import { createIpcHandlers, type IpcHandlers } from '../ipc/handlers.js';
import { createRendererAssets } from '../ipc/renderer-assets.js';
import { systemClock } from '../runtime/clock.js';
import type { Logger, SecretRegistry } from '../runtime/logger.js';
import { allowFlags, flagValue, UsageError, type ParsedArgs } from './argv.js';
import { headlessPlatform } from './data-dir-session.js';

/** SIGTERM to exit: Docker waits 10 s, systemd 90 s; we promise 5. */
export const SHUTDOWN_BUDGET_MS = 4_500;

export interface RunContext {
  args: ParsedArgs;
  dataDir: string;
  logger: Logger;
  secrets: SecretRegistry;
  out(text: string): void;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  stopRequested: Promise<string>;
}

/**
 * Runs every account until asked to stop, then restores home colors, closes sessions and
 * flushes the store within the shutdown budget. Owns the data dir meanwhile: its control
 * socket serves `status` and the management commands of other invocations.
 */
export async function runCommand(ctx: RunContext): Promise<void> {
  allowFlags(ctx.args, ['data-dir', 'log-format', 'ui-port']);
  if (ctx.args.positionals.length > 0) throw new UsageError('run takes no arguments');
  const uiPortText = flagValue(ctx.args, 'ui-port');
  const uiPort = uiPortText === undefined ? undefined : Number(uiPortText);
  if (uiPort !== undefined && !(Number.isInteger(uiPort) && uiPort >= 0 && uiPort <= 65535)) throw new UsageError('--ui-port takes a port number (0 picks a free one)');

  const { logger, secrets } = ctx;
  let handlers: IpcHandlers | undefined;
  const connections = new Set<() => void>();
  const lock = await acquireInstanceLock(ctx.dataDir, (socket: Socket) => {
    if (!handlers) {
      socket.destroy();
      return;
    }
    const end = serveControlConnection(socket, handlers, logger);
    connections.add(end);
    socket.once('close', () => connections.delete(end));
  });
  let bridge: UiBridge | undefined;
  try {
    const { core, store } = openHeadlessCore({ dataDir: ctx.dataDir, clock: systemClock, logger, secrets });
    handlers = createIpcHandlers({ core, platform: headlessPlatform, logger, secrets });
    core.start();
    const accounts = core.snapshot().accounts;
    logger.info('run.started', `Running ${accounts.length} account(s) from ${ctx.dataDir}`);
    if (accounts.length === 0) {
      logger.warn('run.no_accounts', 'No accounts yet: add one with `twitch-colorchanger login --client-id ID` (this process picks it up)');
    }
    if (uiPort !== undefined) {
      const assets = createRendererAssets(undefined, { avatarDir: join(ctx.dataDir, AVATAR_DIR) });
      bridge = await startUiBridge({ handlers, assets, logger, port: uiPort, secrets });
      ctx.out(`UI: ${bridge.url}\n`);
    }
    const signal = await ctx.stopRequested;
    logger.info('run.stopping', `Received ${signal}; restoring home colors and saving`);
    const shutdown = (async () => {
      await bridge?.stop();
      await core.stop({ restoreHome: true });
      await store.stop().catch((error: unknown) => logger.error('run.flush_failed', `Saving on exit failed: ${String(error)}`));
    })();
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), SHUTDOWN_BUDGET_MS)));
    if ((await Promise.race([shutdown.then(() => 'done' as const), budget])) === 'timeout') {
      logger.warn('run.slow_stop', 'Stopping took too long; exiting anyway (settings were saved as they changed)');
    }
    clearTimeout(timer);
  } finally {
    for (const end of connections) end();
    await bridge?.stop();
    await lock.release();
  }
}
