import type { AccountReasonCode, AccountState, AccountView, ChannelStateView, ChannelView, PrimeStatus, SubscriptionStatus } from '../src-core/ipc/snapshot.js';

/**
 * Twitch's 15 named colors (TWITCH.md §6), which every account may wear. The renderer
 * imports only types from src-core, so this is a copy; a test holds it equal to the core's.
 * Each is also a CSS color name once its underscore is gone.
 */
export const NAMED_COLORS = [
  'blue',
  'blue_violet',
  'cadet_blue',
  'chocolate',
  'coral',
  'dodger_blue',
  'firebrick',
  'golden_rod',
  'green',
  'hot_pink',
  'orange_red',
  'red',
  'sea_green',
  'spring_green',
  'yellow_green',
] as const;

/** A message as a sentence: it starts with a capital and ends with a period (or ? or !). */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?…][)”"’]?$/.test(capital) ? capital : `${capital}.`;
}

/**
 * The account's state as a badge says it. "Paused" means only the app-wide pause; one
 * account with its own switch off reads "Changes off" (issue 20), here and in the tray.
 */
export function stateLabel(account: Pick<AccountView, 'enabled' | 'state'>): string {
  if (!account.enabled && (account.state === 'paused' || account.state === 'active' || account.state === 'starting')) return 'Changes off';
  return STATE_LABEL[account.state];
}

export function stateTone(account: Pick<AccountView, 'enabled' | 'state'>): 'good' | 'busy' | 'warn' | 'bad' | 'idle' {
  return stateLabel(account) === 'Changes off' ? 'idle' : STATE_TONE[account.state];
}

/** What helps an account in its state: logging in again, retrying now, or nothing to press. */
export function reasonAction(account: Pick<AccountView, 'state' | 'reasonCode'>): 'login' | 'retry' | null {
  if (account.state === 'needs_login') return 'login';
  if (account.state === 'degraded') return 'retry';
  return codeAction(account.reasonCode);
}

function codeAction(code: AccountReasonCode | null): 'login' | 'retry' | null {
  switch (code) {
    case 'login_required':
    case 'login_expired':
    case 'login_revoked':
    case 'login_scope':
    case 'login_other_app':
    case 'login_secret':
    case 'login_unreadable':
      return 'login';
    case 'offline':
    case 'twitch_trouble':
    case 'rate_limited':
    case 'twitch_refused':
    case 'chat_silent':
    case 'chat_dropped':
    case 'unexpected':
      return 'retry';
    default:
      return null;
  }
}

/** Words for the account states (DESIGN.md state machine), as a badge shows them. */
export const STATE_LABEL: Readonly<Record<AccountState, string>> = {
  needs_login: 'Needs login',
  authorizing: 'Logging in',
  starting: 'Starting',
  active: 'Active',
  paused: 'Paused',
  degraded: 'Retrying',
  stopped: 'Stopped',
};

/** Badge tone: good (green), busy (blue), warn (amber), bad (red), idle (grey). */
export const STATE_TONE: Readonly<Record<AccountState, 'good' | 'busy' | 'warn' | 'bad' | 'idle'>> = {
  needs_login: 'bad',
  authorizing: 'busy',
  starting: 'busy',
  active: 'good',
  paused: 'idle',
  degraded: 'warn',
  stopped: 'idle',
};

/** What a channel row says for each state (17.4, 20.1): the account's condition in a few words, a channel's problem in its reason. */
export const CHANNEL_STATE_LABEL: Readonly<Record<ChannelStateView, string>> = {
  listening: 'Listening',
  connecting: 'Connecting…',
  off: 'Off',
  paused: 'Paused',
  changes_off: 'Changes off',
  waiting_for_login: 'Waiting for login',
  stopped: 'Not running',
  gone: 'No longer on Twitch',
  banned: 'Banned in this chat',
  unsupported: 'Needs an app update',
  revoked: 'Twitch stopped delivering this chat',
  error: 'Not listening',
};

