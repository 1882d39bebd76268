import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { EventPayload, legacyImportReportSchema, loginStartedSchema } from '../../../src-core/ipc/contract.js';
import type { CoreEvent, CorePort } from '../../../src-core/ipc/core-port.js';
import type { ErrorCode } from '../../../src-core/ipc/result.js';
import type { AccountView, AppSnapshot, ColorEntry, ColorMode, PaletteOrder } from '../../../src-core/ipc/snapshot.js';
import { ColorChangerError } from '../../../src-core/runtime/errors.js';
import { HexColorRejectedError } from '../../../src-core/twitch/errors.js';
import { settleAccount, settleFollowLive } from '../../support/account-gates.js';
import { NAMED_COLORS, hslHex, isHex, parseColor } from './fake-colors.js';

/**
 * An in-memory CorePort that behaves like the real core as a UI sees it: accounts with
 * states and reasons, channels with subscription status, device-code logins with progress
 * events, color changes (by command and by simulated chat messages), pause, settings and the
 * legacy import. Every change emits a full `state:changed` snapshot, in order.
 *
 * It holds secrets the way the real core does (access/refresh tokens per account, the
 * device code of each login, client secrets from an imported file) so tests can prove none
 * of them ever reaches a UI (R34): `secrets()` lists them all.
 *
 * Test controls: approveLogin / denyLogin / expireLogin, chatMessage, degrade, needsLogin,
 * failNext (make the next call of a method throw), unknownChannels.
 */
export class FakeCoreError extends ColorChangerError {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

type Tokens = { accessToken: string; refreshToken: string };
type Login = { started: z.infer<typeof loginStartedSchema>; deviceCode: string };
type MethodName = { [K in keyof CorePort]: CorePort[K] extends (...args: never[]) => unknown ? K : never }[keyof CorePort];

export interface FakeCoreOptions {
  now?: () => number;
  clientId?: string | null;
  builtInClientId?: string | null;
  /** Where logins send the user; a loopback URL lets a test open it without leaving the machine. */
  activationBase?: string;
  encryptedAtRest?: boolean;
}

const channelPattern = /^[a-z0-9_]{3,25}$/;

export class FakeCore implements CorePort {
  /** Logins Twitch "does not know": adding them fails with unknown_channel. */
  readonly unknownChannels = new Set(['nosuchuser']);
  readonly #now: () => number;
  readonly #activationBase: string;
  readonly #listeners = new Set<(event: CoreEvent) => void>();
  readonly #accounts = new Map<string, AccountView>();
  readonly #tokens = new Map<string, Tokens>();
  readonly #logins = new Map<string, Login>();
  readonly #clientSecrets: string[] = [];
  readonly #failures = new Map<MethodName, unknown>();
  #state: Omit<AppSnapshot, 'accounts'>;
  #seq = 0;
  #hue = 0;

  constructor(options: FakeCoreOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#activationBase = options.activationBase ?? 'https://www.twitch.tv/activate';
    const encrypted = options.encryptedAtRest ?? true;
    this.#state = {
      version: '0.1.0-test',
      paused: false,
      settings: {
        clientId: options.clientId === undefined ? 'abcdefghij0123456789klmnopqrst' : options.clientId,
        builtInClientId: options.builtInClientId ?? null,
        startOnBoot: false,
        startHidden: false,
        startOnBootSupported: true,
        checkForUpdates: true,
        startHiddenSupported: true,
      },
      updates: { state: 'idle', version: null, percent: null, checkedAt: null, error: null },
      secrets: {
        encryptedAtRest: encrypted,
        description: encrypted ? 'Logins are encrypted with your system keyring.' : 'No system keyring was found, so logins are stored unencrypted (file mode 0600).',
      },
      paths: { dataDir: '/tmp/fake-colorchanger/data', logDir: '/tmp/fake-colorchanger/data/logs' },
      store: { writeError: null, recoveredCorruptFile: null, loadProblem: null },
      notices: [],
    };
  }

  // ---- CorePort ----

