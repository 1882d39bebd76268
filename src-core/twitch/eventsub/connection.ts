import { Backoff } from '../../runtime/backoff.js';
import type { Clock, TimerHandle } from '../../runtime/clock.js';
import { describeError } from '../../runtime/errors.js';
import type { Logger } from '../../runtime/logger.js';
import type { ChatMessage } from '../chat-message.js';
import type { ProxySettings } from '../http/proxy-env.js';
import { ChannelSubscriptions, type ChannelSubscriptionStatus } from './channel-subscriptions.js';
import type { Revocation } from './frames.js';
import { EventSubSession, type SessionEnd, type SessionHandlers, type SessionWelcome } from './session.js';
import type { SubscriptionApi } from './subscription-api.js';

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'degraded' | 'stopped';

/** What kind of failure ended the last session, so a UI can say it in a person's words. */
export type EventSubTrouble = 'unreachable' | 'silent' | 'twitch_trouble' | 'dropped';

export interface ConnectionStatus {
  state: ConnectionState;
  /** Why the last session ended, while reconnecting. */
  reason?: string;
  trouble?: EventSubTrouble;
  /** When the next connection attempt is due (epoch ms), while waiting for it. */
  nextAttemptAt?: number;
}

/** Failures in a row before the connection shows `degraded` (R09). */
export const DEGRADED_AFTER_FAILURES = 3;
/** A session that lived this long was healthy: the next loss starts the backoff afresh. */
export const STABLE_SESSION_MS = 60_000;

export interface ConnectionOptions {
  /** Base URL with our query; fresh sessions open it, reconnect URLs are used as given. */
  baseUrl: string;
  userId: string;
  api: SubscriptionApi;
  clock: Clock;
  logger: Logger;
  signal: AbortSignal;
  connectTimeoutMs: number;
  fallbackKeepaliveSeconds: number;
  createConcurrency: number;
  proxy: ProxySettings;
  random?: () => number;
  onChatMessage(message: ChatMessage): void;
  onWelcome(welcome: SessionWelcome): void;
  onStatus(status: ConnectionStatus): void;
  onChannelStatus(status: ChannelSubscriptionStatus): void;
  onAuthorizationRevoked(revocation: Revocation): void;
}

/**
 * One EventSub connection of an account (Twitch allows 3) with the channels assigned to
 * it. It keeps exactly one current session while channels are wanted and none while
 * they are not (no 4003 loop); during a session_reconnect handover it holds the old
 * session until the new one is welcomed (G5). Any other loss means a fresh session at
 * the base URL after a full-jitter backoff (R09), and the subscriptions are created again.
 */
