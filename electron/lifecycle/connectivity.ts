import { onAbort } from '../../src-core/runtime/abort.js';
import type { Clock, TimerHandle } from '../../src-core/runtime/clock.js';

/**
 * Tells the core to retry at once when the machine wakes up or the network comes back,
 * instead of waiting out a backoff that may have grown to a minute while it slept.
 * Wake-up comes from powerMonitor's `resume`; "network back" from polling Electron's
 * `net.isOnline()` (Chromium's own connectivity state), since main has no online event.
 */
export type RetryReason = 'resume' | 'online';

export interface PowerMonitorLike {
  on(event: 'resume', listener: () => void): unknown;
  removeListener(event: 'resume', listener: () => void): unknown;
}

export interface NetLike {
  isOnline(): boolean;
}

export const ONLINE_POLL_MS = 5000;

export function watchConnectivity(deps: {
  powerMonitor: PowerMonitorLike;
  net: NetLike;
  clock: Clock;
  signal: AbortSignal;
  onRetry(reason: RetryReason): void;
  pollMs?: number;
}): void {
  if (deps.signal.aborted) return;
  const pollMs = deps.pollMs ?? ONLINE_POLL_MS;
  const onResume = (): void => deps.onRetry('resume');
  deps.powerMonitor.on('resume', onResume);

  let online = deps.net.isOnline();
  let timer: TimerHandle | null = null;
  const poll = (): void => {
    const now = deps.net.isOnline();
    if (now && !online) deps.onRetry('online');
    online = now;
    timer = deps.clock.setTimeout(poll, pollMs);
  };
  timer = deps.clock.setTimeout(poll, pollMs);

  onAbort(deps.signal, () => {
    deps.powerMonitor.removeListener('resume', onResume);
    timer?.cancel();
  });
}
