import { isAbortError } from '../../runtime/abort.js';
import { Backoff } from '../../runtime/backoff.js';
import type { Clock, TimerHandle } from '../../runtime/clock.js';
import { describeError } from '../../runtime/errors.js';
import type { Logger } from '../../runtime/logger.js';
import { SubscriptionRefusedError, twitchStatusOf } from '../errors.js';
import { isRetryLaterError } from '../http/errors.js';
import { CHANNEL_POLICIES, RARE_RETRY_MS, RETRY_WORDS, causeOfCreateError, causeOfStatus, failureDetail, isSessionGone, type ChannelCause } from './channel-policy.js';
import { ConcurrencyLimit } from './concurrency-limit.js';
import type { Revocation } from './frames.js';
import type { SubscriptionApi } from './subscription-api.js';

export type ChannelSubscriptionState = 'live' | 'pending' | 'error';

/** What the user sees per channel: is its chat being read? */
export interface ChannelSubscriptionStatus {
  broadcasterUserId: string;
  state: ChannelSubscriptionState;
  /** For `error`: why, as a row of the policy table (channel-policy.ts). */
  cause?: ChannelCause;
  /** For `error`: what went wrong, in words. */
  message?: string;
  /** For `error`: when the next attempt is due (epoch ms), if one is scheduled. */
  nextAttemptAt?: number;
}

export interface ChannelSubscriptionsOptions {
  userId: string;
  api: SubscriptionApi;
  clock: Clock;
  logger: Logger;
  signal: AbortSignal;
  /** Create/delete calls in flight at once. */
  concurrency: number;
  random?: () => number;
  onStatus(status: ChannelSubscriptionStatus): void;
  /** Twitch says the session no longer exists (G8): the owner must reconnect fresh. */
  onSessionGone(sessionId: string): void;
  onAuthorizationRevoked(revocation: Revocation): void;
}

interface Entry {
  readonly id: string;
  desired: boolean;
  /** The subscription we believe enabled, and the session generation it belongs to. */
  sub: { id: string; generation: number } | undefined;
  busy: boolean;
  /** Its cause's policy tries nothing by itself: only re-adding the channel (or `retry`) does. */
  held: boolean;
  readonly backoff: Backoff;
  retryTimer: TimerHandle | undefined;
  status: ChannelSubscriptionStatus | undefined;
}

/**
 * Keeps the channel.chat.message subscriptions of one connection equal to its desired
 * channels (DESIGN.md "Desired state, reconciled"). Each channel has at most one call in
 * flight; after every call it is compared again, so actual converges to desired whatever
 * happened meanwhile. A fresh session (new generation) invalidates every subscription; a
 * reconnect handover keeps them (G5).
 */
export class ChannelSubscriptions {
  readonly #entries = new Map<string, Entry>();
  readonly #options: ChannelSubscriptionsOptions;
  #session: { id: string; generation: number } | undefined;
  #generation = 0;
  #desiredCount = 0;
  readonly #limit: ConcurrencyLimit;
  #disposed = false;

  constructor(options: ChannelSubscriptionsOptions) {
    this.#options = options;
    this.#limit = new ConcurrencyLimit(options.concurrency);
  }

  get desiredCount(): number {
    return this.#desiredCount;
  }

  /** Channels known, desired or still being unsubscribed. */
  get entryCount(): number {
    return this.#entries.size;
  }

  hasEntry(broadcasterUserId: string): boolean {
    return this.#entries.has(broadcasterUserId);
  }

