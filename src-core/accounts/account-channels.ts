import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { DeepReadonly } from '../store/deep-freeze.js';
import type { PersistedAccount } from '../store/schema.js';
import type { StateStore } from '../store/state-store.js';
import type { ChatMessage } from '../twitch/chat-message.js';
import { EventSubClient, type EventSubClientStatus } from '../twitch/eventsub/client.js';
import type { HelixClient } from '../twitch/helix/helix-client.js';
import { ChannelResolver } from './channel-resolver.js';
import { channelStatuses, type AccountGate, type ChannelStatus } from './channel-status.js';
import { UnknownChannelError } from './core-errors.js';

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
  /** Something visible changed (a channel's state, the connection). */
  onChange(): void;
  onChat(message: ChatMessage): void;
  /** Twitch revoked a subscription with `authorization_revoked`: the login is dead. */
  onLoginRevoked(): void;
}

/**
 * An account's channels at Twitch: the EventSub client reading their chat, and the lookups
 * that keep stored channels matched to Twitch users (ids, renames, removed owners). Both
 * start once the login is confirmed. A channel Twitch says is gone is not subscribed again
 * until a lookup finds it (R35); nothing one channel does touches the others (R36).
 */
export class AccountChannels {
  readonly #o: AccountChannelsOptions;
  #helix: HelixClient | undefined;
  #eventsub: EventSubClient | undefined;
  #resolver: ChannelResolver | undefined;

  constructor(options: AccountChannelsOptions) {
    this.#o = options;
  }

  /** The EventSub connection's state (idle until connected). */
  get connection(): EventSubClientStatus {
    return this.#eventsub?.status ?? { state: 'idle' };
  }

  /** The login works: read chat as `userId` and look channels up through `helix` (then reconcile). */
  connect(userId: string, helix: HelixClient): void {
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
  }

  /** Subscriptions follow the stored toggles (minus channels gone from Twitch); lookups run when due. */
  reconcile(): void {
    const account = this.#account();
    const resolver = this.#resolver;
    if (!account || !resolver) return;
    this.#eventsub?.setDesiredChannels(account.channels.filter((c) => c.enabled && c.id && !resolver.isGone(c.login)).map((c) => c.id as string));
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
  }

  stop(): Promise<void> {
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
