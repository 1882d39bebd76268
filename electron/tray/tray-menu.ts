import type { CommandName, CommandRequest } from '../../src-core/ipc/contract.js';
import type { AccountView, AppSnapshot, ChannelStateView, ChannelView } from '../../src-core/ipc/snapshot.js';
import { accountWord, traySummary, truncate } from './tray-status.js';

/**
 * The tray's context menu as data: a pure function of the snapshot and the real
 * auto-start state. On Linux this menu is the primary UI (clicks on the icon are often
 * not delivered), so it carries every everyday action. Commands go through the same
 * contract as the window's, so the tray cannot do anything the UI could not.
 */
type TrayCommandName = Extract<CommandName, 'app:set-paused' | 'accounts:set-enabled' | 'channels:set-enabled' | 'settings:update' | 'updates:restart'>;

export type TrayCommand = { [N in TrayCommandName]: { kind: 'command'; command: N; request: CommandRequest<N> } }[TrayCommandName];

export type TrayAction = TrayCommand | { kind: 'show-window' } | { kind: 'login' } | { kind: 'quit' };

export type TrayMenuItem =
  | { type: 'separator'; id: string }
  | { type: 'normal'; id: string; label: string; enabled: boolean; action: TrayAction | null }
  | { type: 'checkbox'; id: string; label: string; checked: boolean; enabled: boolean; action: TrayAction }
  | { type: 'submenu'; id: string; label: string; submenu: TrayMenuItem[] };

const MAX_LINE = 80;
const MAX_NOTE = 160;

export function buildTrayMenu(snapshot: AppSnapshot): TrayMenuItem[] {
  const items: TrayMenuItem[] = [
    { type: 'normal', id: 'summary', label: label(traySummary(snapshot)), enabled: false, action: null },
    { type: 'separator', id: 'sep-summary' },
    ...updateItems(snapshot),
    snapshot.paused
      ? { type: 'normal', id: 'pause-all', label: 'Resume all', enabled: true, action: command('app:set-paused', { paused: false }) }
      : { type: 'normal', id: 'pause-all', label: 'Pause all', enabled: true, action: command('app:set-paused', { paused: true }) },
    { type: 'separator', id: 'sep-accounts' },
  ];
  if (snapshot.accounts.length === 0) {
    items.push({ type: 'normal', id: 'add-account', label: 'Add account…', enabled: true, action: { kind: 'login' } });
  }
  for (const account of snapshot.accounts) items.push(accountSubmenu(account));
  items.push(
    { type: 'separator', id: 'sep-app' },
    { type: 'normal', id: 'open-window', label: 'Open Twitch ColorChanger', enabled: true, action: { kind: 'show-window' } },
  );
  items.push(...startOnBootItems(snapshot));
  items.push({ type: 'separator', id: 'sep-quit' }, { type: 'normal', id: 'quit', label: 'Quit', enabled: true, action: { kind: 'quit' } });
  return items;
}

/**
 * Start on boot as the system reports it (the snapshot's status, read back), left out
 * where this run cannot offer it. Waiting for the user's approval (macOS Login Items,
 * Windows Task Manager) is shown as such, with how to give it, not as an unchecked box.
 */
function startOnBootItems(snapshot: AppSnapshot): TrayMenuItem[] {
  const boot = snapshot.settings.startOnBootStatus;
  if (!boot || boot.state === 'unavailable') return [];
  const registered = boot.state !== 'off';
  const waiting = boot.state === 'needs-approval';
  const items: TrayMenuItem[] = [
    {
      type: 'checkbox',
      id: 'start-on-boot',
      label: waiting ? 'Start on boot (waiting for your approval)' : 'Start on boot',
      checked: registered,
      enabled: true,
      action: command('settings:update', { startOnBoot: !registered }),
    },
  ];
  if (waiting && boot.note) items.push({ type: 'normal', id: 'start-on-boot-note', label: label(boot.note, MAX_NOTE), enabled: false, action: null });
  return items;
}

/** A downloaded update: installed at the next quit anyway, or now from here. */
function updateItems(snapshot: AppSnapshot): TrayMenuItem[] {
  const { state, version } = snapshot.updates;
  if (state !== 'ready' || version === null) return [];
  return [
    { type: 'normal', id: 'restart-to-update', label: label(`Restart to update to v${version}`), enabled: true, action: command('updates:restart', {}) },
    { type: 'separator', id: 'sep-update' },
  ];
}

