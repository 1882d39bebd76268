import type { AppSnapshot, ChannelStateView } from '../../src-core/ipc/snapshot.js';
import type { Clock, TimerHandle } from '../../src-core/runtime/clock.js';

/**
 * When a channel's state should interrupt the user (issue 16), like account states do: once
 * when it starts needing the user (its owner is gone, the user is banned there), once when
 * Twitch keeps refusing it for a while (like a degraded account), and once for the whole app
 * when Twitch retired the chat event (an update is needed). States the account explains
 * (waiting for login, paused, off) and passing ones (connecting) never notify; disabled
 * accounts stay quiet.
 */
export interface ChannelAlert {
  accountId: string;
  kind: 'channel' | 'update';
  title: string;
  body: string;
}

/** The same wait as a degraded account before a still-failing channel is worth a notification. */
export const CHANNEL_FAILING_ALERT_AFTER_MS = 5 * 60_000;

const AT_ONCE: ReadonlySet<ChannelStateView> = new Set(['gone', 'banned']);
const AFTER_A_WHILE: ReadonlySet<ChannelStateView> = new Set(['revoked', 'error']);

interface Tracked {
  state: ChannelStateView;
  timer: TimerHandle | null;
}

export class ChannelAlerts {
  readonly #tracked = new Map<string, Tracked>();
  readonly #notices = new Set<string>();
  readonly #clock: Clock;
  readonly #notify: (alert: ChannelAlert) => void;
  readonly #failingAfterMs: number;

  constructor(deps: { clock: Clock; notify(alert: ChannelAlert): void; failingAfterMs?: number }) {
    this.#clock = deps.clock;
    this.#notify = deps.notify;
    this.#failingAfterMs = deps.failingAfterMs ?? CHANNEL_FAILING_ALERT_AFTER_MS;
  }

  /** Channels tracked (removed accounts and channels must not linger, R14). */
  get size(): number {
    return this.#tracked.size;
  }

  update(snapshot: AppSnapshot): void {
    const present = new Set<string>();
    for (const account of snapshot.accounts) {
      for (const channel of account.channels) {
        // Keyed by Twitch id when known, so a rename is the same channel (R37).
        const key = `${account.id}\u0000${channel.id ?? channel.login}`;
        present.add(key);
        const where = `#${channel.login}`;
        this.#observe(key, account.enabled ? channel.state : 'off', () => ({
          accountId: account.id,
          kind: 'channel',
          title: TITLES[channel.state]?.(where) ?? `${where}: Twitch is not delivering this chat`,
          body: `${account.displayName}: ${sentence(channel.reason ?? 'Colors are not changed for messages there')}${BODY_TAIL[channel.state] ?? ''}`,
        }));
      }
    }
    for (const [key, tracked] of this.#tracked) {
      if (present.has(key)) continue;
      tracked.timer?.cancel();
      this.#tracked.delete(key);
    }
    for (const notice of snapshot.notices) {
      if (this.#notices.has(notice)) continue;
      this.#notices.add(notice);
      this.#notify({ accountId: '', kind: 'update', title: 'Twitch ColorChanger needs an update', body: notice });
    }
  }

  stop(): void {
    for (const tracked of this.#tracked.values()) tracked.timer?.cancel();
    this.#tracked.clear();
  }

  #observe(key: string, state: ChannelStateView, alert: () => ChannelAlert): void {
    let tracked = this.#tracked.get(key);
    if (!tracked) this.#tracked.set(key, (tracked = { state: 'connecting', timer: null }));
    const previous = tracked.state;
    tracked.state = state;
    if (state === previous) return;
    // revoked <-> error is one stretch of failing: its wait goes on.
    const stillFailing = AFTER_A_WHILE.has(state) && AFTER_A_WHILE.has(previous);
    if (!stillFailing) {
      tracked.timer?.cancel();
      tracked.timer = null;
    }
    if (AT_ONCE.has(state)) this.#notify(alert());
    if (AFTER_A_WHILE.has(state) && !stillFailing) {
      const entry = tracked;
      entry.timer = this.#clock.setTimeout(() => {
        entry.timer = null;
        if (AFTER_A_WHILE.has(entry.state)) this.#notify(alert());
      }, this.#failingAfterMs);
    }
  }
}

function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

const TITLES: Partial<Record<ChannelStateView, (where: string) => string>> = {
  gone: (where) => `${where} no longer exists on Twitch`,
  banned: (where) => `You are banned in ${where}`,
};

const BODY_TAIL: Partial<Record<ChannelStateView, string>> = {
  gone: ' Remove it, or keep it: it is looked up again every day.',
  banned: ' Colors are not changed for messages there; the app tries again every few hours.',
  revoked: ' The app keeps retrying on its own.',
  error: ' The app keeps retrying on its own.',
};
