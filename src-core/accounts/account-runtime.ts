import { colorFromStored, storedColor, type ColorValue } from '../color/color-value.js';
import { ColorCycler } from '../color/cycler.js';
import type { CyclerOptions } from '../color/cycler-types.js';
import { parseColor } from '../color/parse-color.js';
import type { ChannelView } from '../ipc/snapshot.js';
import { childController, isAbortError } from '../runtime/abort.js';
import type { Clock } from '../runtime/clock.js';
import { describeError } from '../runtime/errors.js';
import type { Logger, SecretRegistry } from '../runtime/logger.js';
import { openAccountSecrets, sealTokens } from '../store/account-secrets.js';
import type { PersistedAccount } from '../store/schema.js';
import { withRecentColor } from '../store/schema.js';
import { UndecryptableError, type SecretBox } from '../store/secret-box.js';
import type { StateStore } from '../store/state-store.js';
import type { DeepReadonly } from '../store/deep-freeze.js';
import { oauthPortFor } from '../tokens/oauth-adapter.js';
import type { TokenIdentity } from '../tokens/oauth-port.js';
import { TokenSupervisor } from '../tokens/token-supervisor.js';
import { OAuthClient } from '../twitch/auth/oauth-client.js';
import type { ChatMessage } from '../twitch/chat-message.js';
import type { TwitchEndpoints } from '../twitch/endpoints.js';
import { AuthError } from '../twitch/errors.js';
import { EventSubClient } from '../twitch/eventsub/client.js';
import { HelixClient } from '../twitch/helix/helix-client.js';
import type { HttpClient } from '../twitch/http/http-client.js';
import { reasonForAuth, reasonForFailure, type Reason } from './account-reasons.js';
import { deriveAccountStatus, type AccountStatus } from './account-status.js';
import { ChannelResolver } from './channel-resolver.js';
import { InvalidInputError, UnavailableError, UnknownChannelError } from './core-errors.js';
import { learnHomeColor, restoreHomeColor, type HomeColorContext } from './home-color.js';
import { manualChangeOutcome } from './manual-change.js';
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
 * One account at work: its token supervisor, Helix client, EventSub client and color
 * cycler, wired together. It reads desired state from the store at the moment it acts and
 * converges on it in `reconcile`, so the UI only ever edits the store.
 */
export class AccountRuntime {
  readonly accountId: string;
  readonly #o: AccountRuntimeOptions;
  readonly #log: Logger;
  readonly #controller: AbortController;
  #supervisor: TokenSupervisor | undefined;
  #oauth: OAuthClient | undefined;
  #helix: HelixClient | undefined;
  #eventsub: EventSubClient | undefined;
  #cycler: ColorCycler | undefined;
  #resolver: ChannelResolver | undefined;
  #userId: string | undefined;
  #running = false;
  #ready = false;
  #loginProblem: Reason | undefined;
  #trouble: { reason: Reason; nextAttemptAt: number | undefined } | undefined;
  #currentColor: string | undefined;
  #wasPaused = false;

  constructor(options: AccountRuntimeOptions) {
    this.accountId = options.accountId;
    this.#o = options;
    this.#controller = childController(options.signal);
    const account = this.#account();
    this.#log = options.logger.child({ account: account?.login ?? options.accountId });
    this.#currentColor = account?.recentColors[0]?.color;
  }

  get userId(): string | undefined {
    return this.#userId;
  }

  get currentColor(): string | undefined {
    return this.#currentColor;
  }

  status(): AccountStatus {
    const account = this.#account();
    return deriveAccountStatus({
      running: this.#running,
      loginProblem: this.#loginProblem,
      authorizing: false,
      ready: this.#ready,
      trouble: this.#trouble,
      eventsub: this.#eventsub?.status ?? { state: 'idle' },
      enabled: account?.enabled ?? false,
      appPaused: this.#o.appPaused(),
      enabledChannels: account?.channels.filter((c) => c.enabled).length ?? 0,
    });
  }