  add(broadcasterUserId: string): void {
    let entry = this.#entries.get(broadcasterUserId);
    if (!entry) {
      entry = { id: broadcasterUserId, desired: false, sub: undefined, busy: false, held: false, backoff: this.#newBackoff(), retryTimer: undefined, status: undefined };
      this.#entries.set(broadcasterUserId, entry);
    } else if (entry.desired) {
      return;
    }
    entry.desired = true;
    this.#desiredCount += 1;
    this.#restart(entry);
  }

  remove(broadcasterUserId: string): void {
    const entry = this.#entries.get(broadcasterUserId);
    if (!entry?.desired) return;
    entry.desired = false;
    this.#desiredCount -= 1;
    entry.status = undefined;
    this.#restart(entry);
  }

  /** A fresh session was welcomed: every earlier subscription is dead, create them all again. */
  sessionStarted(sessionId: string): void {
    this.#generation += 1;
    this.#session = { id: sessionId, generation: this.#generation };
    for (const entry of this.#entries.values()) this.#reconcile(entry);
  }

  /** A reconnect handover finished: the subscriptions moved with it (G5), create nothing. */
  sessionMoved(sessionId: string): void {
    if (this.#session) this.#session = { id: sessionId, generation: this.#session.generation };
  }

  sessionLost(): void {
    this.#session = undefined;
    for (const entry of this.#entries.values()) {
      if (entry.desired && !entry.held && !entry.retryTimer) this.#setStatus(entry, { state: 'pending' });
    }
  }

  handleRevocation(revocation: Revocation): void {
    const entry = [...this.#entries.values()].find((e) => e.sub?.id === revocation.subscriptionId);
    const fields = { channel: revocation.broadcasterUserId, subscription: revocation.subscriptionId, status: revocation.status };
    if (!entry) {
      this.#options.logger.info('eventsub.revocation_unknown', 'Twitch revoked a subscription we no longer use', fields);
      return;
    }
    entry.sub = undefined;
    if (!entry.desired) {
      this.#reconcile(entry);
      return;
    }
    const cause = causeOfStatus(revocation.status);
    const policy = CHANNEL_POLICIES[cause];
    const message = `Twitch revoked the chat subscription (${revocation.status}); ${RETRY_WORDS[policy.retry]}`;
    const event = cause === 'login_revoked' ? 'eventsub.authorization_revoked' : 'eventsub.subscription_revoked';
    this.#options.logger.warn(event, message, { ...fields, cause, retry: policy.retry });
    this.#failWith(entry, cause, revocation.status);
    if (cause === 'login_revoked') this.#options.onAuthorizationRevoked(revocation);
  }

  /**
   * Network back or system resumed: retry now every channel whose cause is passing
   * (backoff policy). A ban or a removed channel does not change with the network.
   */
  retryNow(): void {
    for (const entry of this.#entries.values()) {
      const cause = entry.status?.state === 'error' ? entry.status.cause : undefined;
      if (cause && CHANNEL_POLICIES[cause].retry !== 'backoff') continue;
      this.#restart(entry);
    }
  }

  /** Tries one channel again now, whatever held it (it was found on Twitch again, say). */
  retry(broadcasterUserId: string): void {
    const entry = this.#entries.get(broadcasterUserId);
    if (entry?.desired) this.#restart(entry);
  }

  dispose(): void {
    this.#disposed = true;
    for (const entry of this.#entries.values()) {
      entry.retryTimer?.cancel();
      entry.retryTimer = undefined;
    }
    // Waiters see #disposed and return without a call.
    this.#limit.releaseAll();
  }

  /** Retry timers pending (diagnostics and leak tests). */
  get timerCount(): number {
    let n = 0;
    for (const entry of this.#entries.values()) if (entry.retryTimer) n += 1;
    return n;
  }

  #newBackoff(): Backoff {
    return new Backoff(this.#options.random ? { random: this.#options.random } : {});
  }

  /** The user changed something: forget earlier failures and act now. */
  #restart(entry: Entry): void {
    entry.retryTimer?.cancel();
    entry.retryTimer = undefined;
    entry.backoff.reset();
    if (entry.desired) entry.held = false;
    this.#reconcile(entry);
  }

  #nextStep(entry: Entry): 'create' | 'delete' | 'wait' | 'done' {
    if (!entry.desired) return entry.sub ? 'delete' : 'done';
    if (entry.held) return 'done';
    if (!this.#session) return 'wait';
    return entry.sub?.generation === this.#session.generation ? 'done' : 'create';
  }

  #reconcile(entry: Entry): void {
    if (this.#disposed || entry.busy || entry.retryTimer) return;
    const step = this.#nextStep(entry);
    if (step === 'done') {
      if (!entry.desired) this.#entries.delete(entry.id);
      return;
    }
    if (step === 'wait') {
      this.#setStatus(entry, { state: 'pending' });
      return;
    }
    entry.busy = true;
    void this.#run(entry);
  }

  async #run(entry: Entry): Promise<void> {
    await this.#limit.acquire();
    try {
      if (this.#disposed) return;
      // Decided after the wait: the session or the wish may have changed while queued.
      const step = this.#nextStep(entry);
      if (step === 'create') await this.#create(entry);
      else if (step === 'delete') await this.#delete(entry);
    } finally {
      this.#limit.release();
      entry.busy = false;
    }
    this.#reconcile(entry);
  }

  async #create(entry: Entry): Promise<void> {
    const session = this.#session;
    if (!session) return;
    if (entry.status?.state !== 'error') this.#setStatus(entry, { state: 'pending' });
    try {
      const { api, userId, signal } = this.#options;
      // The Helix client resolves a 409 left by an orphaned session itself (G6); one that
      // still reaches us is retried with backoff like any other failure.
      const sub = await api.createChatSubscription({ sessionId: session.id, broadcasterUserId: entry.id, userId }, signal);
      if (this.#session?.generation !== session.generation) return;
      if (sub.status !== 'enabled') {
        entry.sub = undefined;
        const cause = causeOfStatus(sub.status);
        this.#options.logger.warn('eventsub.subscription_failed', `Twitch created the chat subscription as ${sub.status}`, {
          channel: entry.id,
          operation: 'create subscription',
          cause,
        });
        this.#failWith(entry, cause, sub.status);
        if (cause === 'login_revoked') this.#options.onAuthorizationRevoked({ subscriptionId: sub.id, subscriptionType: 'channel.chat.message', status: sub.status, broadcasterUserId: entry.id });
        return;
      }
      entry.sub = { id: sub.id, generation: session.generation };
      entry.backoff.reset();
      if (entry.desired) this.#setStatus(entry, { state: 'live' });
    } catch (error) {
      if (this.#disposed || isAbortError(error)) return;
      if (isSessionGone(error)) {
        if (this.#session?.id !== session.id) return;
        this.#options.logger.warn('eventsub.session_gone', 'Twitch says the EventSub session is gone; reconnecting', {
          channel: entry.id,
          operation: 'create subscription',
          status: 400,
        });
        // Forget the session first, so no other channel keeps trying it (G8).
        this.sessionLost();
        this.#options.onSessionGone(session.id);
        return;
      }
      this.#fail(entry, 'create subscription', error, causeOfCreateError(error));
    }
  }

  async #delete(entry: Entry): Promise<void> {
    const sub = entry.sub;
    if (!sub) return;
    try {
      await this.#options.api.deleteSubscription(sub.id, this.#options.signal);
      if (entry.sub === sub) entry.sub = undefined;
      entry.backoff.reset();
      this.#options.logger.debug('eventsub.unsubscribed', 'Deleted the chat subscription', { channel: entry.id, subscription: sub.id });
    } catch (error) {
      if (this.#disposed || isAbortError(error)) return;
      this.#fail(entry, 'delete subscription', error, isRetryLaterError(error) ? 'transient' : 'failed');
    }
  }

  #fail(entry: Entry, operation: string, error: unknown, cause: ChannelCause): void {
    const status = twitchStatusOf(error) ?? (error instanceof SubscriptionRefusedError ? error.status : undefined);
    this.#options.logger.warn('eventsub.subscription_failed', `Could not ${operation}: ${describeError(error)}`, {
      channel: entry.id,
      operation,
      status,
      cause,
      error,
    });
    this.#failWith(entry, cause, failureDetail(operation, error));
  }

  /** Shows the cause on the channel and tries again as its policy says (one table, R36). */
  #failWith(entry: Entry, cause: ChannelCause, detail: string): void {
    if (this.#disposed) return;
    const policy = CHANNEL_POLICIES[cause];
    entry.retryTimer?.cancel();
    entry.retryTimer = undefined;
    const delay = policy.retry === 'backoff' ? entry.backoff.next() : policy.retry === 'rarely' ? RARE_RETRY_MS : undefined;
    let nextAttemptAt: number | undefined;
    if (delay === undefined) {
      entry.held = true;
    } else {
      nextAttemptAt = this.#options.clock.now() + delay;
      entry.retryTimer = this.#options.clock.setTimeout(() => {
        entry.retryTimer = undefined;
        this.#reconcile(entry);
      }, delay);
    }
    if (entry.desired) this.#setStatus(entry, { state: 'error', cause, message: policy.reason(detail), ...(nextAttemptAt === undefined ? {} : { nextAttemptAt }) });
  }

  #setStatus(entry: Entry, next: Omit<ChannelSubscriptionStatus, 'broadcasterUserId'>): void {
    const prev = entry.status;
    if (prev && prev.state === next.state && prev.cause === next.cause && prev.message === next.message && prev.nextAttemptAt === next.nextAttemptAt) return;
    entry.status = { broadcasterUserId: entry.id, ...next };
    this.#options.onStatus(entry.status);
  }
}