  snapshot(): AppSnapshot {
    // In the contract's key order, as a UI receives it after the schema check.
    const { notices, ...rest } = this.#state;
    return structuredClone({ ...rest, accounts: [...this.#accounts.values()], notices });
  }

  subscribe(listener: (event: CoreEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async setPaused(paused: boolean): Promise<void> {
    this.#maybeFail('setPaused');
    this.#state.paused = paused;
    for (const account of this.#accounts.values()) this.#settle(account);
    this.#changed();
  }

  async setClientId(clientId: string | null): Promise<void> {
    this.#maybeFail('setClientId');
    this.#state.settings.clientId = clientId;
    this.#changed();
  }

  /** Twitch knows every client ID but the one named "unknown…" here. */
  async checkClientId(clientId: string): Promise<void> {
    this.#maybeFail('checkClientId');
    if (clientId.startsWith('unknown')) throw new FakeCoreError('invalid_client', 'Twitch does not know this client ID.');
  }

  async updateSettings(patch: { startOnBoot?: boolean; startHidden?: boolean; checkForUpdates?: boolean }): Promise<void> {
    this.#maybeFail('updateSettings');
    Object.assign(this.#state.settings, patch);
    this.#changed();
  }

  async startLogin(): Promise<z.infer<typeof loginStartedSchema>> {
    this.#maybeFail('startLogin');
    if (!this.#state.settings.clientId && !this.#state.settings.builtInClientId) throw new FakeCoreError('invalid_request', 'Set your Twitch client ID first (Settings)');
    const loginId = `login-${++this.#seq}`;
    const userCode = randomBytes(4).toString('hex').toUpperCase();
    const started = { loginId, userCode, verificationUri: `${this.#activationBase}?public=true&device-code=${userCode}`, expiresAt: this.#now() + 1_800_000 };
    this.#logins.set(loginId, { started, deviceCode: secret('device') });
    this.#emit({ type: 'login:progress', payload: { status: 'waiting', ...started } });
    return started;
  }

  cancelLogin(loginId: string): void {
    this.#maybeFail('cancelLogin');
    this.#login(loginId);
    this.#endLogin(loginId, 'cancelled', 'The login was cancelled');
  }

  activationUrl(loginId: string): string {
    this.#maybeFail('activationUrl');
    return this.#login(loginId).started.verificationUri;
  }

  async removeAccount(accountId: string): Promise<void> {
    this.#maybeFail('removeAccount');
    this.#account(accountId);
    this.#accounts.delete(accountId);
    this.#tokens.delete(accountId);
    this.#changed();
  }

  readonly retried: string[] = [];

  retryAccount(accountId: string): void {
    this.#maybeFail('retryAccount');
    this.#account(accountId);
    this.retried.push(accountId);
  }

  async setAccountEnabled(accountId: string, enabled: boolean): Promise<void> {
    this.#maybeFail('setAccountEnabled');
    const account = this.#account(accountId);
    account.enabled = enabled;
    this.#settle(account);
    this.#changed();
  }

  async addChannel(accountId: string, login: string): Promise<void> {
    this.#maybeFail('addChannel');
    const account = this.#account(accountId);
    const name = login.trim().replace(/^#/, '').toLowerCase();
    if (!channelPattern.test(name)) throw new FakeCoreError('invalid_request', `"${login}" is not a Twitch channel name (3 to 25 letters, digits or _)`);
    if (account.channels.some((c) => c.login === name)) throw new FakeCoreError('conflict', `#${name} is already in the list`);
    if (this.unknownChannels.has(name)) throw new FakeCoreError('unknown_channel', `Twitch has no channel named ${name}`);
    account.channels.push({ source: 'manual', followed: null, login: name, id: String(100_000 + this.#seq++), enabled: true, subscription: 'off', error: null, state: 'stopped', reason: null, nextAttemptAt: null });
    this.#settle(account);
    this.#changed();
  }

  async removeChannel(accountId: string, login: string): Promise<void> {
    this.#maybeFail('removeChannel');
    const account = this.#account(accountId);
    this.#channel(account, login);
    account.channels = account.channels.filter((c) => c.login !== login.toLowerCase());
    this.#changed();
  }

  async setChannelEnabled(accountId: string, login: string, enabled: boolean): Promise<void> {
    this.#maybeFail('setChannelEnabled');
    const account = this.#account(accountId);
    const channel = this.#channel(account, login);
    channel.enabled = enabled;
    this.#settle(account);
    this.#changed();
  }

  async setFollowLive(accountId: string, patch: { enabled?: boolean; max?: number; maxViewers?: number | null }): Promise<void> {
    this.#maybeFail('setFollowLive');
    const account = this.#account(accountId);
    const settings = account.followLive;
    if (patch.enabled !== undefined) settings.enabled = patch.enabled;
    if (patch.max !== undefined) settings.max = patch.max;
    if (patch.maxViewers !== undefined) settings.maxViewers = patch.maxViewers;
    // Switched on, the core looks at once (this fake follows no one, so none is found); then as the account's state has it.
    if (settings.enabled && settings.state === 'off') settings.state = 'active';
    settleFollowLive(account);
    this.#changed();
  }

  async setColorOptions(accountId: string, options: { mode?: ColorMode; palette?: string[]; paletteOrder?: PaletteOrder; minIntervalSec?: number }): Promise<void> {
    this.#maybeFail('setColorOptions');
    const account = this.#account(accountId);
    const palette = options.palette?.map((input) => this.#color(input));
    if (options.mode === 'palette' && (palette ?? account.color.palette).length === 0) {
      throw new FakeCoreError('invalid_request', 'Add at least one color to the palette before choosing palette mode');
    }
    Object.assign(account.color, definedOnly({ mode: options.mode, palette, paletteOrder: options.paletteOrder, minIntervalSec: options.minIntervalSec }));
    this.#changed();
  }

  async resetPrime(accountId: string): Promise<void> {
    this.#maybeFail('resetPrime');
    this.#account(accountId).prime = 'unknown';
    this.#changed();
  }

  async setHome(accountId: string, restore: boolean, color: string | null | undefined): Promise<void> {
    this.#maybeFail('setHome');
    const account = this.#account(accountId);
    account.home = { restore, color: color === undefined ? account.home.color : color === null ? null : this.#color(color) };
    this.#changed();
  }

  async setColorNow(accountId: string, color: string): Promise<ColorEntry> {
    this.#maybeFail('setColorNow');
    const account = this.#account(accountId);
    return this.#applyColor(account, this.#color(color));
  }

  /** Restart requests the host would act on (updates:restart). */
  restartsRequested = 0;

  async checkForUpdates(): Promise<void> {
    this.#maybeFail('checkForUpdates');
    if (this.#state.updates.state === 'unconfigured' || this.#state.updates.state === 'unsupported') throw new FakeCoreError('unsupported', 'Updates are off for this build');
    this.setUpdates({ ...this.#state.updates, state: 'checking', error: null });
  }

  async restartToUpdate(): Promise<void> {
    this.#maybeFail('restartToUpdate');
    if (this.#state.updates.state !== 'ready') throw new FakeCoreError('unsupported', 'No update is ready to install yet');
    this.restartsRequested += 1;
  }

  /** Test control: what the host's updater reports. */
  setUpdates(updates: AppSnapshot['updates']): void {
    this.#state.updates = { ...updates };
    this.#changed();
  }

  async importLegacy(contents: string): Promise<z.infer<typeof legacyImportReportSchema>> {
    this.#maybeFail('importLegacy');
    let file: unknown;
    try {
      file = JSON.parse(contents);
    } catch {
      throw new FakeCoreError('invalid_request', 'This file is not valid JSON, so it is not a twitch_colorchanger.conf file');
    }
    const users = (file as { users?: unknown } | null)?.users;
    if (!Array.isArray(users)) throw new FakeCoreError('invalid_request', 'This is not a twitch_colorchanger.conf file: it has no "users" list');
    const report: z.infer<typeof legacyImportReportSchema> = { imported: [], updated: [], skipped: [] };
    for (const entry of users as Array<Record<string, unknown>>) {
      const login = typeof entry.username === 'string' ? entry.username.toLowerCase() : '';
      if (!channelPattern.test(login)) {
        report.skipped.push({ login: String(entry.username ?? ''), reason: 'no valid username' });
        continue;
      }
      if (typeof entry.client_secret === 'string') this.#clientSecrets.push(entry.client_secret);
      const existing = this.#byLogin(login);
      const account = existing ?? this.#newAccount(login, 'needs_login');
      if (typeof entry.access_token === 'string' && typeof entry.refresh_token === 'string') {
        this.#tokens.set(account.id, { accessToken: entry.access_token, refreshToken: entry.refresh_token });
        account.state = 'starting';
        account.reason = null;
      }
      const channels = Array.isArray(entry.channels) ? entry.channels.filter((c): c is string => typeof c === 'string') : [];
      for (const channel of channels) {
        const name = channel.replace(/^#/, '').toLowerCase();
        if (channelPattern.test(name) && !account.channels.some((c) => c.login === name)) {
          account.channels.push({ source: 'manual', followed: null, login: name, id: null, enabled: true, subscription: 'pending', error: null, state: 'connecting', reason: null, nextAttemptAt: null });
        }
      }
      (existing ? report.updated : report.imported).push(login);
    }
    this.#changed();
    return report;
  }

  // ---- test controls ----

  /** Every secret the core holds right now: none may ever appear in a message to a UI. */
  secrets(): string[] {
    return [
      ...[...this.#tokens.values()].flatMap((t) => [t.accessToken, t.refreshToken]),
      ...[...this.#logins.values()].map((l) => l.deviceCode),
      ...this.#clientSecrets,
    ];
  }

  /** The user approved the code at Twitch: the login ends with an account (new or refreshed). */
  approveLogin(loginId: string, login: string, options: { prime?: boolean } = {}): AccountView {
    this.#login(loginId);
    this.#logins.delete(loginId);
    const account = this.#byLogin(login) ?? this.#newAccount(login, 'active');
    account.state = 'active';
    this.#settle(account);
    account.prime = options.prime === undefined ? account.prime : options.prime ? 'yes' : 'no';
    this.#tokens.set(account.id, { accessToken: secret('access'), refreshToken: secret('refresh') });
    this.#emit({ type: 'login:progress', payload: { loginId, status: 'success', accountId: account.id, login: account.login } });
    this.#changed();
    return structuredClone(account);
  }

  denyLogin(loginId: string): void {
    this.#login(loginId);
    this.#endLogin(loginId, 'denied', 'You declined the authorization at Twitch; start a new login to try again');
  }

  expireLogin(loginId: string): void {
    this.#login(loginId);
    this.#endLogin(loginId, 'expired', 'The code expired before it was entered; start a new login');
  }

  /** Adds a logged-in account directly (test setup). */
  addAccount(login: string, options: { channels?: string[]; prime?: boolean } = {}): AccountView {
    const account = this.#newAccount(login, this.#state.paused ? 'paused' : 'active');
    account.prime = options.prime === undefined ? 'unknown' : options.prime ? 'yes' : 'no';
    for (const name of options.channels ?? []) {
      account.channels.push({ source: 'manual', followed: null, login: name, id: String(100_000 + this.#seq++), enabled: true, subscription: 'live', error: null, state: 'listening', reason: null, nextAttemptAt: null });
    }
    this.#settle(account);
    this.#tokens.set(account.id, { accessToken: secret('access'), refreshToken: secret('refresh') });
    this.#changed();
    return structuredClone(account);
  }

  /** The account sent a chat message in `channel`: the core picks and applies the next color. */
  chatMessage(accountId: string, channel: string): ColorEntry | null {
    const account = this.#account(accountId);
    const target = account.channels.find((c) => c.login === channel);
    if (this.#state.paused || account.state !== 'active' || !target?.enabled) return null;
    return this.#applyColor(account, this.#nextColor(account));
  }

  degrade(accountId: string, reason: string, nextAttemptAt: number): void {
    Object.assign(this.#account(accountId), { state: 'degraded', reason, nextAttemptAt });
    this.#changed();
  }

  needsLogin(accountId: string, reason: string): void {
    const account = this.#account(accountId);
    Object.assign(account, { state: 'needs_login', reason, nextAttemptAt: null });
    this.#settle(account);
    this.#tokens.delete(accountId);
    this.#changed();
  }

  /** The next call of `method` throws `error` (a TwitchApiError, a TypeError, ...). */
  failNext(method: MethodName, error: unknown): void {
    this.#failures.set(method, error);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  // ---- internals ----

  /** Account and channel states as the real core derives them (test/support/account-gates.ts). */
  #settle(account: AccountView): void {
    settleAccount(account, this.#state.paused);
  }

  #maybeFail(method: MethodName): void {
    if (!this.#failures.has(method)) return;
    const error = this.#failures.get(method);
    this.#failures.delete(method);
    throw error;
  }

  #emit(event: CoreEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch {
        // Like the real core (R12): one broken listener does not silence the others.
      }
    }
  }

  #changed(): void {
    this.#emit({ type: 'state:changed', payload: this.snapshot() });
  }

  #endLogin(loginId: string, status: 'cancelled' | 'denied' | 'expired', message: string): void {
    this.#logins.delete(loginId);
    const payload: EventPayload<'login:progress'> = { loginId, status, message };
    this.#emit({ type: 'login:progress', payload });
  }

  #login(loginId: string): Login {
    const login = this.#logins.get(loginId);
    if (!login) throw new FakeCoreError('not_found', 'This login attempt is over; start a new login');
    return login;
  }

  #account(accountId: string): AccountView {
    const account = this.#accounts.get(accountId);
    if (!account) throw new FakeCoreError('not_found', 'There is no such account (it may have been removed)');
    return account;
  }

  #channel(account: AccountView, login: string): AccountView['channels'][number] {
    const channel = account.channels.find((c) => c.login === login.toLowerCase());
    if (!channel) throw new FakeCoreError('not_found', `#${login} is not in ${account.displayName}'s channels`);
    return channel;
  }

  #byLogin(login: string): AccountView | undefined {
    return [...this.#accounts.values()].find((a) => a.login === login.toLowerCase());
  }

  #newAccount(login: string, state: AccountView['state']): AccountView {
    const id = `acc-${++this.#seq}`;
    const account: AccountView = {
      id,
      login: login.toLowerCase(),
      displayName: login,
      userId: String(900_000 + this.#seq),
      enabled: true,
      state,
      reason: state === 'needs_login' ? 'Log in to start changing colors' : null,
      reasonCode: state === 'needs_login' ? 'login_required' : null,
      reasonDetail: null,
      nextAttemptAt: null,
      prime: 'unknown',
      currentColor: null,
      avatar: null,
      recentColors: [],
      color: { mode: 'random', palette: [], paletteOrder: 'random', minIntervalSec: 0 },
      home: { restore: false, color: null },
      channels: [],
      followLive: { enabled: false, max: 50, maxViewers: null, state: 'off', reason: null, reasonDetail: null, lastPollAt: null, nextPollAt: null, skipped: { overLimit: 0, overViewers: 0 }, switchedOff: 0 },
    };
    this.#accounts.set(id, account);
    return account;
  }

  #color(input: string): string {
    const color = parseColor(input);
    if (!color) throw new FakeCoreError('invalid_request', `"${input}" is not a color: use a name like HotPink or a hex code like #1E90FF`);
    return color;
  }

  #nextColor(account: AccountView): string {
    const { mode, palette, paletteOrder } = account.color;
    if (mode === 'palette' && palette.length > 0) {
      if (paletteOrder === 'sequential') return palette[(palette.indexOf(account.currentColor ?? '') + 1) % palette.length] ?? palette[0]!;
      return palette[this.#seq++ % palette.length]!;
    }
    this.#hue = (this.#hue + (mode === 'rainbow' ? 30 : 137)) % 360;
    if (account.prime === 'yes') return hslHex(this.#hue);
    return NAMED_COLORS[(this.#seq++ * 7) % NAMED_COLORS.length]!;
  }

  #applyColor(account: AccountView, color: string): ColorEntry {
    if (isHex(color) && account.prime === 'no') throw new HexColorRejectedError(color);
    const entry = { color, at: this.#now() };
    account.currentColor = color;
    account.recentColors = [entry, ...account.recentColors].slice(0, 10);
    this.#emit({ type: 'color:changed', payload: { accountId: account.id, login: account.login, ...entry } });
    this.#changed();
    return entry;
  }
}

function secret(kind: string): string {
  return `${kind}-${randomBytes(15).toString('hex')}`;
}

function definedOnly<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
