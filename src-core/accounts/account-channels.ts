import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { DeepReadonly } from '../store/deep-freeze.js';
import type { PersistedAccount } from '../store/schema.js';
import type { StateStore } from '../store/state-store.js';
import type { ChatMessage } from '../twitch/chat-message.js';
import { EventSubClient, type EventSubClientStatus } from '../twitch/eventsub/client.js';
import type { HelixClient } from '../twitch/helix/helix-client.js';
import { ChannelResolver } from './channel-resolver.js';
import { channelStatuses, type ChannelStatus } from './channel-status.js';
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
 * that turn stored logins into broadcaster ids. Both start once the login is confirmed.
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
    this.#eventsub.on('channelStatus', () => this.#o.onChange());
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
  }

  /** Subscriptions follow the stored toggles; channels without an id are looked up. */
  reconcile(): void {
    const account = this.#account();
    if (!account) return;
    this.#eventsub?.setDesiredChannels(account.channels.filter((c) => c.enabled && c.id).map((c) => c.id as string));
    if (this.#resolver && this.#resolver.pending().length > 0) void this.#resolver.resolve();
  }

  statuses(): ChannelStatus[] {
    const account = this.#account();
    if (!account) return [];
    return channelStatuses(account, this.#resolver?.problems ?? new Map(), this.#eventsub?.channelStatuses() ?? []);
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

  retryNow(): void {
    this.#eventsub?.retryNow();
  }

  stop(): Promise<void> {
    return this.#eventsub?.stop() ?? Promise.resolve();
  }

  #account(): DeepReadonly<PersistedAccount> | undefined {
    return this.#o.store.get().accounts.find((a) => a.id === this.#o.accountId);
  }
}