function accountSubmenu(account: AccountView): TrayMenuItem {
  const id = `account:${account.id}`;
  const submenu: TrayMenuItem[] = [{ type: 'normal', id: `${id}:state`, label: label(accountStateLine(account)), enabled: false, action: null }];
  if (account.state === 'needs_login') {
    submenu.push({ type: 'normal', id: `${id}:login`, label: 'Log in again…', enabled: true, action: { kind: 'login' } });
  }
  submenu.push(
    { type: 'separator', id: `${id}:sep-enabled` },
    {
      type: 'checkbox',
      id: `${id}:enabled`,
      // The window's switch says the same; "Paused" is only ever the app-wide pause.
      label: 'Change colors',
      checked: account.enabled,
      enabled: true,
      action: command('accounts:set-enabled', { accountId: account.id, enabled: !account.enabled }),
    },
    { type: 'separator', id: `${id}:sep-channels` },
  );
  const manual = account.channels.filter((c) => c.source === 'manual');
  if (manual.length === 0) {
    submenu.push({ type: 'normal', id: `${id}:no-channels`, label: 'No channels yet', enabled: false, action: null });
  }
  for (const channel of manual) submenu.push(channelItem(account, channel));
  submenu.push(...followedItems(account));
  return { type: 'submenu', id, label: label(`${account.displayName} (${accountWord(account)})`), submenu };
}

/**
 * What a channel item adds to its name: nothing when it listens (the check mark says it) or
 * is off (no check mark); else the state the core derived, true for the user (issue 16).
 */
const CHANNEL_WORDS: Readonly<Record<ChannelStateView, string | null>> = {
  listening: null,
  off: null,
  connecting: 'connecting…',
  paused: 'paused',
  changes_off: 'changes off',
  waiting_for_login: 'waiting for login',
  stopped: 'not running',
  gone: 'no longer on Twitch',
  banned: 'banned in this chat',
  unsupported: 'needs an app update',
  // The reason says what Twitch did ("Twitch stopped delivering this chat (…)").
  revoked: null,
  error: null,
};

export function channelItemLabel(channel: ChannelView): string {
  const words = CHANNEL_WORDS[channel.state] ?? (channel.state === 'revoked' || channel.state === 'error' ? (channel.reason ?? 'not listening') : null);
  return words ? `#${channel.login} (${words})` : `#${channel.login}`;
}

function channelItem(account: AccountView, channel: ChannelView): TrayMenuItem {
  return {
    type: 'checkbox',
    id: `account:${account.id}:channel:${channel.login}`,
    label: label(channelItemLabel(channel)),
    checked: channel.enabled,
    enabled: true,
    action: command('channels:set-enabled', { accountId: account.id, login: channel.login, enabled: !channel.enabled }),
  };
}

/**
 * "Live channels I follow" (issue 18): its channels under their own heading, switched like
 * the others (off is remembered by the core), or why there are none when it cannot work.
 */
function followedItems(account: AccountView): TrayMenuItem[] {
  const follow = account.followLive;
  if (!follow.enabled) return [];
  const id = `account:${account.id}`;
  const followed = account.channels.filter((c) => c.source === 'followed-live');
  const items: TrayMenuItem[] = [{ type: 'normal', id: `${id}:following`, label: 'Following, live now', enabled: false, action: null }];
  if (follow.state === 'needs_login') {
    items.push({ type: 'normal', id: `${id}:following-login`, label: label(`${follow.reason ?? 'Log in again'}…`), enabled: true, action: { kind: 'login' } });
  } else if (followed.length === 0) {
    items.push({ type: 'normal', id: `${id}:following-none`, label: label(follow.reason ?? 'No followed channel is live'), enabled: false, action: null });
  }
  for (const channel of followed) items.push(channelItem(account, channel));
  return items;
}

/** The account's state in words a user can act on, with the core's reason when it has one. */
export function accountStateLine(account: AccountView): string {
  if (accountWord(account) === 'changes off') return 'Changes off: colors are not changed for this account';
  const reason = account.reason ? `: ${account.reason}` : '';
  switch (account.state) {
    case 'needs_login':
      return `Needs login${reason || ': log in again to continue'}`;
    case 'authorizing':
      return 'Logging in…';
    case 'starting':
      return 'Starting…';
    case 'active':
      return account.currentColor ? `Active, color ${account.currentColor}` : 'Active';
    case 'paused':
      return `Paused${reason}`;
    case 'degraded':
      return `Retrying automatically${reason}`;
    case 'stopped':
      return `Stopped${reason}`;
  }
}

function command<N extends TrayCommandName>(name: N, request: CommandRequest<N>): TrayAction {
  return { kind: 'command', command: name, request } as TrayCommand;
}

/** Menus on Windows and Linux read `&` as a mnemonic marker; user text must not. */
function label(text: string, max = MAX_LINE): string {
  return truncate(text.replace(/\s+/g, ' '), max).replace(/&/g, '&&');
}