export class EventSubConnection {
  readonly #options: ConnectionOptions;
  readonly #logger: Logger;
  readonly #subs: ChannelSubscriptions;
  readonly #backoff: Backoff;
  readonly #sessions = new Set<EventSubSession>();
  #current: EventSubSession | undefined;
  #successor: EventSubSession | undefined;
  #welcomedAt: number | undefined;
  #retryTimer: TimerHandle | undefined;
  #wanted = false;
  #stopped = false;
  #status: ConnectionStatus = { state: 'idle' };
  readonly #handlers: SessionHandlers = {
    onWelcome: (session, welcome) => this.#onWelcome(session, welcome),
    onChatMessage: (_session, message) => {
      if (!this.#stopped) this.#options.onChatMessage(message);
    },
    onRevocation: (_session, revocation) => {
      if (!this.#stopped) this.#subs.handleRevocation(revocation);
    },
    onReconnectRequested: (session, url) => this.#onReconnectRequested(session, url),
    onEnd: (session, end) => this.#onEnd(session, end),
  };

  constructor(options: ConnectionOptions) {
    this.#options = options;
    this.#logger = options.logger;
    this.#backoff = new Backoff(options.random ? { random: options.random } : {});
    this.#subs = new ChannelSubscriptions({
      userId: options.userId,
      api: options.api,
      clock: options.clock,
      logger: options.logger,
      signal: options.signal,
      concurrency: options.createConcurrency,
      ...(options.random ? { random: options.random } : {}),
      onStatus: (status) => options.onChannelStatus(status),
      onSessionGone: (sessionId) => {
        if (this.#current?.sessionId === sessionId && !this.#stopped) this.#lose('Twitch says the session is gone');
      },
      onAuthorizationRevoked: (revocation) => options.onAuthorizationRevoked(revocation),
    });
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  get desiredCount(): number {
    return this.#subs.desiredCount;
  }

  hasChannel(broadcasterUserId: string): boolean {
    return this.#subs.hasEntry(broadcasterUserId);
  }

  /** Open sockets, the handover's two included. */
  get socketCount(): number {
    return this.#sessions.size;
  }

  get timerCount(): number {
    return (this.#retryTimer ? 1 : 0) + this.#subs.timerCount;
  }

  get entryCount(): number {
    return this.#subs.entryCount;
  }

  add(broadcasterUserId: string): void {
    if (this.#stopped) return;
    this.#subs.add(broadcasterUserId);
    this.#updateWanted();
  }

  remove(broadcasterUserId: string): void {
    if (this.#stopped) return;
    this.#subs.remove(broadcasterUserId);
    this.#updateWanted();
  }

  /** Network back or system resumed: skip the backoff wait, and replace a silent session. */
  retryNow(): void {
    if (this.#stopped || !this.#wanted) return;
    this.#subs.retryNow();
    if (this.#retryTimer) {
      this.#retryTimer.cancel();
      this.#retryTimer = undefined;
      this.#backoff.reset();
      this.#connect();
      return;
    }
    const current = this.#current;
    if (current?.state === 'welcomed' && current.silentFor(current.keepaliveTimeoutMs)) {
      this.#backoff.reset();
      this.#lose('no EventSub frame since the network came back', { immediately: true });
    }
  }

  retryChannel(broadcasterUserId: string): void {
    if (!this.#stopped) this.#subs.retry(broadcasterUserId);
  }

  /** Closes every socket; resolves once they are closed. No timer is left behind (R16). */
  async stop(): Promise<void> {
    if (!this.#stopped) {
      this.#stopped = true;
      this.#wanted = false;
      this.#cancelRetry();
      this.#subs.dispose();
      this.#closeSessions();
      this.#setStatus({ state: 'stopped' });
    }
    await Promise.all([...this.#sessions].map((session) => session.closed));
  }

  #updateWanted(): void {
    const wanted = this.#subs.desiredCount > 0;
    if (wanted === this.#wanted) return;
    this.#wanted = wanted;
    if (wanted) {
      this.#backoff.reset();
      this.#connect();
      return;
    }
    this.#cancelRetry();
    this.#closeSessions();
    this.#subs.sessionLost();
    this.#setStatus({ state: 'idle' });
  }

  #connect(): void {
    this.#retryTimer = undefined;
    if (this.#stopped || !this.#wanted || this.#current) return;
    const prev = this.#status;
    // A degraded connection stays visibly degraded while it tries again.
    this.#setStatus(
      prev.state === 'degraded' ? { state: 'degraded', ...(prev.reason ? { reason: prev.reason } : {}), ...(prev.trouble ? { trouble: prev.trouble } : {}) } : { state: 'connecting' },
    );
    const session = this.#open(this.#options.baseUrl);
    if (session) this.#current = session;
    else this.#lose('the EventSub URL could not be opened');
  }

  #open(url: string): EventSubSession | undefined {
    const { userId, clock, signal, connectTimeoutMs, fallbackKeepaliveSeconds, proxy } = this.#options;
    try {
      const session = new EventSubSession({ url, userId, clock, logger: this.#logger, signal, connectTimeoutMs, fallbackKeepaliveSeconds, proxy, handlers: this.#handlers });
      this.#sessions.add(session);
      return session;
    } catch (error) {
      this.#logger.error('eventsub.open_failed', `Could not open an EventSub socket: ${describeError(error)}`, { error });
      return undefined;
    }
  }

  #onWelcome(session: EventSubSession, welcome: SessionWelcome): void {
    if (this.#stopped) return;
    this.#options.onWelcome(welcome);
    if (session === this.#current && !this.#successor) {
      this.#welcomedAt = this.#options.clock.now();
      this.#logger.info('eventsub.welcomed', 'EventSub session started', { session: welcome.sessionId, keepaliveSeconds: welcome.keepaliveTimeoutSeconds });
      this.#setStatus({ state: 'connected' });
      this.#subs.sessionStarted(welcome.sessionId);
      return;
    }
    if (session === this.#successor) {
      // Handover done: only now may the old socket go (G5), and nothing is created again.
      const old = this.#current;
      this.#current = session;
      this.#successor = undefined;
      this.#logger.info('eventsub.reconnected', 'EventSub session moved to a new connection', { session: welcome.sessionId });
      old?.close();
      this.#subs.sessionMoved(welcome.sessionId);
    }
  }

  #onReconnectRequested(session: EventSubSession, url: string): void {
    if (this.#stopped || session !== this.#current || this.#successor) return;
    this.#logger.info('eventsub.reconnect_requested', 'Twitch asked to move the EventSub session', { session: session.sessionId });
    const successor = this.#open(url);
    if (successor) this.#successor = successor;
    else this.#lose('the reconnect URL could not be opened');
  }

  #onEnd(session: EventSubSession, end: SessionEnd): void {
    this.#sessions.delete(session);
    if (this.#stopped) return;
    const reason = describeEnd(end);
    if (session === this.#successor) {
      this.#successor = undefined;
      this.#lose(`the reconnect handover failed: ${reason}`);
    } else if (session === this.#current) {
      this.#lose(this.#successor ? `the old connection ended during the reconnect handover: ${reason}` : reason, { end });
    }
  }

  /** The session is gone without a handover: its subscriptions are dead. Start afresh. */
  #lose(reason: string, options: { end?: SessionEnd; immediately?: boolean } = {}): void {
    const now = this.#options.clock.now();
    if (this.#welcomedAt !== undefined && now - this.#welcomedAt >= STABLE_SESSION_MS) this.#backoff.reset();
    this.#welcomedAt = undefined;
    this.#closeSessions();
    this.#subs.sessionLost();
    if (!this.#wanted) {
      this.#setStatus({ state: 'idle' });
      return;
    }
    if (options.immediately) {
      this.#connect();
      return;
    }
    const delay = this.#backoff.next();
    const attempts = this.#backoff.attempts;
    const nextAttemptAt = now + delay;
    const bug = options.end?.kind === 'server_closed' && options.end.close.action === 'reconnect_after_bug';
    const fields = { reason, attempt: attempts, delayMs: delay };
    if (bug) this.#logger.error('eventsub.session_lost', `EventSub session lost (client bug?): ${reason}`, fields);
    else this.#logger.warn('eventsub.session_lost', `EventSub session lost: ${reason}`, fields);
    this.#setStatus({ state: attempts >= DEGRADED_AFTER_FAILURES ? 'degraded' : 'connecting', reason, trouble: troubleOf(options.end), nextAttemptAt });
    this.#retryTimer = this.#options.clock.setTimeout(() => this.#connect(), delay);
  }

  #closeSessions(): void {
    const sessions = [this.#current, this.#successor];
    this.#current = undefined;
    this.#successor = undefined;
    this.#welcomedAt = undefined;
    for (const session of sessions) session?.close();
  }

  #cancelRetry(): void {
    this.#retryTimer?.cancel();
    this.#retryTimer = undefined;
  }

  #setStatus(next: ConnectionStatus): void {
    const prev = this.#status;
    if (prev.state === next.state && prev.reason === next.reason && prev.trouble === next.trouble && prev.nextAttemptAt === next.nextAttemptAt) return;
    this.#status = next;
    this.#options.onStatus(next);
  }
}

function troubleOf(end: SessionEnd | undefined): EventSubTrouble {
  switch (end?.kind) {
    case 'connect_failed':
    case 'connect_timeout':
      return 'unreachable';
    case 'keepalive_timeout':
      return 'silent';
    case 'server_closed':
      // 4000 internal error, 4005/4006 Twitch's own network trouble (close-codes.ts).
      return [4000, 4005, 4006].includes(end.close.code) ? 'twitch_trouble' : 'dropped';
    default:
      return 'dropped';
  }
}

export function describeEnd(end: SessionEnd): string {
  switch (end.kind) {
    case 'closed_by_us':
      return 'closed by the app';
    case 'server_closed':
      return `${end.close.description} (close code ${end.close.code})`;
    case 'keepalive_timeout':
      return `no message from Twitch for ${Math.round(end.timeoutMs / 1000)} s`;
    case 'connect_timeout':
      return `no welcome from Twitch within ${Math.round(end.timeoutMs / 1000)} s`;
    case 'connect_failed':
      return `could not connect: ${end.error}`;
  }
}