/** How a row looks (the status dot and its color): working, on its way, idle, or needing the user. */
export const CHANNEL_STATE_LOOK: Readonly<Record<ChannelStateView, SubscriptionStatus>> = {
  listening: 'live',
  connecting: 'pending',
  off: 'off',
  paused: 'off',
  changes_off: 'off',
  waiting_for_login: 'off',
  stopped: 'off',
  gone: 'error',
  banned: 'error',
  unsupported: 'error',
  revoked: 'error',
  error: 'error',
};

/** States whose reason is the row's text: a channel's own problem, said once, where it is. */
const SAYS_REASON: ReadonlySet<ChannelStateView> = new Set(['gone', 'banned', 'unsupported', 'revoked', 'error']);

/**
 * The row's text: the state's words (the account's condition is said once, in its header,
 * so a paused account's rows just say "Paused"), or a channel problem's reason, and when the
 * next attempt is due.
 */
export function channelStatusText(channel: Pick<ChannelView, 'state' | 'reason' | 'nextAttemptAt'>, now: number): string {
  const words = SAYS_REASON.has(channel.state) && channel.reason ? channel.reason : CHANNEL_STATE_LABEL[channel.state];
  if (channel.nextAttemptAt === null) return words;
  const left = channel.nextAttemptAt - now;
  return left > 0 ? `${words} · next attempt in ${countdown(left)}` : `${words} · trying again now…`;
}

export const PRIME_LABEL: Readonly<Record<PrimeStatus, string>> = {
  unknown: 'Not known yet. The next color change tries a hex color to find out.',
  yes: 'Yes. Any hex color can be used.',
  no: 'No. Only Twitch’s 15 named colors can be used.',
};

const HEX = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i;
const NAME = /^[a-z][a-z _-]{1,30}$/i;

/**
 * A value usable in CSS for a color the core reports: hex as is, Helix names
 * ("sea_green") as their CSS names ("seagreen"; every Twitch name is one). Anything else
 * yields null so a swatch shows as empty instead of inheriting a stray value.
 */
export function cssColor(color: string | null): string | null {
  if (!color) return null;
  const text = color.trim();
  const hex = HEX.exec(text)?.[1];
  if (hex) return `#${hex}`;
  if (NAME.test(text)) return text.replace(/[\s_-]+/g, '').toLowerCase();
  return null;
}

/** "sea_green" -> "Sea green"; hex in upper case. */
export function colorLabel(color: string): string {
  const text = color.trim();
  if (HEX.test(text)) return (text.startsWith('#') ? text : `#${text}`).toUpperCase();
  const words = text.replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "2 minutes ago" style, coarse on purpose: history is for glancing, not auditing. */
export function timeAgo(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 10) return 'just now';
  if (seconds < 60) return `${seconds} seconds ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return minutes === 1 ? '1 minute ago' : `${minutes} minutes ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return hours === 1 ? '1 hour ago' : `${hours} hours ago`;
  const days = Math.round(hours / 24);
  return days === 1 ? 'yesterday' : `${days} days ago`;
}

/** Milliseconds left -> "4:05" (or "1:02:03"). Never negative. */
export function countdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** Same rule as the contract's `settings:set-client-id` schema, checked before sending. */
export function clientIdProblem(input: string): string | null {
  const text = input.trim();
  if (!text) return 'Paste the Client ID of your Twitch application.';
  if (/\s/.test(text)) return 'A client ID has no spaces.';
  if (!/^[a-z0-9]+$/i.test(text)) return 'A client ID has only letters and digits. Copy it again from the Twitch console.';
  if (text.length < 20 || text.length > 40) return `A Twitch client ID is about 30 letters and digits; this one has ${text.length}.`;
  return null;
}

/** What a user types as a channel: "#Name", "twitch.tv/name" or "name" -> "name". */
export function channelLoginOf(input: string): string {
  return input
    .trim()
    .replace(/^https?:\/\/(www\.)?twitch\.tv\//i, '')
    .replace(/^#/, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
}
