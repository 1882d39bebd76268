import { childController, onAbort } from '../../runtime/abort.js';
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import type { ChatMessage } from '../chat-message.js';
import type { ChannelSubscriptionStatus } from './channel-subscriptions.js';
import { EventSubConnection, type ConnectionState, type ConnectionStatus, type EventSubTrouble } from './connection.js';
import { IsolatedListeners } from './listeners.js';
import { RecentIds } from './recent-ids.js';
import type { SubscriptionApi } from './subscription-api.js';

export type { ChannelSubscriptionState, ChannelSubscriptionStatus } from './channel-subscriptions.js';
export type { ChannelCause } from './channel-policy.js';

/** Twitch's limits per user token (TWITCH.md §7 "Limits"). */
export const MAX_CHANNELS_PER_SESSION = 300;
export const MAX_SESSIONS = 3;
/** Older notifications are dropped, and ids are remembered this long (R10). */
export const MAX_MESSAGE_AGE_MS = 10 * 60_000;
export const MAX_REMEMBERED_IDS = 10_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_KEEPALIVE_SECONDS = 10;
const DEFAULT_CREATE_CONCURRENCY = 10;

export type EventSubClientState = ConnectionState;

export interface EventSubClientStatus {
  state: EventSubClientState;
  reason?: string;
  trouble?: EventSubTrouble;
  nextAttemptAt?: number;
}

export interface AuthorizationRevokedEvent {
  broadcasterUserId: string | undefined;
  subscriptionId: string;
}

export interface EventSubClientEvents {
  /** One of OUR user's chat messages, once per real message (deduplicated, not stale). */
  chatMessage: ChatMessage;
  /** The client's connection state changed. */
  state: EventSubClientStatus;
  /** A desired channel's subscription changed state. */
  channelStatus: ChannelSubscriptionStatus;
  /** Twitch revoked a subscription with `authorization_revoked`: the login is dead. */
  authorizationRevoked: AuthorizationRevokedEvent;
}

export interface EventSubClientOptions {
  /** Base URL, e.g. wss://eventsub.wss.twitch.tv/ws (validated by loadEndpoints). */
  eventsubUrl: string;
  /** Our user: the reader in every condition, and the only chatter whose messages count. */
  userId: string;
  subscriptions: SubscriptionApi;
  clock: Clock;
  logger: Logger;
  signal?: AbortSignal;
  /** Sent as `keepalive_timeout_seconds` on the base URL (10-600). */
  keepaliveTimeoutSeconds?: number;
  connectTimeoutMs?: number;
  /** Jitter source for every backoff (tests make it deterministic). */
  random?: () => number;
  /** Overrides Twitch's 300 per session (tests). */
  maxChannelsPerSession?: number;
  createConcurrency?: number;
  /** Where HTTPS_PROXY/HTTP_PROXY/NO_PROXY (either case) are read; defaults to process.env. */
  proxyEnv?: NodeJS.ProcessEnv;
  /** Tests only: loopback URLs go through the proxy too (by default they always go direct). */
  proxyLoopback?: boolean;
}

/**
 * The EventSub client of one account. The owner says which channels it wants; the client
 * keeps sessions and subscriptions converged on that (up to 3 sessions of 300 channels),
 * and reports our user's chat messages, its state and each channel's subscription status.
 */
export class EventSubClient {
  readonly #options: EventSubClientOptions;
  readonly #logger: Logger;
  readonly #controller: AbortController;
  readonly #listeners: IsolatedListeners<EventSubClientEvents>;
  readonly #connections: EventSubConnection[] = [];
  readonly #assigned = new Map<string, EventSubConnection>();
  readonly #statuses = new Map<string, ChannelSubscriptionStatus>();
  readonly #deliveries = new RecentIds({ maxAgeMs: MAX_MESSAGE_AGE_MS, maxSize: MAX_REMEMBERED_IDS });
  readonly #messages = new RecentIds({ maxAgeMs: MAX_MESSAGE_AGE_MS, maxSize: MAX_REMEMBERED_IDS });
  readonly #baseUrl: string;
  readonly #fallbackKeepaliveSeconds: number;
  readonly #disposeAbort: () => void;
  #desired: string[] = [];
  #desiredSet = new Set<string>();
  #stopped = false;
  #status: EventSubClientStatus = { state: 'idle' };
  /** Twitch's clock minus ours, from the last welcome: message age is judged on Twitch's clock. */
  #skewMs = 0;
  #stopping: Promise<void> | undefined;

