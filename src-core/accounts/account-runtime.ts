import { childController } from '../runtime/abort.js';
import type { Clock } from '../runtime/clock.js';
import { describeError } from '../runtime/errors.js';
import type { Logger, SecretRegistry } from '../runtime/logger.js';
import type { DeepReadonly } from '../store/deep-freeze.js';
import type { PersistedAccount } from '../store/schema.js';
import type { SecretBox } from '../store/secret-box.js';
import type { StateStore } from '../store/state-store.js';
import type { TokenIdentity } from '../tokens/oauth-port.js';
import type { ChatMessage } from '../twitch/chat-message.js';
import type { TwitchEndpoints } from '../twitch/endpoints.js';
import { AuthError } from '../twitch/errors.js';
import type { HttpClient } from '../twitch/http/http-client.js';
import { AccountChannels } from './account-channels.js';
import { reasonForAuth, type Reason } from './account-reasons.js';
import { AccountColors } from './account-colors.js';
import { openAccountLogin, revokeLogin, type AccountLogin } from './account-login.js';
import { deriveAccountStatus, type AccountStatus } from './account-status.js';
import type { AccountGate, ChannelStatus } from './channel-status.js';
import type { FollowLiveStatus } from './followed-live.js';
import { handleOwnMessage } from './own-message.js';

/** What every account shares: the app's store, secrets, Twitch connection and time. */
export interface AccountEnvironment {
  store: StateStore;
  box: SecretBox;
  endpoints: TwitchEndpoints;
  http: HttpClient;
  clock: Clock;
  logger: Logger;
  secrets: SecretRegistry;
  /** The app's signal: aborting it stops every account. */
  signal: AbortSignal;
  keepaliveTimeoutSeconds?: number;
  random?: () => number;
}

export interface AccountRuntimeOptions extends AccountEnvironment {
  accountId: string;
  appPaused(): boolean;
  /** Something visible changed (state, channels, colors). */
  onChange(): void;
  onColorChanged(entry: { color: string; at: number }): void;
}

/**
 * One account at work: its login (token supervisor and Helix), its channels (EventSub and
 * lookups) and its colors, wired together. It reads desired state from the store at
 * the moment it acts and converges on it in `reconcile`, so the UI only ever edits the store.
 */
export class AccountRuntime {
  readonly accountId: string;
  readonly #o: AccountRuntimeOptions;
  readonly #log: Logger;
  readonly #controller: AbortController;
  readonly #colors: AccountColors;
  readonly #channels: AccountChannels;
  #login: AccountLogin | undefined;
  #userId: string | undefined;
  #running = false;
  #ready = false;
  #loginProblem: Reason | undefined;
  #trouble: { reason: Reason; nextAttemptAt: number | undefined } | undefined;
  #wasPaused = false;

