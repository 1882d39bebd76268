import { Backoff } from '../runtime/backoff.js';
import type { Clock, TimerHandle } from '../runtime/clock.js';
import { isAbortError } from '../runtime/abort.js';
import { describeError } from '../runtime/errors.js';
import type { Logger } from '../runtime/logger.js';
import type { DeepReadonly } from '../store/deep-freeze.js';
import type { PersistedFollowLive } from '../store/schema.js';
import { FOLLOWS_SCOPE } from '../twitch/auth/token-set.js';
import { twitchStatusOf, TwitchApiError } from '../twitch/errors.js';
import type { FollowedStreamsResult, LiveStream } from '../twitch/helix/followed-streams.js';
import { reasonForFailure, reasonText } from './account-reasons.js';
import { listeningIds, nextGraceEnd, selectFollowed, type FollowedChannel } from './followed-selection.js';

/** How often the live followed channels are asked for, and how much earlier a poll may come (never later). */
export const FOLLOW_POLL_MS = 2 * 60_000;
export const FOLLOW_POLL_JITTER = 0.15;
/** A followed channel that went offline is let go this long after a poll first missed it. */
export const OFFLINE_GRACE_MS = 10 * 60_000;
/** Failed polls: full jitter under a ceiling from 30 s doubling to 10 minutes, never sooner than 5 s. */
export const FOLLOW_RETRY = { baseMs: 30_000, capMs: 10 * 60_000, minMs: 5_000 } as const;

export const FOLLOW_SCOPE_MISSING = 'Log in again to allow following live channels';
export const FOLLOW_PAUSED = 'Not looking for live channels while changes are paused';

/** `stopped`: the account itself cannot work (no runtime, or its login is dead). */
export type FollowLiveState = 'off' | 'checking' | 'needs_login' | 'paused' | 'active' | 'retrying' | 'stopped';

export interface FollowLiveStatus {
  state: FollowLiveState;
  /** Why, in words a user can act on; null when off or working. */
  reason: string | null;
  /** Twitch's answer or the error behind `reason`. */
  reasonDetail: string | null;
  lastPollAt: number | null;
  nextPollAt: number | null;
  /** Live followed channels left out: over the cap, over the viewers filter. */
  skipped: { overLimit: number; overViewers: number };
}

/** What the account's channels tell the feature at each reconcile. */
export interface FollowedContext {
  settings: DeepReadonly<PersistedFollowLive>;
  /** "Pause all" or the account's own switch: no polls (what is listened in stays). */
  paused: boolean;
  /** Broadcaster ids listed by hand (any toggle): never part of this feature. */
  manualIds: ReadonlySet<string>;
  /** Places left next to the hand-listed channels. */
  room: number;
}

export interface FollowedSource {
  getFollowedStreams(userId: string, signal?: AbortSignal): Promise<FollowedStreamsResult>;
}

export interface FollowedLiveOptions {
  clock: Clock;
  log: Logger;
  /** The account's signal: aborting it stops polls and timers. */
  signal: AbortSignal;
  random?: () => number;
  /** The followed channels listened in changed (or the feature's status did). */
  onChange(): void;
}

/**
 * "Live channels I follow" for one account: polls Get Followed Streams every 2 minutes
 * while the switch is on and the account can work, keeps the selection (followed-selection.ts)
 * and lets offline channels go after their grace period. It never subscribes anything itself:
 * the account's channels turn `listening()` into subscriptions with the hand-listed ones.
 * Granted scopes come only from the token's validation (`setScopes`); a refused poll asks for
 * a validation to learn them.
 */
export class FollowedLive {
  readonly #o: FollowedLiveOptions;
  readonly #backoff: Backoff;
  #source: { userId: string; helix: FollowedSource; validate: () => void } | undefined;
  #scopes: readonly string[] | undefined;
  #ctx: FollowedContext | undefined;
  #channels = new Map<string, FollowedChannel>();
  #lastLive: readonly LiveStream[] | undefined;
  #skipped = { overLimit: 0, overViewers: 0 };
  #choice = '';
  #offKey = '';
  #problem: { state: 'needs_login' | 'retrying'; reason: string; detail: string | null } | undefined;
  #pollTimer: TimerHandle | undefined;
  #graceTimer: TimerHandle | undefined;
  #polling = false;
  #lastPollAt: number | undefined;
  /** When the next poll is due (it waits while paused); undefined: at once. */
  #dueAt: number | undefined;
  #nextPollAt: number | undefined;
  #stopped = false;

