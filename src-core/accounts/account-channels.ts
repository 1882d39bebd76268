import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { DeepReadonly } from '../store/deep-freeze.js';
import type { PersistedAccount } from '../store/schema.js';
import type { StateStore } from '../store/state-store.js';
import type { ChatMessage } from '../twitch/chat-message.js';
import { EventSubClient, MAX_CHANNELS_PER_SESSION, MAX_SESSIONS, type EventSubClientStatus } from '../twitch/eventsub/client.js';
import type { HelixClient } from '../twitch/helix/helix-client.js';
import { ChannelResolver } from './channel-resolver.js';
import { channelStatuses, type AccountGate, type ChannelStatus } from './channel-status.js';
import { UnknownChannelError } from './core-errors.js';
import { FollowedLive, type FollowLiveStatus } from './followed-live.js';
import type { FollowedChannel } from './followed-selection.js';

export interface AccountChannelsOptions {
  accountId: string;
  store: StateStore;
  eventSubUrl: string;
  clock: Clock;
  log: Logger;
  /** The account's signal: aborting it closes every socket and cancels every lookup. */
  signal: AbortSignal;
  keepaliveTimeoutSeconds?: number;
  random?: () => number;
  /** "Pause all" or the account's own switch is on: the followed channels are not polled meanwhile. */
  paused(): boolean;
  /** Something visible changed (a channel's state, the connection). */
  onChange(): void;
  onChat(message: ChatMessage): void;
  /** Twitch revoked a subscription with `authorization_revoked`: the login is dead. */
  onLoginRevoked(): void;
}

/** Twitch's limit of channels per account: 3 sockets of 300 (TWITCH.md §7). */
const MAX_CHANNELS = MAX_CHANNELS_PER_SESSION * MAX_SESSIONS;

/**
 * An account's channels at Twitch: the EventSub client reading their chat, the lookups
 * that keep stored channels matched to Twitch users (ids, renames, removed owners), and the
 * live followed channels (followed-live.ts). All start once the login is confirmed. The
 * desired set is the hand-listed channels plus the followed ones, reconciled in one place.
 * A channel Twitch says is gone is not subscribed again until a lookup finds it (R35);
 * nothing one channel does touches the others (R36).
 */
export class AccountChannels {
  readonly #o: AccountChannelsOptions;
  readonly #followed: FollowedLive;
  #helix: HelixClient | undefined;
  #eventsub: EventSubClient | undefined;
  #resolver: ChannelResolver | undefined;