  constructor(options: EventSubClientOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ component: 'eventsub' });
    this.#controller = childController(options.signal);
    this.#listeners = new IsolatedListeners(this.#logger);
    const url = new URL(options.eventsubUrl);
    if (options.keepaliveTimeoutSeconds !== undefined) {
      const seconds = Math.min(600, Math.max(10, Math.round(options.keepaliveTimeoutSeconds)));
      url.searchParams.set('keepalive_timeout_seconds', String(seconds));
    }
    this.#baseUrl = url.href;
    this.#fallbackKeepaliveSeconds = Number(url.searchParams.get('keepalive_timeout_seconds')) || DEFAULT_KEEPALIVE_SECONDS;
    this.#disposeAbort = onAbort(this.#controller.signal, () => void this.stop());
  }

  on<K extends keyof EventSubClientEvents>(event: K, listener: (payload: EventSubClientEvents[K]) => void): () => void {
    return this.#listeners.on(event, listener);
  }

  get status(): EventSubClientStatus {
    return this.#status;
  }

  /** The latest status of every desired channel. */
  channelStatuses(): ChannelSubscriptionStatus[] {
    return this.#desired.map((id) => this.#statuses.get(id) ?? { broadcasterUserId: id, state: 'pending' });
  }

  /** Counts of what the client holds (leak tests, diagnostics). */
  diagnostics(): { sockets: number; timers: number; channels: number; rememberedIds: number; listeners: number } {
    const sum = (f: (c: EventSubConnection) => number): number => this.#connections.reduce((n, c) => n + f(c), 0);
    return {
      sockets: sum((c) => c.socketCount),
      timers: sum((c) => c.timerCount),
      channels: sum((c) => c.entryCount),
      rememberedIds: this.#deliveries.size + this.#messages.size,
      listeners: this.#listeners.count,
    };
  }

  /**
   * The channels (broadcaster ids) whose chat to read. Idempotent: subscriptions are
   * created for new ones and deleted for dropped ones (R07). No channel, no socket.
   */
  setDesiredChannels(broadcasterUserIds: Iterable<string>): void {
    if (this.#stopped) {
      this.#logger.warn('eventsub.after_stop', 'Ignored setDesiredChannels on a stopped EventSub client');
      return;
    }
    const desired = [...new Set(broadcasterUserIds)];
    this.#desired = desired;
    this.#desiredSet = new Set(desired);
    for (const [id, connection] of this.#assigned) {
      if (this.#desiredSet.has(id)) continue;
      this.#assigned.delete(id);
      this.#statuses.delete(id);
      connection.remove(id);
    }
    for (const id of desired) {
      if (this.#assigned.has(id)) continue;
      const connection = this.#connectionFor(id);
      if (connection) {
        this.#assigned.set(id, connection);
        connection.add(id);
      } else {
        const max = (this.#options.maxChannelsPerSession ?? MAX_CHANNELS_PER_SESSION) * MAX_SESSIONS;
        this.#onChannelStatus({ broadcasterUserId: id, state: 'error', cause: 'over_limit', message: `Twitch allows at most ${max} channels per account` });
      }
    }
  }

  /** Network is back or the system resumed: retry everything that waits for a passing cause, now. */
  retryNow(): void {
    if (this.#stopped) return;
    for (const connection of this.#connections) connection.retryNow();
  }

  /** Tries one channel again now, whatever its cause held it for (it exists on Twitch again, say). */
  retryChannel(broadcasterUserId: string): void {
    if (!this.#stopped) this.#assigned.get(broadcasterUserId)?.retryChannel(broadcasterUserId);
  }

  /** Closes every socket and cancels every timer and request (R16). Idempotent. */
  stop(): Promise<void> {
    this.#stopped = true;
    this.#stopping ??= (async () => {
      this.#disposeAbort();
      this.#controller.abort();
      const closing = this.#connections.map((c) => c.stop());
      this.#setStatus({ state: 'stopped' });
      await Promise.all(closing);
      this.#listeners.clear();
      this.#deliveries.clear();
      this.#messages.clear();
    })();
    return this.#stopping;
  }

  #connectionFor(id: string): EventSubConnection | undefined {
    const max = this.#options.maxChannelsPerSession ?? MAX_CHANNELS_PER_SESSION;
    const hasRoom = (c: EventSubConnection): boolean => c.desiredCount < max;
    const existing = this.#connections.find((c) => c.hasChannel(id) && hasRoom(c)) ?? this.#connections.find(hasRoom);
    if (existing || this.#connections.length >= MAX_SESSIONS) return existing;
    const connection = this.#newConnection(this.#connections.length);
    this.#connections.push(connection);
    return connection;
  }

  #newConnection(index: number): EventSubConnection {
    const o = this.#options;
    return new EventSubConnection({
      baseUrl: this.#baseUrl,
      userId: o.userId,
      api: o.subscriptions,
      clock: o.clock,
      logger: this.#logger.child({ connection: index }),
      signal: this.#controller.signal,
      connectTimeoutMs: o.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      fallbackKeepaliveSeconds: this.#fallbackKeepaliveSeconds,
      createConcurrency: o.createConcurrency ?? DEFAULT_CREATE_CONCURRENCY,
      proxy: { env: o.proxyEnv ?? process.env, includeLoopback: o.proxyLoopback ?? false },
      ...(o.random ? { random: o.random } : {}),
      onChatMessage: (message) => this.#deliver(message),
      onWelcome: (welcome) => {
        this.#skewMs = welcome.sentAt - o.clock.now();
      },
      onStatus: () => this.#setStatus(this.#aggregate()),
      onChannelStatus: (status) => this.#onChannelStatus(status),
      onAuthorizationRevoked: (revocation) => {
        if (this.#stopped) return;
        this.#listeners.emit('authorizationRevoked', {
          broadcasterUserId: revocation.broadcasterUserId,
          subscriptionId: revocation.subscriptionId,
        });
      },
    });
  }

  /** Drops stale and duplicate deliveries (R10, G10), then hands the message on. */
  #deliver(message: ChatMessage): void {
    if (this.#stopped) return;
    const now = this.#options.clock.now();
    const age = now + this.#skewMs - message.sentAt;
    if (age > MAX_MESSAGE_AGE_MS) {
      this.#logger.info('eventsub.stale_message', `Dropped a chat message ${Math.round(age / 1000)} s old`, {
        channel: message.broadcasterUserId,
      });
      return;
    }
    if (this.#deliveries.checkAndAdd(message.deliveryId, now)) return;
    if (this.#messages.checkAndAdd(message.sourceMessageId ?? message.messageId, now)) return;
    this.#listeners.emit('chatMessage', message);
  }

  #onChannelStatus(status: ChannelSubscriptionStatus): void {
    if (this.#stopped || !this.#desiredSet.has(status.broadcasterUserId)) return;
    const prev = this.#statuses.get(status.broadcasterUserId);
    if (prev && prev.state === status.state && prev.cause === status.cause && prev.message === status.message && prev.nextAttemptAt === status.nextAttemptAt) return;
    this.#statuses.set(status.broadcasterUserId, status);
    this.#listeners.emit('channelStatus', status);
  }

  #aggregate(): EventSubClientStatus {
    if (this.#stopped) return { state: 'stopped' };
    const active = this.#connections.map((c) => c.status).filter((s) => s.state !== 'idle');
    const pick = (state: ConnectionState): ConnectionStatus | undefined =>
      active.filter((s) => s.state === state).sort((a, b) => (a.nextAttemptAt ?? Infinity) - (b.nextAttemptAt ?? Infinity))[0];
    const worst = pick('degraded') ?? pick('connecting') ?? pick('connected');
    if (!worst) return { state: 'idle' };
    return { ...worst };
  }

  #setStatus(next: EventSubClientStatus): void {
    const prev = this.#status;
    if (prev.state === next.state && prev.reason === next.reason && prev.trouble === next.trouble && prev.nextAttemptAt === next.nextAttemptAt) return;
    this.#status = next;
    this.#listeners.emit('state', next);
  }
}
