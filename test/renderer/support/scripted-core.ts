import type { z } from 'zod';
import type { loginStartedSchema } from '../../../src-core/ipc/contract.js';
import type { CoreEvent, CorePort, PlatformPort } from '../../../src-core/ipc/core-port.js';
import { IpcFailure } from '../../../src-core/ipc/result.js';
import type { AccountView, AppSnapshot, ColorEntry, ColorMode, PaletteOrder } from '../../../src-core/ipc/snapshot.js';
import { settleAccount, settleFollowLive } from '../../support/account-gates.js';
import { accountOf } from './fixtures.js';
import { ScriptedFollows } from './scripted-follows.js';

type LoginStarted = z.infer<typeof loginStartedSchema>;

/**
 * A CorePort whose state the test writes directly, served through the real IPC handlers
 * and the real WebSocket bridge. It does what a user of the UI would notice (a toggled
 * channel goes pending, an unknown channel is refused) and records every call, and the
 * test plays Twitch's part: subscriptions going live, logins approved or expired.
 */
export class ScriptedCore implements CorePort {
  state: AppSnapshot;
  readonly calls: Array<{ method: string; args: unknown[] }> = [];
  readonly opened: string[] = [];
  readonly logins = new Map<string, LoginStarted>();
  /** Channel logins Twitch does not know. */
  readonly unknownChannels = new Set<string>(['nobody_here_404']);
  /** The next call of that method fails with this error (as the real core would throw it). */
  readonly failNext = new Map<string, IpcFailure>();
  /** Per account: Twitch's live followed channels and the core's choice among them. */
  private readonly follows = new Map<string, ScriptedFollows>();
  private readonly listeners = new Set<(event: CoreEvent) => void>();
  private loginCount = 0;

  constructor(initial: AppSnapshot) {
    this.state = structuredClone(initial);
  }

  readonly platform: PlatformPort = {
    openExternal: async (url) => {
      this.opened.push(url);
    },
    openPath: async (path) => {
      this.opened.push(path);
    },
    // Like the desktop host: the system's autostart entry is the truth, read back after a change.
    autoStart: {
      status: async () => ({ state: this.autoStartEntry ? 'on' : 'off', note: null }),
      current: () => ({ state: this.autoStartEntry ? 'on' : 'off', note: null }),
      subscribe: () => () => {},
      setEnabled: async (enabled) => {
        this.autoStartEntry = enabled;
      },
    },
  };
  autoStartEntry = true;

  /** Changes state the way the core would and tells every UI (a full snapshot each time). */
  change(mutate: (state: AppSnapshot) => void): void {
    mutate(this.state);
    this.emit({ type: 'state:changed', payload: this.snapshot() });
  }

  changeAccount(accountId: string, mutate: (account: AccountView) => void): void {
    this.change((state) => mutate(this.account(accountId, state)));
  }

