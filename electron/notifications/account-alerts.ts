import type { AccountState, AccountView, AppSnapshot } from '../../src-core/ipc/snapshot.js';
import { onAbort } from '../../src-core/runtime/abort.js';
import type { Clock, TimerHandle } from '../../src-core/runtime/clock.js';
import { ChannelAlerts } from './channel-alerts.js';

/**
 * Decides when the desktop should interrupt the user: once when an account starts needing a
 * login, and once when an account has been failing (degraded) for a while. Short hiccups
 * (a reconnect that works on the next try) never notify, and an account that stays in one
 * state never notifies twice. Disabled accounts are the user's choice and stay quiet. The
 * accounts' channels are watched alike (channel-alerts.ts).
 */
export interface AccountAlert {
  accountId: string;
  kind: 'needs_login' | 'degraded' | 'channel' | 'update';
  title: string;
  body: string;
}

export const DEGRADED_ALERT_AFTER_MS = 5 * 60_000;

interface Tracked {
  state: AccountState | 'off';
  degradedTimer: TimerHandle | null;
  latest: AccountView;
}

export class AccountAlerts {
  readonly #tracked = new Map<string, Tracked>();
  readonly #clock: Clock;
  readonly #notify: (alert: AccountAlert) => void;
  readonly #degradedAfterMs: number;
  readonly #channels: ChannelAlerts;
  #stopped = false;

  constructor(deps: { clock: Clock; notify(alert: AccountAlert): void; signal: AbortSignal; degradedAfterMs?: number }) {
    this.#clock = deps.clock;
    this.#notify = deps.notify;
    this.#degradedAfterMs = deps.degradedAfterMs ?? DEGRADED_ALERT_AFTER_MS;
    this.#channels = new ChannelAlerts({ clock: deps.clock, notify: deps.notify });
    onAbort(deps.signal, () => this.#stop());
  }

  /** Accounts being tracked (for tests: removed accounts must not linger, R14). */
  get size(): number {
    return this.#tracked.size;
  }

  /** Channels being tracked (R14, as for accounts). */
  get channelCount(): number {
    return this.#channels.size;
  }

  update(snapshot: AppSnapshot): void {
    if (this.#stopped) return;
    this.#channels.update(snapshot);
    const present = new Set<string>();
    for (const account of snapshot.accounts) {
      present.add(account.id);
      this.#observe(account);
    }
    for (const [id, tracked] of this.#tracked) {
      if (present.has(id)) continue;
      tracked.degradedTimer?.cancel();
      this.#tracked.delete(id);
    }
  }

  #observe(account: AccountView): void {
    const state: Tracked['state'] = account.enabled ? account.state : 'off';
    let tracked = this.#tracked.get(account.id);
    if (!tracked) {
      tracked = { state: 'off', degradedTimer: null, latest: account };
      this.#tracked.set(account.id, tracked);
    }
    const previous = tracked.state;
    tracked.state = state;
    tracked.latest = account;
    if (state === previous) return;
    if (previous === 'degraded') {
      tracked.degradedTimer?.cancel();
      tracked.degradedTimer = null;
    }
    if (state === 'needs_login') this.#notify(needsLoginAlert(account));
    if (state === 'degraded') {
      const entry = tracked;
      entry.degradedTimer = this.#clock.setTimeout(() => {
        entry.degradedTimer = null;
        if (!this.#stopped && entry.state === 'degraded') this.#notify(degradedAlert(entry.latest));
      }, this.#degradedAfterMs);
    }
  }

  #stop(): void {
    this.#stopped = true;
    this.#channels.stop();
    for (const tracked of this.#tracked.values()) tracked.degradedTimer?.cancel();
    this.#tracked.clear();
  }
}

function needsLoginAlert(account: AccountView): AccountAlert {
  return {
    accountId: account.id,
    kind: 'needs_login',
    title: `${account.displayName} needs to log in again`,
    body: `${account.reason ?? 'Twitch no longer accepts this login.'} Colors stay unchanged until you log in again.`,
  };
}

function degradedAlert(account: AccountView): AccountAlert {
  return {
    accountId: account.id,
    kind: 'degraded',
    title: `${account.displayName}: colors are not changing`,
    body: `${account.reason ?? 'Twitch cannot be reached.'} The app keeps retrying on its own.`,
  };
}
