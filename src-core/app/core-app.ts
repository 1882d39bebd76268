import { AccountManager } from '../accounts/account-manager.js';
import { AvatarRefresher } from '../avatars/avatar-refresher.js';
import { ConflictError, InvalidInputError, NotFoundError, UnavailableError } from '../accounts/core-errors.js';
import { parseColor } from '../color/parse-color.js';
import { displayColor, storedColor } from '../color/color-value.js';
import { paletteFromInput } from '../accounts/palette-input.js';
import type { DeepReadonly } from '../store/deep-freeze.js';
import type { CoreEvent, CorePort, StartOnBootSource } from '../ipc/core-port.js';
import type { AppSnapshot, ColorEntry, ColorMode, PaletteOrder } from '../ipc/snapshot.js';
import { childController } from '../runtime/abort.js';
import type { Clock, TimerHandle } from '../runtime/clock.js';
import { EventHub } from '../runtime/event-hub.js';
import type { Logger, SecretRegistry } from '../runtime/logger.js';
import { normalizeChannelName } from '../store/channel-name.js';
import type { PersistedAccount, PersistedState } from '../store/schema.js';
import type { SecretBox } from '../store/secret-box.js';
import type { StateStore } from '../store/state-store.js';
import type { TwitchEndpoints } from '../twitch/endpoints.js';
import { HttpClient } from '../twitch/http/http-client.js';
import { applyFollowLivePatch, notAccountChannel, setFollowedChannelEnabled, type FollowLivePatch } from './follow-live-commands.js';
import { importLegacyContents, type LegacyImportReport } from './legacy-import-command.js';
import { LoginFlows, type LoggedIn } from './login-flows.js';
import { buildSnapshot } from './snapshot.js';
import { saveLogin } from './stored-login.js';
import { NO_SELF_UPDATE, type UpdatesPort } from './update-status.js';

export interface CoreAppOptions {
  store: StateStore;
  box: SecretBox;
  endpoints: TwitchEndpoints;
  clock: Clock;
  logger: Logger;
  secrets: SecretRegistry;
  version: string;
  paths: { dataDir: string; logDir: string };
  startOnBootSupported: boolean;
  /** The client ID this build carries (src-core/app/distribution.ts); the user's own, when set, wins. */
  builtInClientId?: string | null;
  /** The host's own updater, shown in every snapshot; none: the process does not update itself. */
  updates?: UpdatesPort;
  /** The system's start-on-boot status, where the host has one (the desktop app). */
  startOnBoot?: StartOnBootSource;
  /** Whether the host has a tray to start hidden in (the desktop app). */
  startHiddenSupported?: boolean;
  /**
   * Where Twitch profile pictures are cached (`<dataDir>/avatars`). Without it none are
   * fetched. Pictures are fetched only while a UI listens, so a headless `run` without one
   * makes no extra call.
   */
  avatarDir?: string;
  http?: HttpClient;
  keepaliveTimeoutSeconds?: number;
  random?: () => number;
  /** State changes within this window go out as one snapshot. */
  snapshotDelayMs?: number;
}

const DEFAULT_SNAPSHOT_DELAY_MS = 100;

/**
 * The running core behind every UI: desired state lives in the store, each account's
 * runtime converges on it, and this object answers the IPC contract (CorePort) and emits
 * events in order. It has no idea which transport or host it serves.
 */
export class CoreApp implements CorePort {
  readonly #o: CoreAppOptions;
  readonly #controller = childController(undefined);
  readonly #http: HttpClient;
  readonly #ownsHttp: boolean;
  readonly #events: EventHub<CoreEvent>;
  readonly #manager: AccountManager;
  readonly #logins: LoginFlows;
  readonly #avatars: AvatarRefresher | undefined;
  #snapshotTimer: TimerHandle | undefined;
  #started = false;
  #stopping: Promise<void> | undefined;
  readonly #unsubscribeStatus: () => void;
  readonly #unsubscribeUpdates: () => void;
  readonly #unsubscribeBoot: () => void;