  emit(event: CoreEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  snapshot(): AppSnapshot {
    return structuredClone(this.state);
  }

  subscribe(listener: (event: CoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
    const failure = this.failNext.get(method);
    if (failure) {
      this.failNext.delete(method);
      throw failure;
    }
  }

  callsOf(method: string): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  private account(accountId: string, state = this.state): AccountView {
    const account = state.accounts.find((candidate) => candidate.id === accountId);
    if (!account) throw new IpcFailure('not_found', `There is no account ${accountId}`);
    return account;
  }

  async setPaused(paused: boolean): Promise<void> {
    this.record('setPaused', paused);
    this.change((state) => {
      state.paused = paused;
      for (const account of state.accounts) settleAccount(account, paused);
    });
  }

  async setClientId(clientId: string | null): Promise<void> {
    this.record('setClientId', clientId);
    this.change((state) => {
      state.settings.clientId = clientId;
    });
  }

  /** Client IDs Twitch does not know (settings:check-client-id answers invalid_client). */
  readonly unknownClientIds = new Set<string>();

  async checkClientId(clientId: string): Promise<void> {
    this.record('checkClientId', clientId);
    if (this.unknownClientIds.has(clientId)) {
      throw new IpcFailure('invalid_client', 'Twitch does not know this client ID (it answered “invalid client”). Copy the Client ID again from your application at dev.twitch.tv/console/apps.');
    }
  }

  async updateSettings(patch: { startOnBoot?: boolean; startHidden?: boolean; checkForUpdates?: boolean }): Promise<void> {
    this.record('updateSettings', patch);
    this.change((state) => Object.assign(state.settings, patch));
  }

  async startLogin(): Promise<LoginStarted> {
    this.record('startLogin');
    this.loginCount += 1;
    const userCode = ['WDJBMJHT', 'QRTZKXPL', 'HVNCJWYB', 'MPLKDRTS'][(this.loginCount - 1) % 4] ?? 'ABCDEFGH';
    const login: LoginStarted = {
      loginId: `login-${this.loginCount}`,
      userCode,
      verificationUri: `https://www.twitch.tv/activate?public=true&device-code=${userCode}`,
      expiresAt: Date.now() + 30 * 60_000,
    };
    this.logins.set(login.loginId, login);
    return login;
  }

  cancelLogin(loginId: string): void {
    this.record('cancelLogin', loginId);
    if (this.logins.delete(loginId)) this.emit({ type: 'login:progress', payload: { loginId, status: 'cancelled', message: 'The login was cancelled.' } });
  }

  activationUrl(loginId: string): string {
    const login = this.logins.get(loginId);
    if (!login) throw new IpcFailure('not_found', 'That login is over; start a new one');
    return login.verificationUri;
  }

  /** Twitch approved the code: the account appears, then the UI hears of the success. */
  approveLogin(loginId: string, account: Partial<AccountView> = {}): AccountView {
    const view = accountOf({ channels: [], recentColors: [], ...account });
    this.logins.delete(loginId);
    this.change((state) => {
      state.accounts = [...state.accounts.filter((existing) => existing.id !== view.id), view];
    });
    this.emit({ type: 'login:progress', payload: { loginId, status: 'success', accountId: view.id, login: view.login } });
    return view;
  }

  endLogin(loginId: string, status: 'expired' | 'denied' | 'failed', message: string): void {
    this.logins.delete(loginId);
    this.emit({ type: 'login:progress', payload: { loginId, status, message } });
  }

  async removeAccount(accountId: string): Promise<void> {
    this.record('removeAccount', accountId);
    this.account(accountId);
    this.change((state) => {
      state.accounts = state.accounts.filter((account) => account.id !== accountId);
    });
  }

  retryAccount(accountId: string): void {
    this.record('retryAccount', accountId);
    this.account(accountId);
  }

  async setAccountEnabled(accountId: string, enabled: boolean): Promise<void> {
    this.record('setAccountEnabled', accountId, enabled);
    this.changeAccount(accountId, (account) => {
      account.enabled = enabled;
      settleAccount(account, this.state.paused);
    });
  }

  async addChannel(accountId: string, login: string): Promise<void> {
    this.record('addChannel', accountId, login);
    if (this.unknownChannels.has(login)) throw new IpcFailure('unknown_channel', `Twitch has no channel named "${login}". Check the spelling.`);
    const account = this.account(accountId);
    if (account.channels.some((channel) => channel.login === login)) throw new IpcFailure('conflict', `#${login} is already in the list`);
    this.changeAccount(accountId, (target) => {
      target.channels.push({ source: 'manual', followed: null, login, id: '9001', enabled: true, subscription: 'pending', error: null, state: 'connecting', reason: null, nextAttemptAt: null });
    });
  }

  async removeChannel(accountId: string, login: string): Promise<void> {
    this.record('removeChannel', accountId, login);
    this.changeAccount(accountId, (account) => {
      account.channels = account.channels.filter((channel) => channel.login !== login);
    });
  }

  /** The account's followed live channels at Twitch; `live` is what Get Followed Streams answers. */
  followsOf(accountId: string): ScriptedFollows {
    let follows = this.follows.get(accountId);
    if (!follows) this.follows.set(accountId, (follows = new ScriptedFollows()));
    return follows;
  }

  /** Twitch's followed live channels changed, and the core's next poll found it. */
  pollFollowed(accountId: string, live?: ScriptedFollows['live']): void {
    const follows = this.followsOf(accountId);
    if (live) follows.live = live;
    this.changeAccount(accountId, (account) => {
      follows.poll(account, this.state.paused);
      settleFollowLive(account);
    });
  }

  /**
   * Like the real core: the desired flag changes now; Twitch's answer (live/off) comes later.
   * A followed channel's switch is remembered by its id and the core chooses again.
   */
  async setChannelEnabled(accountId: string, login: string, enabled: boolean): Promise<void> {
    this.record('setChannelEnabled', accountId, login, enabled);
    this.changeAccount(accountId, (account) => {
      if (this.followsOf(accountId).setEnabled(account, login, enabled, this.state.paused)) return;
      const channel = account.channels.find((candidate) => candidate.login === login);
      if (!channel) throw new IpcFailure('not_found', `#${login} is not in the list`);
      channel.enabled = enabled;
      channel.subscription = enabled ? 'pending' : 'off';
      channel.state = enabled ? 'connecting' : 'off';
    });
  }

  async setFollowLive(accountId: string, patch: { enabled?: boolean; max?: number; maxViewers?: number | null }): Promise<void> {
    this.record('setFollowLive', accountId, patch);
    this.changeAccount(accountId, (account) => {
      const settings = account.followLive;
      if (patch.enabled !== undefined) settings.enabled = patch.enabled;
      if (patch.max !== undefined) settings.max = patch.max;
      if (patch.maxViewers !== undefined) settings.maxViewers = patch.maxViewers;
      // Switched on, the real core polls at once (or learns the login lacks the scope).
      if (settings.enabled && settings.state === 'off') settings.state = 'checking';
      this.followsOf(accountId).poll(account, this.state.paused);
      settleFollowLive(account);
    });
  }

  async setColorOptions(accountId: string, options: { mode?: ColorMode; palette?: string[]; paletteOrder?: PaletteOrder; minIntervalSec?: number }): Promise<void> {
    this.record('setColorOptions', accountId, options);
    const bad = options.palette?.find((color) => !/^(#[0-9a-f]{6}|[a-z_]+)$/i.test(color.trim()));
    if (bad !== undefined) throw new IpcFailure('invalid_request', `"${bad}" is not a Twitch color. Use a color name like sea_green or a hex code like #1E90FF`);
    // Like the real core: an account known to lack Turbo/Prime may not add a hex color it could never wear.
    const account = this.account(accountId);
    const newHex = options.palette?.find((color) => color.startsWith('#') && !account.color.palette.includes(color));
    if (account.prime === 'no' && newHex) throw new IpcFailure('invalid_request', `${newHex.toUpperCase()} is a hex color, which needs Turbo or Prime. Choose one of Twitch’s 15 named colors instead.`);
    this.changeAccount(accountId, (account) => {
      const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
      Object.assign(account.color, defined);
    });
  }

  async resetPrime(accountId: string): Promise<void> {
    this.record('resetPrime', accountId);
    this.changeAccount(accountId, (account) => {
      account.prime = 'unknown';
    });
  }

  async setHome(accountId: string, restore: boolean, color: string | null | undefined): Promise<void> {
    this.record('setHome', accountId, restore, color);
    this.changeAccount(accountId, (account) => {
      account.home.restore = restore;
      if (color !== undefined) account.home.color = color;
    });
  }

  async setColorNow(accountId: string, color: string): Promise<ColorEntry> {
    this.record('setColorNow', accountId, color);
    if (this.account(accountId).prime === 'no' && color.startsWith('#')) {
      throw new IpcFailure('invalid_request', `${color} is a hex color, which needs Turbo or Prime; use a color name instead`);
    }
    return this.changeColor(accountId, color);
  }

  /** A color change happened (at Twitch): the notification, then the snapshot. */
  changeColor(accountId: string, color: string, at = Date.now()): ColorEntry {
    const account = this.account(accountId);
    this.emit({ type: 'color:changed', payload: { accountId, login: account.login, color, at } });
    this.changeAccount(accountId, (target) => {
      target.currentColor = color;
      const rest = target.recentColors[0]?.color === color ? target.recentColors.slice(1) : target.recentColors;
      target.recentColors = [{ color, at }, ...rest].slice(0, 10);
    });
    return { color, at };
  }

  /** Like the desktop host's updater: a check starts at once; a restart needs a downloaded update. */
  async checkForUpdates(): Promise<void> {
    this.record('checkForUpdates');
    if (['unconfigured', 'unsupported', 'off'].includes(this.state.updates.state)) throw new IpcFailure('unsupported', 'Updates are off for this build');
    this.change((state) => {
      state.updates = { ...state.updates, state: 'checking', error: null };
    });
  }

  async restartToUpdate(): Promise<void> {
    this.record('restartToUpdate');
    if (this.state.updates.state !== 'ready') throw new IpcFailure('unsupported', 'No update is ready to install yet');
  }

  async importLegacy(contents: string): Promise<{ imported: string[]; updated: string[]; skipped: Array<{ login: string; reason: string }> }> {
    this.record('importLegacy', contents);
    let users: Array<{ username?: unknown; channels?: unknown }>;
    try {
      users = (JSON.parse(contents) as { users: typeof users }).users;
    } catch {
      throw new IpcFailure('invalid_request', 'This is not the old bot’s settings file: it is not JSON with a "users" list');
    }
    const imported: string[] = [];
    this.change((state) => {
      for (const user of users) {
        const login = String(user.username).toLowerCase();
        imported.push(login);
        state.accounts.push(accountOf({ login, displayName: String(user.username), state: 'starting', recentColors: [], currentColor: null, channels: [] }));
      }
    });
    return { imported, updated: [], skipped: [] };
  }
}
