import type { Clock, TimerHandle } from '../../src-core/runtime/clock.js';
import type { Logger } from '../../src-core/runtime/logger.js';

/**
 * Quitting waits for the core to finish properly (home colors restored where chosen,
 * sessions closed, the store flushed), but never forever: after a deadline the app quits
 * anyway, since a hung network call must not keep a zombie process around. The store's
 * pending changes are written the moment quitting begins and again when the deadline
 * cuts the stop short, so a change is never lost to a slow Twitch. Electron's first
 * `before-quit` is held back; once the core is done, quit() runs again and passes.
 *
 * The OS ending the session gets a shorter deadline (SYSTEM_END_BUDGET_MS): Linux's
 * logind waits for apps only InhibitDelayMaxSec (5 s by default), and macOS gives up a
 * restart or log-out when an app keeps it waiting. Windows ends the process as soon as the
 * windows heard `session-end`; `sessionEnded` writes the store synchronously then.
 */
export const QUIT_TIMEOUT_MS = 8000;
export const SYSTEM_END_BUDGET_MS = 3000;

export interface QuittableApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export interface GracefulQuit {
  /** True from the first quit request on: windows close for real, nothing hides to the tray. */
  readonly quitting: boolean;
  /** The OS is shutting down, restarting or logging out: stop within the system budget, then quit. */
  systemEnding(): void;
  /** Windows ends the process once this returns: the store's pending changes are written now. */
  sessionEnded(): void;
}

export function installGracefulQuit(deps: {
  app: QuittableApp;
  stop(): Promise<void>;
  /** Writes the store's pending changes (the write itself starts synchronously). */
  flush(): Promise<void>;
  /** Runs once, when quitting begins (e.g. stop timers, remove the tray icon). */
  onQuitting(): void;
  clock: Clock;
  logger: Logger;
  timeoutMs?: number;
  systemBudgetMs?: number;
}): GracefulQuit {
  const timeoutMs = deps.timeoutMs ?? QUIT_TIMEOUT_MS;
  const systemBudgetMs = deps.systemBudgetMs ?? SYSTEM_END_BUDGET_MS;
  let phase: 'running' | 'stopping' | 'stopped' = 'running';
  let deadline: { at: number; timer: TimerHandle; ms: number } | null = null;
  let expire: () => void = () => {};
  const expired = new Promise<'timeout'>((resolve) => (expire = () => resolve('timeout')));

  /** Moves the deadline closer (never further away). */
  const finishWithin = (ms: number): void => {
    const at = deps.clock.now() + ms;
    if (deadline && deadline.at <= at) return;
    deadline?.timer.cancel();
    deadline = { at, ms, timer: deps.clock.setTimeout(expire, ms) };
  };

  const flushNow = (): Promise<void> =>
    deps.flush().catch((error: unknown) => {
      deps.logger.error('app.flush_failed', 'Saving the settings before quitting failed', { error });
    });

  const begin = (ms: number): void => {
    if (phase === 'stopped') return;
    finishWithin(ms);
    if (phase !== 'running') return;
    phase = 'stopping';
    try {
      deps.onQuitting();
    } catch (error) {
      deps.logger.error('app.quit_hook_failed', 'Preparing to quit failed; quitting anyway', { error });
    }
    void flushNow();
    void stopCore().then(() => {
      phase = 'stopped';
      deps.app.quit();
    });
  };

  const stopCore = async (): Promise<void> => {
    const finished = deps.stop().then(
      () => 'done' as const,
      (error: unknown) => {
        deps.logger.error('app.stop_failed', 'Stopping the core failed; quitting anyway', { error });
        return 'failed' as const;
      },
    );
    const outcome = await Promise.race([finished, expired]);
    deadline?.timer.cancel();
    if (outcome === 'timeout') {
      deps.logger.warn('app.stop_timeout', `The core did not stop within ${deadline?.ms ?? timeoutMs} ms; quitting anyway`, { timeoutMs: deadline?.ms });
      await flushNow();
    }
  };

  deps.app.on('before-quit', (event) => {
    if (phase === 'stopped') return;
    event.preventDefault();
    if (phase === 'running') deps.logger.info('app.quitting', 'Quitting: stopping the core');
    begin(timeoutMs);
  });

  return {
    get quitting() {
      return phase !== 'running';
    },
    systemEnding() {
      deps.logger.info('app.system_ending', `The system is shutting down, restarting or logging out: stopping within ${systemBudgetMs} ms`);
      begin(systemBudgetMs);
    },
    sessionEnded() {
      deps.logger.info('app.session_ended', 'Windows is ending the session now: saving the settings');
      void flushNow();
    },
  };
}