  constructor(options: AccountChannelsOptions) {
    this.#o = options;
    this.#followed = new FollowedLive({
      clock: options.clock,
      log: options.log.child({ component: 'follow-live' }),
      signal: options.signal,
      ...(options.random ? { random: options.random } : {}),
      onChange: () => {
        this.reconcile();
        this.#o.onChange();
      },
    });
  }

  /** The EventSub connection's state (idle until connected). */
  get connection(): EventSubClientStatus {
    return this.#eventsub?.status ?? { state: 'idle' };
  }

  /** "Live channels I follow": its state, for the account's view. */
  get followLive(): FollowLiveStatus {
    return this.#followed.status();
  }

  /** How many followed channels the feature listens in now. */
  get followedListening(): number {
    return this.#followed.listening().length;
  }

  /** A followed channel the feature listens in (chat there counts like a hand-listed one's). */
  followedChannel(broadcasterUserId: string): FollowedChannel | undefined {
    const channel = this.#followed.channel(broadcasterUserId);
    return channel?.listening ? channel : undefined;
  }

  /** The scopes the token's validation reported (the followed channels need `user:read:follows`). */
  setScopes(scopes: readonly string[]): void {
    this.#followed.setScopes(scopes);
  }

  /**
   * The login works: read chat as `userId` and look channels up through `helix` (then
   * reconcile); `validate` has the token validated again (a poll refused for its scope).
   */
  connect(userId: string, helix: HelixClient, validate: () => void): void {
    const { clock, store, log, signal, accountId } = this.#o;
    const random = this.#o.random ? { random: this.#o.random } : {};
    this.#helix = helix;
    this.#eventsub = new EventSubClient({
      eventsubUrl: this.#o.eventSubUrl,
      userId,
      subscriptions: helix,
      clock,
      logger: log,
      signal,
      ...(this.#o.keepaliveTimeoutSeconds ? { keepaliveTimeoutSeconds: this.#o.keepaliveTimeoutSeconds } : {}),
      ...random,
    });
    this.#eventsub.on('chatMessage', (message) => this.#o.onChat(message));
    this.#eventsub.on('state', () => this.#o.onChange());
    this.#eventsub.on('channelStatus', (status) => {
      if (status.cause === 'channel_gone') this.#gone(status.broadcasterUserId);
      this.#o.onChange();
    });
    this.#eventsub.on('authorizationRevoked', () => this.#o.onLoginRevoked());
    this.#resolver = new ChannelResolver({
      accountId,
      store,
      lookup: helix,
      clock,
      logger: log,
      signal,
      onResolved: () => {
        this.reconcile();
        this.#o.onChange();
      },
      ...random,
    });
    // Every start checks every channel once: renames (R37) and owners gone meanwhile (R35).
    this.#resolver.verify();
    this.#followed.connect(userId, helix, validate);
  }

  /**
   * Subscriptions follow the stored toggles (minus channels gone from Twitch) plus the live
   * followed channels; lookups run when due. The same desired set makes no call at Twitch.
   */
  reconcile(): void {
    const account = this.#account();
    const resolver = this.#resolver;
    if (!account || !resolver) return;
    const manual = account.channels.filter((c) => c.enabled && c.id && !resolver.isGone(c.login)).map((c) => c.id as string);
    this.#followed.update({
      settings: account.followLive,
      paused: this.#o.paused(),
      manualIds: new Set(account.channels.flatMap((c) => (c.id ? [c.id] : []))),
      room: MAX_CHANNELS - manual.length,
    });
    this.#eventsub?.setDesiredChannels([...manual, ...this.#followed.listening()]);
    if (resolver.hasWork) void resolver.resolve();
  }

  /** Each channel's state; `gate` is the account's condition (a dead login, a pause). */
  statuses(gate: AccountGate): ChannelStatus[] {
    const account = this.#account();
    if (!account) return [];
    const running = this.#eventsub !== undefined && this.connection.state !== 'stopped';
    return channelStatuses(account, {
      gate,
      problems: this.#resolver?.problems ?? new Map(),
      // A stopped client's last statuses are history, not what Twitch delivers now.
      subscriptions: running ? (this.#eventsub?.channelStatuses() ?? []) : [],
      connectionRetryAt: this.connection.nextAttemptAt,
      // Found by polls of a working login: nothing to show where the account cannot work.
      followed: running && gate?.state !== 'waiting_for_login' && gate?.state !== 'stopped' ? this.#followed.channels() : [],
    });
  }

  /** Our own message in channel `id` shows its current name: a rename is stored at once (R37). */
  noticeName(id: string, login: string): void {
    this.#resolver?.renamed(id, login.toLowerCase());
  }

  /** Looks a channel up before it is added; throws UnknownChannelError when Twitch has no such user. */
  async lookup(login: string): Promise<string | undefined> {
    if (!this.#helix) return undefined;
    const result = await this.#helix.getUsersByLogin([login], this.#o.signal);
    const user = result.users[0];
    if (!user) throw new UnknownChannelError(login);
    this.#resolver?.forget(login);
    return user.id;
  }

  forget(login: string): void {
    this.#resolver?.forget(login);
  }

  /** The user switched a channel on or added it again: whatever was known against it is looked up afresh. */
  recheck(login: string): void {
    const resolver = this.#resolver;
    if (!resolver) return;
    const wasGone = resolver.isGone(login);
    resolver.forget(login);
    const channel = this.#account()?.channels.find((c) => c.login === login);
    if (wasGone && channel?.id) resolver.verify();
    this.reconcile();
    if (channel?.id) this.#eventsub?.retryChannel(channel.id);
  }

  retryNow(): void {
    this.#eventsub?.retryNow();
    this.#followed.retryNow();
  }

  stop(): Promise<void> {
    this.#followed.stop();
    return this.#eventsub?.stop() ?? Promise.resolve();
  }

  #gone(broadcasterUserId: string): void {
    const login = this.#account()?.channels.find((c) => c.id === broadcasterUserId)?.login;
    if (!login || !this.#resolver) return;
    this.#resolver.markGone(login);
    this.reconcile();
  }

  #account(): DeepReadonly<PersistedAccount> | undefined {
    return this.#o.store.get().accounts.find((a) => a.id === this.#o.accountId);
  }
}
