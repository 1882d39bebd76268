import { FOLLOW_POLL_MS, FOLLOW_SCOPE_MISSING, OFFLINE_GRACE_MS } from '../../../src-core/accounts/followed-live.js';
import { selectFollowed, type FollowedChannel } from '../../../src-core/accounts/followed-selection.js';
import type { AccountView, ChannelView } from '../../../src-core/ipc/snapshot.js';
import type { LiveStream } from '../../../src-core/twitch/helix/followed-streams.js';
import { settleChannel } from '../../support/account-gates.js';

/** Twitch's room for one account's subscriptions, as account-channels.ts counts it. */
const MAX_CHANNELS = 900;

/**
 * "Live channels I follow" of one scripted account, chosen as the real core chooses: the
 * test plays Twitch (which followed channels are live, whether the login has the scope) and
 * each poll runs the core's own selection (followed-selection.ts), so the cap, the viewers
 * filter, a remembered switch-off and the grace after going offline come out as the real
 * core reports them. The rows then settle as the core reports the account (account-gates.ts).
 */
export class ScriptedFollows {
  /** What Get Followed Streams answers now. */
  live: LiveStream[] = [];
  /** The login lacks user:read:follows (an account from before issue 18). */
  scopeMissing = false;
  #channels = new Map<string, FollowedChannel>();
  /** Switched off by the user, by Twitch id (the store's `followLive.off`). */
  readonly #off = new Map<string, string>();
  #choice = '';

  /** A poll, where the real core would make one: the switch on, the scope granted, the account working and not paused. */
  poll(account: AccountView, appPaused: boolean, now = Date.now()): void {
    const follow = account.followLive;
    if (!follow.enabled) return this.clear();
    if (this.scopeMissing) {
      this.clear();
      Object.assign(follow, { state: 'needs_login', reason: FOLLOW_SCOPE_MISSING, reasonDetail: 'the login lacks user:read:follows', nextPollAt: null });
      return;
    }
    // Paused, the core polls no more but applies a changed setting to what it last found.
    if (account.state !== 'active' && account.state !== 'paused') return;
    this.#select(account, now);
    if (account.state === 'active') Object.assign(follow, { state: 'active', reason: null, reasonDetail: null, lastPollAt: now, nextPollAt: now + FOLLOW_POLL_MS });
    this.write(account, appPaused);
  }

  /** The user's switch on a followed channel; false when it is not one. */
  setEnabled(account: AccountView, login: string, enabled: boolean, appPaused: boolean): boolean {
    const id = [...this.#channels.values()].find((c) => c.login === login)?.id ?? [...this.#off].find(([, l]) => l === login)?.[0];
    if (!id) return false;
    if (enabled) this.#off.delete(id);
    else this.#off.set(id, login);
    this.#select(account, Date.now());
    this.write(account, appPaused);
    return true;
  }

  clear(): void {
    this.#channels = new Map();
  }

  /** The account's channels: its hand-listed ones, then the followed ones in the core's order. */
  write(account: AccountView, appPaused: boolean): void {
    const before = new Map(account.channels.filter((c) => c.source === 'followed-live').map((c) => [c.login, c]));
    const followed = [...this.#channels.values()].map((channel) => {
      const view = viewOf(channel, before.get(channel.login));
      settleChannel(account, view, appPaused);
      return view;
    });
    account.channels = [...account.channels.filter((c) => c.source === 'manual'), ...followed];
    account.followLive.switchedOff = this.#off.size;
  }

  #select(account: AccountView, now: number): void {
    const follow = account.followLive;
    const choice = `${follow.max}/${follow.maxViewers ?? ''}`;
    const manual = account.channels.filter((c) => c.source === 'manual');
    const selection = selectFollowed({
      live: this.live,
      previous: this.#channels,
      manualIds: new Set(manual.flatMap((c) => (c.id ? [c.id] : []))),
      offIds: new Set(this.#off.keys()),
      max: follow.max,
      maxViewers: follow.maxViewers ?? undefined,
      room: MAX_CHANNELS - manual.filter((c) => c.enabled).length,
      now,
      graceMs: OFFLINE_GRACE_MS,
      fresh: this.#choice !== '' && choice !== this.#choice,
    });
    this.#choice = choice;
    this.#channels = selection.channels;
    follow.skipped = selection.skipped;
  }
}

/** A followed channel as the snapshot carries it (src-core/app/snapshot.ts channelView). */
function viewOf(channel: FollowedChannel, before: ChannelView | undefined): ChannelView {
  const followed = {
    displayName: channel.displayName,
    viewers: channel.viewers,
    liveSince: channel.startedAt ?? null,
    offlineSince: channel.offlineSince ?? null,
    leavesAt: channel.offlineSince === undefined ? null : channel.offlineSince + OFFLINE_GRACE_MS,
  };
  const enabled = !channel.userOff;
  const state = before?.enabled === enabled ? { state: before.state, subscription: before.subscription } : ({ state: 'connecting', subscription: 'pending' } as const);
  return { source: 'followed-live', followed, login: channel.login, id: channel.id, enabled, error: null, reason: null, nextAttemptAt: null, ...state };
}

/** A live followed channel as Get Followed Streams reports it (most viewers first is Twitch's order). */
export function liveStreamOf(login: string, viewers: number, startedAt: number | undefined): LiveStream {
  // A stable Twitch id per name, as Twitch keeps one per channel.
  const id = [...login].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) % 90_000_000, 7) + 10_000_000;
  return { broadcasterId: String(id), login, displayName: login, viewers, startedAt };
}
