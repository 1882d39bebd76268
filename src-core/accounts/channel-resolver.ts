import { isAbortError } from '../runtime/abort.js';
import { Backoff } from '../runtime/backoff.js';
import type { Clock, TimerHandle } from '../runtime/clock.js';
import { describeError } from '../runtime/errors.js';
import type { Logger } from '../runtime/logger.js';
import type { StateStore } from '../store/state-store.js';
import type { UserLookup } from '../twitch/helix/users.js';

export interface ChannelLookup {
  getUsersByLogin(logins: readonly string[], signal?: AbortSignal): Promise<UserLookup>;
}

/**
 * Fills in the broadcaster ids of an account's channels. An id is written only from a
 * confirmed lookup; a failed lookup changes nothing and is retried with backoff (R17). Every
 * failure is logged with context and shown on the channel (R25).
 */
export class ChannelResolver {
  /** Problems by channel login, shown in the UI until resolved. */
  readonly problems = new Map<string, string>();
  readonly #unknown = new Set<string>();
  readonly #backoff: Backoff;
  #running: Promise<void> | undefined;
  #again = false;
  #retryTimer: TimerHandle | undefined;

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
    options.signal.addEventListener('abort', () => this.#retryTimer?.cancel(), { once: true });
  }

  /** Channels still to look up: no id yet, and not already known to be unknown. */
  pending(): string[] {
    const account = this.options.store.get().accounts.find((a) => a.id === this.options.accountId);
    return account ? account.channels.filter((c) => !c.id && !this.#unknown.has(c.login)).map((c) => c.login) : [];
  }

  /** Looks up what is pending; concurrent calls collapse into one more pass. */
  resolve(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#pass().finally(() => {
      this.#running = undefined;
      if (this.#again && !this.options.signal.aborted) {
        this.#again = false;
        void this.resolve();
      }
    });
    return this.#running;
  }

  /** Forgets what it knows of a login (the user removed or re-added the channel). */
  forget(login: string): void {
    this.#unknown.delete(login);
    this.problems.delete(login);
  }

  async #pass(): Promise<void> {
    const logins = this.pending();
    if (logins.length === 0 || this.options.signal.aborted) return;
    const { store, accountId, logger } = this.options;
    let found: UserLookup;
    try {
      found = await this.options.lookup.getUsersByLogin(logins, this.options.signal);
    } catch (error) {
      if (isAbortError(error) || this.options.signal.aborted) return;
      const delay = this.#backoff.next();
      const message = `Could not look the channel up on Twitch (${describeError(error)}); retrying`;
      for (const login of logins) this.problems.set(login, message);
      logger.warn('channels.lookup_failed', message, { operation: 'users.lookup', channels: logins, retryInMs: delay });
      this.#retryTimer?.cancel();
      this.#retryTimer = this.options.clock.setTimeout(() => void this.resolve(), delay);
      this.options.onResolved();
      return;
    }
    this.#backoff.reset();
    const ids = new Map(found.users.map((u) => [u.login.toLowerCase(), u.id]));
    for (const login of found.notFound) {
      this.#unknown.add(login);
      this.problems.set(login, `Twitch has no channel named "${login}"`);
      logger.warn('channels.unknown', `Twitch has no channel named "${login}"`, { operation: 'users.lookup', channel: login });
    }
    for (const login of ids.keys()) this.problems.delete(login);
    store.updateAccount(accountId, (account) => {
      for (const channel of account.channels) {
        const id = ids.get(channel.login);
        if (id && !channel.id) channel.id = id;
      }
    });
    this.options.onResolved();
  }
}