  constructor(options: AccountRuntimeOptions) {
    this.accountId = options.accountId;
    this.#o = options;
    this.#controller = childController(options.signal);
    const account = this.#account();
    this.#log = options.logger.child({ account: account?.login ?? options.accountId });
    this.#colors = new AccountColors({
      accountId: options.accountId,
      store: options.store,
      clock: options.clock,
      log: this.#log,
      signal: this.#controller.signal,
      appPaused: options.appPaused,
      onChange: options.onChange,
      onColorChanged: options.onColorChanged,
      ...(options.random ? { random: options.random } : {}),
    });
    this.#channels = new AccountChannels({
      accountId: options.accountId,
      store: options.store,
      eventSubUrl: options.endpoints.eventSubUrl,
      clock: options.clock,
      log: this.#log,
      signal: this.#controller.signal,
      ...(options.keepaliveTimeoutSeconds ? { keepaliveTimeoutSeconds: options.keepaliveTimeoutSeconds } : {}),
      ...(options.random ? { random: options.random } : {}),
      paused: () => this.#isPaused(),
      onChange: options.onChange,
      onChat: (message) => this.#onChat(message),
      onLoginRevoked: () => this.#onLoginDead(new AuthError('authorization_revoked')),
    });
  }

  get userId(): string | undefined {
    return this.#userId;
  }

  get currentColor(): string | undefined {
    return this.#colors.current;
  }

  /** "Live channels I follow": polling, waiting for a new login, retrying, ... */
  followLive(): FollowLiveStatus {
    const status = this.#channels.followLive;
    if (status.state === 'off') return status;
    const gate = this.#gate();
    if (gate?.state === 'waiting_for_login' || gate?.state === 'stopped') return { ...status, state: 'stopped', reason: gate.reason, reasonDetail: null, nextPollAt: null };
    return status;
  }

  status(): AccountStatus {
    const account = this.#account();
    return deriveAccountStatus({
      running: this.#running,
      loginProblem: this.#loginProblem,
      authorizing: false,
      ready: this.#ready,
      trouble: this.#trouble,
      eventsub: this.#channels.connection,
      enabled: account?.enabled ?? false,
      appPaused: this.#o.appPaused(),
      enabledChannels: (account?.channels.filter((c) => c.enabled).length ?? 0) + this.#channels.followedListening,
      followsLive: account?.followLive.enabled ?? false,
    });
  }

  /** Each channel's state; where the account cannot work, every channel says why (one cause, one state). */
  channels(): ChannelStatus[] {
    return this.#channels.statuses(this.#gate());
  }

  start(): void {
    if (this.#running || this.#controller.signal.aborted) return;
    this.#running = true;
    this.#wasPaused = this.#isPaused();
    void this.#boot();
    this.#o.onChange();
  }

  /** Converges on the store: subscriptions follow channel toggles; pausing restores the home color. */
  reconcile(): void {
    const account = this.#account();
    if (!account || !this.#running) return;
    this.#channels.reconcile();
    const paused = this.#isPaused();
    if (paused && !this.#wasPaused) void this.#restoreHome('paused');
    this.#wasPaused = paused;
  }

  /** Looks a channel up before it is added; throws UnknownChannelError when Twitch has no such user. */
  lookupChannel(login: string): Promise<string | undefined> {
    return this.#channels.lookup(login);
  }

  /** The account's Twitch profile picture URL (GET /users); undefined while not connected. */
  async profileImageUrl(): Promise<string | null | undefined> {
    const helix = this.#login?.helix;
    if (!helix || !this.#ready || !this.#userId) return undefined;
    const result = await helix.getUsersById([this.#userId], this.#controller.signal);
    return result.users[0]?.profileImageUrl || null;
  }

  forgetChannel(login: string): void {
    this.#channels.forget(login);
  }

  /** The user switched a channel on again: a ban or a removal known against it is checked afresh. */
  recheckChannel(login: string): void {
    if (this.#running) this.#channels.recheck(login);
  }

  setColorNow(input: string): Promise<{ color: string; at: number }> {
    return this.#colors.setNow(input);
  }

  retryNow(): void {
    this.#channels.retryNow();
    const supervisor = this.#login?.supervisor;
    if (this.#trouble && supervisor?.status === 'valid') void supervisor.validateNow().catch(() => {});
  }

  /** For removal: restores the home color, deletes the subscriptions, revokes the token. Never throws. */
  async retire(): Promise<void> {
    // The home color needs the token, so it goes first.
    await this.#restoreHome('removed');
    const signal = this.#controller.signal;
    try {
      const helix = this.#login?.helix;
      if (helix && this.#ready) {
        const subscriptions = await helix.listChatSubscriptions(signal);
        await Promise.all(subscriptions.map((s) => helix.deleteSubscription(s.id, signal)));
      }
    } catch (error) {
      this.#log.warn('account.unsubscribe_failed', `Deleting subscriptions failed: ${describeError(error)}`, { operation: 'remove' });
    }
    await revokeLogin(this.#login, this.#log, signal);
  }

  async stop(options: { restoreHome: boolean } = { restoreHome: false }): Promise<void> {
    if (!this.#running) {
      this.#controller.abort();
      return;
    }
    if (options.restoreHome) await this.#restoreHome('stopping');
    this.#running = false;
    this.#controller.abort();
    await Promise.allSettled([this.#colors.stop(), this.#channels.stop()]);
    this.#login?.supervisor.stop();
  }

  /** Opens the saved login (a keyring call on the desktop), then wires the account up. */
  async #boot(): Promise<void> {
    const account = this.#account();
    if (!account) return;
    const { store, box, endpoints, http, clock, secrets } = this.#o;
    const opened = await openAccountLogin(
      { accountId: this.accountId, store, box, endpoints, http, clock, log: this.#log, secrets, signal: this.#controller.signal, ...(this.#o.random ? { random: this.#o.random } : {}) },
      account,
      {
        onIdentity: (identity) => this.#onIdentity(identity),
        onDead: (error) => this.#onLoginDead(error),
        onTrouble: (reason, nextAttemptAt) => {
          this.#trouble = { reason, nextAttemptAt };
          this.#o.onChange();
        },
        onRecovered: () => {
          this.#trouble = undefined;
          this.#o.onChange();
        },
      },
      // Stopped (or restarted with a new login) while the keyring answered: nothing starts.
      () => this.#running && !this.#controller.signal.aborted,
    );
    if (!opened) return;
    if (opened.ok) this.#login = opened.login;
    else {
      this.#loginProblem = opened.problem;
      this.#o.onChange();
    }
  }

  #onIdentity(identity: TokenIdentity): void {
    this.#userId = identity.userId;
    this.#trouble = undefined;
    // Granted scopes as Twitch's validation says, at start and hourly: never assumed.
    this.#channels.setScopes(identity.scopes);
    this.#o.store.updateAccount(this.accountId, (target) => {
      target.userId = identity.userId;
      target.login = identity.login;
    });
    if (!this.#ready) {
      this.#ready = true;
      this.#wireUp(identity.userId);
    }
    this.#o.onChange();
  }

  #wireUp(userId: string): void {
    const helix = this.#login?.helix;
    if (!helix) return;
    this.#colors.connect(userId, helix);
    const supervisor = this.#login?.supervisor;
    this.#channels.connect(userId, helix, () => void supervisor?.validateNow().catch(() => {}));
    this.reconcile();
  }

  #onChat(message: ChatMessage): void {
    const account = this.#account();
    if (!account || message.chatterUserId !== this.#userId) return;
    const channel = account.channels.find((c) => c.id === message.broadcasterUserId);
    // Every channel listened in counts, a followed live one as much as a hand-listed one.
    const followed = channel ? undefined : this.#channels.followedChannel(message.broadcasterUserId);
    if (!channel?.enabled && !followed) return;
    if (channel && message.broadcasterLogin !== channel.login) this.#channels.noticeName(message.broadcasterUserId, message.broadcasterLogin);
    handleOwnMessage(message.text, {
      account,
      channelLogin: channel?.login ?? message.broadcasterLogin,
      store: this.#o.store,
      log: this.#log,
      appPaused: this.#o.appPaused(),
      cycler: this.#colors.cycler,
    });
  }

  #onLoginDead(error: AuthError): void {
    if (this.#loginProblem) return;
    this.#loginProblem = reasonForAuth(error);
    this.#log.warn('account.needs_login', error.message, { reason: error.reason });
    void this.#colors.stop();
    void this.#channels.stop();
    this.#login?.supervisor.stop();
    this.#o.onChange();
  }

  async #restoreHome(why: string): Promise<void> {
    if (this.#loginProblem) return;
    await this.#colors.restoreHome(why);
  }

  #gate(): AccountGate {
    if (this.#loginProblem) return { state: 'waiting_for_login', reason: 'Waiting for login' };
    if (!this.#running) return { state: 'stopped', reason: 'Not running' };
    if (this.#o.appPaused()) return { state: 'paused', reason: 'All accounts are paused' };
    if (!this.#account()?.enabled) return { state: 'changes_off', reason: 'Color changes are off for this account' };
    return undefined;
  }

  #isPaused(): boolean {
    const account = this.#account();
    return !account?.enabled || this.#o.appPaused();
  }

  #account(): DeepReadonly<PersistedAccount> | undefined {
    return this.#o.store.get().accounts.find((a) => a.id === this.accountId);
  }
}
