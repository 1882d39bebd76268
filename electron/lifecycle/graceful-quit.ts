import { sleep } from '../../src-core/runtime/abort.js';
import type { Clock } from '../../src-core/runtime/clock.js';
import type { Logger } from '../../src-core/runtime/logger.js';

/**
 * Quitting waits for the core to finish properly (home colors restored where chosen, the
 * store flushed, sessions closed), but never forever: after `timeoutMs` the app quits
 * anyway, since a hung network call must not keep a zombie process around. Electron's
 * first `before-quit` is held back; once the core is done, quit() runs again and passes.
 */
export const QUIT_TIMEOUT_MS = 8000;

export interface QuittableApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export interface GracefulQuit {
  /** True from the first quit request on: windows close for real, nothing hides to the tray. */
  readonly quitting: boolean;
}

export function installGracefulQuit(deps: {
  app: QuittableApp;
  stop(): Promise<void>;
  /** Runs once, when quitting begins (e.g. stop timers, remove the tray icon). */
  onQuitting(): void;
  clock: Clock;
  logger: Logger;
  timeoutMs?: number;
}): GracefulQuit {
  const timeoutMs = deps.timeoutMs ?? QUIT_TIMEOUT_MS;
  let phase: 'running' | 'stopping' | 'stopped' = 'running';

  const stopCore = async (): Promise<void> => {
    const deadline = new AbortController();
    const finished = deps.stop().then(
      () => 'done' as const,
      (error: unknown) => {
        deps.logger.error('app.stop_failed', 'Stopping the core failed; quitting anyway', { error });
        return 'failed' as const;
      },
    );
    const timedOut = sleep(deps.clock, timeoutMs, deadline.signal).then(
      () => 'timeout' as const,
      () => 'cancelled' as const,
    );
    const outcome = await Promise.race([finished, timedOut]);
    deadline.abort();
    if (outcome === 'timeout') {
      deps.logger.warn('app.stop_timeout', `The core did not stop within ${timeoutMs} ms; quitting anyway`, { timeoutMs });
    }
  };

  deps.app.on('before-quit', (event) => {
    if (phase === 'stopped') return;
    event.preventDefault();
    if (phase === 'stopping') return;
    phase = 'stopping';
    deps.logger.info('app.quitting', 'Quitting: stopping the core');
    try {
      deps.onQuitting();
    } catch (error) {
      deps.logger.error('app.quit_hook_failed', 'Preparing to quit failed; quitting anyway', { error });
    }
    void stopCore().then(() => {
      phase = 'stopped';
      deps.app.quit();
    });
  });

  return {
    get quitting() {
      return phase !== 'running';
    },
  };
}