  constructor(options: FollowedLiveOptions) {
    this.#o = options;
    this.#backoff = new Backoff({ baseMs: FOLLOW_RETRY.baseMs, capMs: FOLLOW_RETRY.capMs, ...(options.random ? { random: options.random } : {}) });
    options.signal.addEventListener('abort', () => this.stop(), { once: true });
  }

  /** The login works: poll as `userId` through `helix`; `validate` re-reads the token's scopes. */
  connect(userId: string, helix: FollowedSource, validate: () => void): void {
    this.#source = { userId, helix, validate };
    this.#converge();
  }

  /** The scopes Twitch's validation reported for the current token (at start and hourly). */
  setScopes(scopes: readonly string[]): void {
    const had = this.#hasScope();
    this.#scopes = [...scopes];
    if (had !== this.#hasScope() || this.#problem?.state === 'needs_login') {
      if (this.#hasScope()) this.#problem = undefined;
      this.#converge();
      this.#o.onChange();
    }
  }

  /** Applies the settings and the account's condition now; call it before reading `listening()`. */
  update(ctx: FollowedContext): void {
    const previous = this.#ctx;
    this.#ctx = ctx;
    const choice = `${ctx.settings.max}/${ctx.settings.maxViewers ?? ''}`;
    const offKey = ctx.settings.off.map((c) => c.id).join(',');
    const fresh = this.#choice !== '' && choice !== this.#choice;
    const reselect = fresh || offKey !== this.#offKey || previous?.room !== ctx.room || !sameSet(previous.manualIds, ctx.manualIds);
    this.#choice = choice;
    this.#offKey = offKey;
    if (reselect && this.#lastLive) this.#select(this.#lastLive, fresh);
    this.#converge();
  }

  /** Broadcaster ids to subscribe. */
  listening(): string[] {
    return listeningIds(this.#channels);
  }

  /** The group "Following, live now": listened in, resting after going offline, or switched off. */
  channels(): FollowedChannel[] {
    return [...this.#channels.values()];
  }

  channel(id: string): FollowedChannel | undefined {
    return this.#channels.get(id);
  }

  status(): FollowLiveStatus {
    const base = { lastPollAt: this.#lastPollAt ?? null, nextPollAt: this.#nextPollAt ?? null, skipped: { ...this.#skipped } };
    const settings = this.#ctx?.settings;
    if (!settings?.enabled) return { state: 'off', reason: null, reasonDetail: null, ...base, nextPollAt: null };
    if (this.#scopes && !this.#hasScope()) return { state: 'needs_login', reason: FOLLOW_SCOPE_MISSING, reasonDetail: `the login lacks ${FOLLOWS_SCOPE}`, ...base, nextPollAt: null };
    if (this.#problem) return { state: this.#problem.state, reason: this.#problem.reason, reasonDetail: this.#problem.detail, ...base };
    if (!this.#source || !this.#scopes) return { state: 'checking', reason: reasonText('checking_login'), reasonDetail: null, ...base };
    if (this.#ctx?.paused) return { state: 'paused', reason: FOLLOW_PAUSED, reasonDetail: null, ...base, nextPollAt: null };
    return { state: 'active', reason: null, reasonDetail: null, ...base };
  }

  /** Network back, or the user asked: a waiting poll goes now. */
  retryNow(): void {
    if (this.#problem?.state === 'retrying') this.#plan(this.#o.clock.now());
  }

  stop(): void {
    this.#stopped = true;
    this.#cancelPoll();
    this.#graceTimer?.cancel();
    this.#graceTimer = undefined;
  }

  #hasScope(): boolean {
    return this.#scopes?.includes(FOLLOWS_SCOPE) ?? false;
  }

  /** Starts or stops polling to match the switch, the login and the pause; drops everything when off. */
  #converge(): void {
    if (this.#stopped) return;
    const ctx = this.#ctx;
    if (!ctx?.settings.enabled || (this.#scopes && !this.#hasScope())) {
      this.#cancelPoll();
      this.#channels = new Map();
      this.#lastLive = undefined;
      this.#dueAt = undefined;
      this.#skipped = { overLimit: 0, overViewers: 0 };
      if (!ctx?.settings.enabled) this.#problem = undefined;
      this.#armGrace();
      return;
    }
    if (!this.#source || !this.#hasScope() || ctx.paused) {
      this.#cancelPoll();
      return;
    }
    if (this.#pollTimer || this.#polling) return;
    this.#schedule(Math.max(0, (this.#dueAt ?? 0) - this.#o.clock.now()));
  }

  /** The next poll is due at `at`; it is scheduled when the account may poll. */
  #plan(at: number): void {
    this.#dueAt = at;
    this.#cancelPoll();
    this.#converge();
  }

  async #poll(): Promise<void> {
    const source = this.#source;
    if (!source || this.#stopped) return;
    this.#polling = true;
    let result: FollowedStreamsResult;
    try {
      result = await source.helix.getFollowedStreams(source.userId, this.#o.signal);
    } catch (error) {
      this.#polling = false;
      if (!isAbortError(error) && !this.#stopped) this.#failed(error);
      return;
    }
    // Before anything plans the next poll, which waits while one is in flight.
    this.#polling = false;
    if (this.#stopped || !this.#ctx?.settings.enabled) return;
    if (result.outcome === 'refused') {
      // Most likely a login from before issue 18; the validation says for sure (setScopes).
      this.#o.log.warn('follow_live.refused', `Twitch refused the list of live followed channels (${result.status})`, { operation: 'follow_live.poll', status: result.status, twitchMessage: result.twitchMessage });
      this.#problem = { state: 'needs_login', reason: FOLLOW_SCOPE_MISSING, detail: `Twitch answered ${result.status}${result.twitchMessage ? `: ${result.twitchMessage}` : ''}` };
      source.validate();
      this.#plan(this.#o.clock.now() + this.#retryDelay(undefined));
      this.#o.onChange();
      return;
    }
    this.#backoff.reset();
    this.#problem = undefined;
    this.#lastPollAt = this.#o.clock.now();
    this.#lastLive = result.streams;
    this.#select(result.streams, false);
    this.#plan(this.#lastPollAt + FOLLOW_POLL_MS * (1 - FOLLOW_POLL_JITTER * (this.#o.random ?? Math.random)()));
    this.#o.onChange();
  }

  #failed(error: unknown): void {
    const status = twitchStatusOf(error);
    const retryAt = error instanceof TwitchApiError ? error.retryAt : undefined;
    const delay = this.#retryDelay(retryAt);
    const reason = reasonForFailure(error);
    this.#problem = { state: 'retrying', reason: `Could not get the live channels you follow: ${reasonText(reason.code)}`, detail: reason.detail ?? describeError(error) };
    this.#o.log.warn('follow_live.poll_failed', `Getting the live followed channels failed; trying again in ${Math.round(delay / 1000)} s`, { operation: 'follow_live.poll', status, error, delayMs: delay });
    this.#plan(this.#o.clock.now() + delay);
    this.#o.onChange();
  }

  #retryDelay(retryAt: number | undefined): number {
    const jittered = Math.max(FOLLOW_RETRY.minMs, this.#backoff.next());
    return Math.max(jittered, retryAt === undefined ? 0 : retryAt - this.#o.clock.now());
  }

  #select(live: readonly LiveStream[], fresh: boolean): void {
    const ctx = this.#ctx;
    if (!ctx) return;
    const selection = selectFollowed({
      live,
      previous: this.#channels,
      manualIds: ctx.manualIds,
      offIds: new Set(ctx.settings.off.map((c) => c.id)),
      max: ctx.settings.max,
      maxViewers: ctx.settings.maxViewers,
      room: ctx.room,
      now: this.#o.clock.now(),
      graceMs: OFFLINE_GRACE_MS,
      fresh,
    });
    this.#channels = selection.channels;
    this.#skipped = selection.skipped;
    this.#armGrace();
  }

  /** One timer for the earliest end of a grace period: the channel is let go then, not at the next poll. */
  #armGrace(): void {
    this.#graceTimer?.cancel();
    this.#graceTimer = undefined;
    const end = nextGraceEnd(this.#channels, OFFLINE_GRACE_MS);
    if (end === undefined || this.#stopped) return;
    this.#graceTimer = this.#o.clock.setTimeout(() => {
      this.#graceTimer = undefined;
      this.#select(this.#lastLive ?? [], false);
      this.#o.onChange();
    }, end - this.#o.clock.now());
  }

  #schedule(delayMs: number): void {
    this.#cancelPoll();
    if (this.#stopped) return;
    this.#nextPollAt = this.#o.clock.now() + delayMs;
    this.#pollTimer = this.#o.clock.setTimeout(() => {
      this.#pollTimer = undefined;
      this.#nextPollAt = undefined;
      void this.#poll();
    }, delayMs);
  }

  #cancelPoll(): void {
    this.#pollTimer?.cancel();
    this.#pollTimer = undefined;
    this.#nextPollAt = undefined;
  }
}

function sameSet(a: ReadonlySet<string> | undefined, b: ReadonlySet<string>): boolean {
  if (!a || a.size !== b.size) return false;
  for (const id of a) if (!b.has(id)) return false;
  return true;
}