  channelViews(): ChannelView[] {
    const account = this.#account();
    if (!account) return [];
    const live = new Map((this.#eventsub?.channelStatuses() ?? []).map((s) => [s.broadcasterUserId, s]));
    return account.channels.map((channel) => {
      const problem = this.#resolver?.problems.get(channel.login) ?? null;
      const base = { login: channel.login, id: channel.id ?? null, enabled: channel.enabled };
      if (!channel.enabled) return { ...base, subscription: 'off', error: null };
      if (!channel.id) return { ...base, subscription: problem ? 'error' : 'pending', error: problem };
      const status = live.get(channel.id);
      if (status?.state === 'error') return { ...base, subscription: 'error', error: status.message ?? 'Subscription failed' };
      return { ...base, subscription: status?.state === 'live' ? 'live' : 'pending', error: null };
    });
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
    this.#eventsub?.setDesiredChannels(account.channels.filter((c) => c.enabled && c.id).map((c) => c.id as string));
    if (this.#resolver && this.#resolver.pending().length > 0) void this.#resolver.resolve();
    const paused = this.#isPaused();
    if (paused && !this.#wasPaused) void this.#restoreHome('paused');
    this.#wasPaused = paused;
  }

  /** Looks a channel up before it is added; throws UnknownChannelError when Twitch has no such user. */
  async lookupChannel(login: string): Promise<string | undefined> {
    if (!this.#helix || !this.#ready) return undefined;
    const result = await this.#helix.getUsersByLogin([login], this.#controller.signal);
    const user = result.users[0];
    if (!user) throw new UnknownChannelError(login);
    this.#resolver?.forget(login);
    return user.id;
  }

  /** The account's Twitch profile picture URL (GET /users); undefined while not connected. */
  async profileImageUrl(): Promise<string | null | undefined> {
    if (!this.#helix || !this.#ready || !this.#userId) return undefined;
    const result = await this.#helix.getUsersById([this.#userId], this.#controller.signal);
    return result.users[0]?.profileImageUrl || null;
  }

  forgetChannel(login: string): void {
    this.#resolver?.forget(login);
  }

  async setColorNow(input: string): Promise<{ color: string; at: number }> {
    const parsed = parseColor(input);
    if (!parsed.ok) throw new InvalidInputError(parsed.message);
    if (!this.#cycler) throw new UnavailableError('This account is not connected to Twitch yet. Try again in a moment.');
    // A hex that is one of the named colors (history from before names were kept) goes by its name, which anyone may set.
    const result = await this.#cycler.setNow(colorFromStored(storedColor(parsed.color)) ?? parsed.color);
    return manualChangeOutcome(result, this.#o.clock.now());
  }

  retryNow(): void {
    this.#eventsub?.retryNow();
    if (this.#trouble && this.#supervisor?.status === 'valid') void this.#supervisor.validateNow().catch(() => {});
  }

  /** For removal: restores the home color, deletes the subscriptions, revokes the token. Never throws. */
  async retire(): Promise<void> {
    // The home color needs the token, so it goes first.
    await this.#restoreHome('removed');
    try {
      if (this.#helix && this.#ready) {
        const subscriptions = await this.#helix.listChatSubscriptions(this.#controller.signal);
        await Promise.all(subscriptions.map((s) => this.#helix?.deleteSubscription(s.id, this.#controller.signal)));
      }
    } catch (error) {
      this.#log.warn('account.unsubscribe_failed', `Deleting subscriptions failed: ${describeError(error)}`, { operation: 'remove' });
    }
    try {
      if (this.#supervisor?.status === 'valid' && this.#oauth) {
        await this.#oauth.revoke(await this.#supervisor.accessToken(this.#controller.signal), this.#controller.signal);
      }
    } catch (error) {
      this.#log.warn('account.revoke_failed', `Revoking the login failed: ${describeError(error)}`, { operation: 'remove' });
    }
  }

  async stop(options: { restoreHome: boolean } = { restoreHome: false }): Promise<void> {
    if (!this.#running) {
      this.#controller.abort();
      return;
    }
    if (options.restoreHome) await this.#restoreHome('stopping');
    this.#running = false;
    this.#controller.abort();
    await Promise.allSettled([this.#cycler?.stop(), this.#eventsub?.stop()]);
    this.#supervisor?.stop();
  }

  /** Opens the saved login (a keyring call on the desktop), then wires the account up. */
  async #boot(): Promise<void> {
    const account = this.#account();
    if (!account) return;
    if (!account.tokens) {
      this.#loginProblem = { code: 'login_required' };
      return;
    }
    let opened: Awaited<ReturnType<typeof openAccountSecrets>>;
    try {
      opened = await openAccountSecrets(this.#o.box, account);
    } catch (error) {
      // Not an undecryptable secret (that is a result) but a failure nobody described: visible, with its stack (R19).
      this.#log.error('account.secrets_failed', `Reading the saved login failed: ${describeError(error)}`, { error });
      opened = { ok: false, error: new UndecryptableError(account.tokens.refreshToken.scheme, 'decryption_failed', { cause: error }) };
    }
    // Stopped (or restarted with a new login) while the keyring answered.
    if (!this.#running || this.#controller.signal.aborted) return;
    if (!opened.ok || !opened.secrets.tokens) {
      this.#loginProblem = opened.ok ? { code: 'login_required' } : { code: 'login_unreadable', detail: opened.error.message };
      this.#o.onChange();
      return;
    }
    const { clock, store, box, http, endpoints, secrets } = this.#o;
    const signal = this.#controller.signal;
    const clientSecret = opened.secrets.clientSecret;
    this.#oauth = new OAuthClient({ http, endpoints, clientId: account.clientId, clientSecret, clock, logger: this.#log });
    this.#supervisor = new TokenSupervisor({
      clientId: account.clientId,
      ...(clientSecret ? { clientSecret } : {}),
      initial: opened.secrets.tokens,
      oauth: oauthPortFor(this.#oauth, () => clock.now()),
      clock,
      logger: this.#log,
      secrets,
      signal,
      ...(this.#o.random ? { random: this.#o.random } : {}),
      persist: async (grant) => {
        // Sealed, then on disk, before the supervisor hands the new tokens out (R32).
        const tokens = await sealTokens(box, grant);
        await store.persistNow((draft) => {
          const target = draft.accounts.find((a) => a.id === this.accountId);
          if (target) target.tokens = tokens;
        });
      },
      onIdentity: (identity) => this.#onIdentity(identity),
      onInvalid: (error) => this.#onLoginDead(error),
      onTransientFailure: (error, nextAttemptAt) => {
        this.#trouble = { reason: reasonForFailure(error), nextAttemptAt };
        this.#o.onChange();
      },
      onRecovered: () => {
        this.#trouble = undefined;
        this.#o.onChange();
      },
    });
    this.#helix = new HelixClient({ endpoints, tokens: this.#supervisor, clock, logger: this.#log, signal, http });
    this.#supervisor.start().catch((error: unknown) => {
      // AuthError and transient failures arrive through the callbacks; a bug must not vanish (R19).
      if (!(error instanceof AuthError) && !isAbortError(error) && error instanceof TypeError) {
        this.#log.error('account.boot_failed', `Starting the account failed: ${describeError(error)}`, { error });
      }
    });
  }

  #onIdentity(identity: TokenIdentity): void {
    this.#userId = identity.userId;
    this.#trouble = undefined;
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
    const helix = this.#helix;
    if (!helix) return;
    const { clock, store } = this.#o;
    const signal = this.#controller.signal;
    const current = this.#currentColor ? colorFromStored(this.#currentColor) : undefined;
    this.#cycler = new ColorCycler({
      setColor: (color, callSignal) => helix.setChatColor(userId, color, callSignal),
      clock,
      logger: this.#log,
      signal,
      getOptions: () => this.#cyclerOptions(),
      onPrimeDetected: async (prime) => {
        await store.persistNow((draft) => {
          const target = draft.accounts.find((a) => a.id === this.accountId);
          if (target) target.prime = prime;
        });
      },
      onChanged: (color, at) => this.#onColorChanged(color, at),
      onFailed: (error) => {
        this.#log.warn('color.failed', `Changing the color failed: ${describeError(error)}`, { operation: 'chat.color' });
      },
      ...(current ? { currentColor: current } : {}),
      ...(this.#o.random ? { random: this.#o.random } : {}),
    });
    this.#eventsub = new EventSubClient({
      eventsubUrl: this.#o.endpoints.eventSubUrl,
      userId,
      subscriptions: helix,
      clock,
      logger: this.#log,
      signal,
      ...(this.#o.keepaliveTimeoutSeconds ? { keepaliveTimeoutSeconds: this.#o.keepaliveTimeoutSeconds } : {}),
      ...(this.#o.random ? { random: this.#o.random } : {}),
    });
    this.#eventsub.on('chatMessage', (message) => this.#onChat(message));
    this.#eventsub.on('state', () => this.#o.onChange());
    this.#eventsub.on('channelStatus', () => this.#o.onChange());
    this.#eventsub.on('authorizationRevoked', () => this.#onLoginDead(new AuthError('authorization_revoked')));
    this.#resolver = new ChannelResolver({
      accountId: this.accountId,
      store,
      lookup: helix,
      clock,
      logger: this.#log,
      signal,
      onResolved: () => {
        this.reconcile();
        this.#o.onChange();
      },
      ...(this.#o.random ? { random: this.#o.random } : {}),
    });
    void this.#learnHomeColor();
    this.reconcile();
  }

  #onChat(message: ChatMessage): void {
    const account = this.#account();
    if (!account || message.chatterUserId !== this.#userId) return;
    const channel = account.channels.find((c) => c.id === message.broadcasterUserId);
    if (!channel?.enabled) return;
    handleOwnMessage(message.text, {
      account,
      channelLogin: channel.login,
      store: this.#o.store,
      log: this.#log,
      appPaused: this.#o.appPaused(),
      cycler: this.#cycler,
    });
  }

  /** Remembers what was set (a name or hex), so choosing it again sets exactly that. */
  #onColorChanged(color: ColorValue, at: number): void {
    const stored = storedColor(color);
    this.#currentColor = stored;
    this.#o.store.updateAccount(this.accountId, (target) => {
      target.recentColors = withRecentColor(target.recentColors, { color: stored, at });
    });
    this.#o.onColorChanged({ color: stored, at });
  }

  #onLoginDead(error: AuthError): void {
    if (this.#loginProblem) return;
    this.#loginProblem = reasonForAuth(error);
    this.#log.warn('account.needs_login', error.message, { reason: error.reason });
    void this.#cycler?.stop();
    void this.#eventsub?.stop();
    this.#supervisor?.stop();
    this.#o.onChange();
  }

  /** Learns the current color (the default home color) and the display name. */
  async #learnHomeColor(): Promise<void> {
    const ctx = this.#homeColorContext();
    const reported = ctx && (await learnHomeColor(ctx));
    if (!reported) return;
    if (reported.color) {
      this.#currentColor ??= reported.color;
      const current = colorFromStored(reported.color);
      if (current) this.#cycler?.learnCurrent(current);
    }
    this.#o.onChange();
  }

  async #restoreHome(why: string): Promise<void> {
    const account = this.#account();
    const ctx = this.#homeColorContext();
    if (!account || !ctx || this.#loginProblem) return;
    const color = await restoreHomeColor(ctx, account, why);
    if (color) this.#onColorChanged(color, this.#o.clock.now());
  }

  #homeColorContext(): HomeColorContext | undefined {
    if (!this.#helix || !this.#userId) return undefined;
    const { store, clock } = this.#o;
    return { accountId: this.accountId, userId: this.#userId, helix: this.#helix, store, clock, log: this.#log, signal: this.#controller.signal };
  }

  #cyclerOptions(): CyclerOptions {
    const account = this.#account();
    const palette = (account?.color.palette ?? []).flatMap((entry) => {
      const parsed = parseColor(entry);
      // A hex equal to a named color (an older palette) is worn by its name, so no account skips it.
      return parsed.ok ? [colorFromStored(storedColor(parsed.color)) ?? parsed.color] : [];
    });
    return {
      mode: account?.color.mode ?? 'random',
      palette,
      paletteOrder: account?.color.paletteOrder ?? 'random',
      minIntervalMs: (account?.color.minIntervalSec ?? 0) * 1000,
      prime: account?.prime ?? 'unknown',
      enabled: (account?.enabled ?? false) && !this.#o.appPaused(),
    };
  }

  #isPaused(): boolean {
    const account = this.#account();
    return !account?.enabled || this.#o.appPaused();
  }

  #account(): DeepReadonly<PersistedAccount> | undefined {
    return this.#o.store.get().accounts.find((a) => a.id === this.accountId);
  }
}
