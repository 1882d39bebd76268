import { isAbortError } from '../runtime/abort.js';
import { Backoff } from '../runtime/backoff.js';
import type { Clock, TimerHandle } from '../runtime/clock.js';
import { describeError } from '../runtime/errors.js';
import type { Logger } from '../runtime/logger.js';
import type { DeepReadonly } from '../store/deep-freeze.js';
import type { PersistedChannel } from '../store/schema.js';
import type { StateStore } from '../store/state-store.js';
import { CHANNEL_POLICIES, CHANNEL_RECHECK_MS } from '../twitch/eventsub/channel-policy.js';
import type { HelixUser, UserLookup } from '../twitch/helix/users.js';

export interface ChannelLookup {
  getUsersByLogin(logins: readonly string[], signal?: AbortSignal): Promise<UserLookup>;
  getUsersById(ids: readonly string[], signal?: AbortSignal): Promise<UserLookup>;
}

/** Why a channel is not listened to, as far as lookups know. */
export type ChannelProblem =
  /** The lookup failed (Twitch unreachable, 5xx); it is retried with backoff. */
  | { kind: 'lookup_failed'; message: string; nextAttemptAt: number }
  /** Twitch knows no user of that name (never resolved, or no longer). */
  | { kind: 'gone'; message: string };

const GONE_MESSAGE = CHANNEL_POLICIES.channel_gone.reason('');

/**
 * Keeps an account's channels matched to Twitch users. A channel is identified by its
 * broadcaster id (R37): names without an id are looked up, and a verification pass (at
 * start and daily) looks every id up again, so a rename updates the stored name and a
 * removed owner shows as gone; a gone channel is looked up by name again (R35) and comes
 * back, possibly under a new id. An id or name is written only from a confirmed lookup; a
 * failed lookup changes nothing and is retried with backoff (R17). Every failure is logged
 * with context and shown on the channel (R25).
 */
export class ChannelResolver {
  /** Problems by channel login, shown until resolved. */
  readonly problems = new Map<string, ChannelProblem>();
  readonly #backoff: Backoff;
  #running: Promise<void> | undefined;
  #again = false;
  #verifyDue = false;
  #retryTimer: TimerHandle | undefined;
  #recheckTimer: TimerHandle | undefined;

  constructor(
    private readonly options: {
      accountId: string;
      store: StateStore;
      lookup: ChannelLookup;
      clock: Clock;
      logger: Logger;
      signal: AbortSignal;
      onResolved(): void;
      random?: () => number;
    },
  ) {
    this.#backoff = new Backoff({ random: options.random });
    options.signal.addEventListener(
      'abort',
      () => {
        this.#retryTimer?.cancel();
        this.#recheckTimer?.cancel();
      },
      { once: true },
    );
  }

  /** Channels still to look up: no id yet, and not already known to be gone. */
  pending(): string[] {
    return this.#channels()
      .filter((c) => !c.id && this.problems.get(c.login)?.kind !== 'gone')
      .map((c) => c.login);
  }

  /** A lookup pass is due (names to resolve, or a verification). */
  get hasWork(): boolean {
    return this.#verifyDue || this.pending().length > 0;
  }

  /** Twitch has no such user (any more): nothing is subscribed until a lookup finds it again. */
  isGone(login: string): boolean {
    return this.problems.get(login)?.kind === 'gone';
  }

  /** Twitch said the channel's owner is gone (`user_removed`, "user does not exist"). */
  markGone(login: string): void {
    if (this.isGone(login)) return;
    this.problems.set(login, { kind: 'gone', message: GONE_MESSAGE });
    this.options.logger.warn('channels.gone', `#${login} no longer exists on Twitch; looking it up again daily`, { operation: 'eventsub.subscribe', channel: login });
    this.#armRecheck();
  }

  /** Looks every channel up again at the next pass: ids (renames, removals) and gone names. */
  verify(): void {
    this.#verifyDue = true;
  }