  constructor(options: CoreAppOptions) {
    this.#o = options;
    this.#http = options.http ?? new HttpClient({ clock: options.clock });
    this.#ownsHttp = !options.http;
    this.#events = new EventHub(options.logger, 'core event');
    const common = {
      store: options.store,
      box: options.box,
      endpoints: options.endpoints,
      http: this.#http,
      clock: options.clock,
      logger: options.logger,
      secrets: options.secrets,
      signal: this.#controller.signal,
    };
    this.#manager = new AccountManager({
      ...common,
      onChange: () => {
        this.#avatars?.refresh();
        this.#scheduleSnapshot();
      },
      onColorChanged: (accountId, entry) => {
        const login = options.store.get().accounts.find((a) => a.id === accountId)?.login ?? '';
        this.#events.emit({ type: 'color:changed', payload: { accountId, login, color: displayColor(entry.color), at: entry.at } });
      },
      ...(options.keepaliveTimeoutSeconds ? { keepaliveTimeoutSeconds: options.keepaliveTimeoutSeconds } : {}),
      ...(options.random ? { random: options.random } : {}),
    });
    this.#logins = new LoginFlows({
      http: this.#http,
      endpoints: options.endpoints,
      clock: options.clock,
      logger: options.logger,
      signal: childController(this.#controller.signal).signal,
      onProgress: (payload) => this.#events.emit({ type: 'login:progress', payload }),
      onLoggedIn: (result) => this.#storeLogin(result),
    });
    this.#unsubscribeStatus = options.store.onStatus(() => this.#scheduleSnapshot());
    this.#unsubscribeUpdates = options.updates?.subscribe(() => this.#scheduleSnapshot()) ?? (() => {});
    this.#unsubscribeBoot = options.startOnBoot?.subscribe(() => this.#scheduleSnapshot()) ?? (() => {});
    if (options.avatarDir) {
      this.#avatars = new AvatarRefresher(
        { dir: options.avatarDir, http: this.#http, endpoints: options.endpoints, logger: options.logger },
        {
          sources: () => options.store.get().accounts.flatMap((account) => this.#manager.runtime(account.id) ?? []),
          listening: () => this.#events.listenerCount > 0,
          signal: this.#controller.signal,
          onChanged: () => this.#scheduleSnapshot(),
        },
      );
    }
  }

  /** Starts every account's runtime. Without it the core only edits the store (offline CLI). */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#manager.start();
  }

  get running(): boolean {
    return this.#started && !this.#stopping;
  }

  /** Network back or system resumed: every waiting reconnect and retry goes now. */
  retryNow(): void {
    this.#manager.retryNow();
  }

  /** Restores home colors where chosen, closes sessions, flushes the store. Idempotent. */
  stop(options: { restoreHome?: boolean } = {}): Promise<void> {
    this.#stopping ??= (async () => {
      this.#logins.stop();
      await this.#manager.stop({ restoreHome: options.restoreHome ?? true });
      this.#controller.abort();
      this.#snapshotTimer?.cancel();
      this.#unsubscribeStatus();
      this.#unsubscribeUpdates();
      this.#unsubscribeBoot();
      this.#events.clear();
      if (this.#ownsHttp) await this.#http.close();
      await this.#o.store.flush().catch(() => {});
    })();
    return this.#stopping;
  }

  snapshot(): AppSnapshot {
    return buildSnapshot({
      state: this.#o.store.get(),
      runtime: (id) => this.#manager.runtime(id),
      running: this.#started && !this.#stopping,
      version: this.#o.version,
      paths: this.#o.paths,
      box: this.#o.box,
      store: this.#o.store,
      startOnBootSupported: this.#o.startOnBootSupported,
      builtInClientId: this.#o.builtInClientId ?? null,
      updates: this.#o.updates?.current() ?? NO_SELF_UPDATE,
      startOnBootStatus: this.#o.startOnBoot?.current(),
      startHiddenSupported: this.#o.startHiddenSupported ?? false,
      avatar: (userId) => this.#avatars?.pathFor(userId) ?? null,
    });
  }

  subscribe(listener: (event: CoreEvent) => void): () => void {
    const unsubscribe = this.#events.subscribe(listener);
    this.#avatars?.refresh();
    return unsubscribe;
  }

  async setPaused(paused: boolean): Promise<void> {
    this.#update((draft) => {
      draft.settings.pauseAll = paused;
    });
  }

  /** The user's own client ID for new logins; null goes back to the built-in one. */
  async setClientId(clientId: string | null): Promise<void> {
    this.#update((draft) => {
      const own = clientId?.trim();
      if (own) draft.settings.clientId = own;
      else delete draft.settings.clientId;
    });
  }

  checkClientId(clientId: string): Promise<void> {
    return this.#logins.checkClientId(clientId.trim());
  }

  async updateSettings(patch: { startOnBoot?: boolean; startHidden?: boolean; checkForUpdates?: boolean }): Promise<void> {
    this.#update((draft) => {
      if (patch.startOnBoot !== undefined) draft.settings.startOnBoot = patch.startOnBoot;
      if (patch.startHidden !== undefined) draft.settings.startHidden = patch.startHidden;
      if (patch.checkForUpdates !== undefined) draft.settings.checkForUpdates = patch.checkForUpdates;
    });
  }

  /** The newest update version the user was told about (each version is announced once). */
  lastUpdateNotice(): string | null {
    return this.#o.store.get().settings.updateNotifiedVersion ?? null;
  }

  rememberUpdateNotice(version: string): void {
    this.#o.store.update((draft) => {
      draft.settings.updateNotifiedVersion = version;
    });
  }

  async startLogin(): Promise<{ loginId: string; userCode: string; verificationUri: string; expiresAt: number }> {
    // Accounts keep the ID they logged in with (their tokens belong to it); this one is for new logins.
    const clientId = this.#o.store.get().settings.clientId ?? this.#o.builtInClientId;
    if (!clientId) throw new InvalidInputError('Enter the client ID of your Twitch application first');
    return this.#logins.start(clientId);
  }

  cancelLogin(loginId: string): void {
    this.#logins.cancel(loginId);
  }

  activationUrl(loginId: string): string {
    return this.#logins.activationUrl(loginId);
  }

  async removeAccount(accountId: string): Promise<void> {
    this.#requireAccount(accountId);
    const runtime = this.#manager.runtime(accountId);
    await runtime?.retire();
    await this.#manager.retire(accountId, { restoreHome: false });
    await this.#o.store.persistNow((draft) => {
      draft.accounts = draft.accounts.filter((a) => a.id !== accountId);
    });
  }

  async setAccountEnabled(accountId: string, enabled: boolean): Promise<void> {
    this.#updateAccount(accountId, (account) => {
      account.enabled = enabled;
    });
  }

  retryAccount(accountId: string): void {
    this.#requireAccount(accountId);
    this.#manager.runtime(accountId)?.retryNow();
  }

  async addChannel(accountId: string, login: string): Promise<void> {
    const name = normalizeChannelName(login);
    if (!name.ok) throw new InvalidInputError(name.message);
    const account = this.#requireAccount(accountId);
    if (account.channels.some((c) => c.login === name.login)) throw new ConflictError(`${name.login} is already in the list`);
    // Checked against Twitch when the account is connected; otherwise it is looked up at start.
    const id = await this.#manager.runtime(accountId)?.lookupChannel(name.login);
    this.#updateAccount(accountId, (draft) => {
      if (!draft.channels.some((c) => c.login === name.login)) draft.channels.push({ login: name.login, ...(id ? { id } : {}), enabled: true });
    });
  }

  async removeChannel(accountId: string, login: string): Promise<void> {
    const name = this.#channelKey(login);
    this.#updateAccount(accountId, (account) => {
      const before = account.channels.length;
      account.channels = account.channels.filter((c) => c.login !== name);
      if (account.channels.length === before) throw new NotFoundError(`${name} is not in this account's channels`);
    });
    this.#manager.runtime(accountId)?.forgetChannel(name);
  }

  /** A hand-listed channel's toggle, or a followed live one's (remembered by id: the switch wins). */
  async setChannelEnabled(accountId: string, login: string, enabled: boolean): Promise<void> {
    const name = this.#channelKey(login);
    const runtime = this.#manager.runtime(accountId);
    let manual = false;
    this.#updateAccount(accountId, (account) => {
      const channel = account.channels.find((c) => c.login === name);
      manual = channel !== undefined;
      if (channel) channel.enabled = enabled;
      else if (!setFollowedChannelEnabled(account, runtime, name, enabled)) throw notAccountChannel(name);
    });
    // Switching a channel on is the user's "try it again" for a ban or a removed channel.
    if (enabled && manual) runtime?.recheckChannel(name);
  }

  /** "Live channels I follow": the switch, the cap and the viewers filter. */
  async setFollowLive(accountId: string, patch: FollowLivePatch): Promise<void> {
    this.#updateAccount(accountId, (account) => applyFollowLivePatch(account, patch));
  }

  async setColorOptions(
    accountId: string,
    options: { mode?: ColorMode; palette?: string[]; paletteOrder?: PaletteOrder; minIntervalSec?: number },
  ): Promise<void> {
    const account = this.#requireAccount(accountId);
    const palette = options.palette && paletteFromInput(options.palette, account.color.palette, account.prime);
    this.#updateAccount(accountId, (account) => {
      if (options.mode) account.color.mode = options.mode;
      if (palette) account.color.palette = palette;
      if (options.paletteOrder) account.color.paletteOrder = options.paletteOrder;
      if (options.minIntervalSec !== undefined) account.color.minIntervalSec = options.minIntervalSec;
    });
  }

  async resetPrime(accountId: string): Promise<void> {
    this.#updateAccount(accountId, (account) => {
      account.prime = 'unknown';
    });
  }

  async setHome(accountId: string, restore: boolean, color: string | null | undefined): Promise<void> {
    let home: string | undefined;
    if (color) {
      const parsed = parseColor(color);
      if (!parsed.ok) throw new InvalidInputError(parsed.message);
      home = displayColor(storedColor(parsed.color));
    }
    this.#updateAccount(accountId, (account) => {
      account.home.restore = restore;
      if (home) account.home.color = home;
    });
  }

  async setColorNow(accountId: string, color: string): Promise<ColorEntry> {
    this.#requireAccount(accountId);
    const runtime = this.#manager.runtime(accountId);
    if (!runtime) throw new InvalidInputError('The account is not running; start the app or `run` first');
    return runtime.setColorNow(color);
  }

  async importLegacy(contents: string): Promise<LegacyImportReport> {
    return importLegacyContents(this.#o, contents);
  }

  async checkForUpdates(): Promise<void> {
    await this.#selfUpdates().checkNow();
  }

  async restartToUpdate(): Promise<void> {
    this.#selfUpdates().restartToUpdate();
  }

  #selfUpdates(): UpdatesPort {
    if (!this.#o.updates) throw new UnavailableError('This copy does not update itself; install a newer version the way you installed this one');
    return this.#o.updates;
  }

  /** A finished device login: stored, then the account (re)started with its new tokens. */
  async #storeLogin(result: LoggedIn): Promise<{ accountId: string; login: string }> {
    const stored = await saveLogin(this.#o.store, this.#o.box, this.#o.clock.now(), result);
    if (this.#started) await this.#manager.restart(stored.accountId);
    return stored;
  }

  #scheduleSnapshot(): void {
    if (this.#snapshotTimer || this.#controller.signal.aborted) return;
    this.#snapshotTimer = this.#o.clock.setTimeout(() => {
      this.#snapshotTimer = undefined;
      // Headless `run` without a UI has no listener, and a snapshot of 20 x 100 channels built
      // every 100 ms for no one cost more CPU at start-up than all the Twitch calls (test/bench).
      if (this.#events.listenerCount === 0) return;
      this.#events.emit({ type: 'state:changed', payload: this.snapshot() });
    }, this.#o.snapshotDelayMs ?? DEFAULT_SNAPSHOT_DELAY_MS);
  }

  #update(mutator: (draft: PersistedState) => void): void {
    this.#o.store.update(mutator);
    this.#scheduleSnapshot();
  }

  #updateAccount(accountId: string, mutator: (account: PersistedAccount) => void): void {
    if (!this.#o.store.updateAccount(accountId, mutator)) throw new NotFoundError('No such account; it may have been removed');
    this.#scheduleSnapshot();
  }

  #requireAccount(accountId: string): DeepReadonly<PersistedAccount> {
    const account = this.#o.store.get().accounts.find((a) => a.id === accountId);
    if (!account) throw new NotFoundError('No such account; it may have been removed');
    return account;
  }

  #channelKey(login: string): string {
    const name = normalizeChannelName(login);
    if (!name.ok) throw new InvalidInputError(name.message);
    return name.login;
  }
}