  /** Looks up what is due; concurrent calls collapse into one more pass. */
  resolve(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#pass().finally(() => {
      this.#running = undefined;
      // After a failure the retry timer runs the next pass (with its backoff), not this.
      if (this.#again && !this.#retryTimer && !this.options.signal.aborted) {
        this.#again = false;
        void this.resolve();
      }
    });
    return this.#running;
  }

  /** Forgets what it knows of a login (the user removed, re-added or switched the channel on again). */
  forget(login: string): void {
    this.problems.delete(login);
  }

  /** Twitch shows the channel `id` under a new name (a rename, R37): the stored name follows. */
  renamed(id: string, login: string): void {
    const { store, accountId, logger } = this.options;
    const channels = this.#channels();
    const channel = channels.find((c) => c.id === id);
    if (!channel || channel.login === login) return;
    if (channels.some((c) => c.login === login)) {
      logger.warn('channels.rename_clash', `#${channel.login} is now called ${login}, which is also in the list; keeping the old name`, { channel: channel.login, operation: 'users.lookup' });
      return;
    }
    const old = channel.login;
    store.updateAccount(accountId, (account) => {
      const target = account.channels.find((c) => c.id === id);
      if (target) target.login = login;
    });
    this.problems.delete(old);
    logger.info('channels.renamed', `#${old} is now called #${login}`, { channel: login, previous: old, operation: 'users.lookup' });
  }

  async #pass(): Promise<void> {
    if (this.options.signal.aborted) return;
    const verify = this.#verifyDue;
    this.#verifyDue = false;
    const channels = this.#channels();
    const byLogin = new Set(this.pending());
    const withId = verify ? channels.filter((c): c is DeepReadonly<PersistedChannel> & { id: string } => c.id !== undefined) : [];
    if (verify) for (const c of channels) if (!c.id && this.isGone(c.login)) byLogin.add(c.login);
    if (byLogin.size === 0 && withId.length === 0) {
      if (verify) this.#armRecheck();
      return;
    }
    const { lookup, signal } = this.options;
    let byId: UserLookup;
    let byName: UserLookup;
    try {
      byId = withId.length > 0 ? await lookup.getUsersById(withId.map((c) => c.id), signal) : { users: [], notFound: [] };
      // Ids Twitch no longer knows: their names are looked up too (they may have come back under a new id).
      const missing = new Set(byId.notFound);
      for (const c of withId) if (missing.has(c.id)) byLogin.add(c.login);
      byName = byLogin.size > 0 ? await lookup.getUsersByLogin([...byLogin], signal) : { users: [], notFound: [] };
    } catch (error) {
      if (isAbortError(error) || signal.aborted) return;
      this.#failed(error, [...byLogin].filter((login) => !channels.find((c) => c.login === login)?.id), verify);
      return;
    }
    this.#backoff.reset();
    this.#apply(withId, byId.users, byName);
    if (verify) this.#armRecheck();
    this.options.onResolved();
  }

  #failed(error: unknown, unresolved: string[], verify: boolean): void {
    const delay = this.#backoff.next();
    const nextAttemptAt = this.options.clock.now() + delay;
    const message = `Could not look the channel up on Twitch (${describeError(error)}); retrying`;
    // Channels that already listen keep doing so: only names without an id show the failure.
    for (const login of unresolved) if (!this.isGone(login)) this.problems.set(login, { kind: 'lookup_failed', message, nextAttemptAt });
    this.options.logger.warn('channels.lookup_failed', message, { operation: 'users.lookup', channels: unresolved, verify, retryInMs: delay });
    if (verify) this.#verifyDue = true;
    this.#retryTimer?.cancel();
    this.#retryTimer = this.options.clock.setTimeout(() => {
      this.#retryTimer = undefined;
      void this.resolve();
    }, delay);
    this.options.onResolved();
  }

  /** Writes what the lookups confirmed: renames, ids found by name, and what is gone. */
  #apply(withId: readonly { id: string; login: string }[], usersById: readonly HelixUser[], byName: UserLookup): void {
    const { store, accountId, logger } = this.options;
    const loginsById = new Map(usersById.map((u) => [u.id, u.login.toLowerCase()]));
    for (const c of withId) {
      const now = loginsById.get(c.id);
      if (now === undefined) continue;
      if (this.isGone(c.login)) logger.info('channels.back', `#${c.login} exists on Twitch again`, { channel: c.login, operation: 'users.lookup' });
      this.problems.delete(c.login);
      if (now !== c.login) this.renamed(c.id, now);
    }
    const idsByLogin = new Map(byName.users.map((u) => [u.login.toLowerCase(), u.id]));
    for (const login of idsByLogin.keys()) this.problems.delete(login);
    for (const login of byName.notFound) {
      if (this.isGone(login)) continue;
      const hadId = withId.some((c) => c.login === login);
      const message = hadId ? GONE_MESSAGE : `Twitch has no channel named "${login}"`;
      this.problems.set(login, { kind: 'gone', message });
      logger.warn(hadId ? 'channels.gone' : 'channels.unknown', hadId ? `#${login} no longer exists on Twitch` : message, { operation: 'users.lookup', channel: login });
      this.#armRecheck();
    }
    if (idsByLogin.size === 0) return;
    store.updateAccount(accountId, (account) => {
      for (const channel of account.channels) {
        const id = idsByLogin.get(channel.login);
        if (!id || channel.id === id) continue;
        // A gone channel whose name resolves again, possibly to a new account with a new id.
        if (channel.id) logger.info('channels.new_id', `#${channel.login} exists on Twitch again, under a new id`, { channel: channel.login, operation: 'users.lookup' });
        channel.id = id;
      }
    });
  }

  /** The daily look-up of every channel again (one timer, re-armed by each verification). */
  #armRecheck(): void {
    if (this.#recheckTimer || this.options.signal.aborted) return;
    this.#recheckTimer = this.options.clock.setTimeout(() => {
      this.#recheckTimer = undefined;
      this.verify();
      void this.resolve();
    }, CHANNEL_RECHECK_MS);
  }

  #channels(): readonly DeepReadonly<PersistedChannel>[] {
    return this.options.store.get().accounts.find((a) => a.id === this.options.accountId)?.channels ?? [];
  }
}
