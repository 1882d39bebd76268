import type { AccountState, AccountView, AppSnapshot } from '../../src-core/ipc/snapshot.js';
import { PRODUCT_NAME } from '../app-identity.js';

/**
 * What the tray icon and tooltip say, as pure functions of the snapshot. "Attention" wins
 * over everything: an account that needs a login or keeps failing is what the user must
 * see first. Disabled accounts are the user's choice and never ask for attention.
 */
export type TrayIconState = 'active' | 'paused' | 'attention';

const WORKING: ReadonlySet<AccountState> = new Set(['active', 'starting', 'authorizing']);

/**
 * The account's state in one or two words, as the window's badge says it (renderer/format.ts
 * stateLabel; test/electron/tray/tray-words.test.ts holds them equal). "Changes off" is one
 * account's own switch while nothing else is wrong; "paused" only ever the app-wide pause.
 */
export function accountWord(account: Pick<AccountView, 'enabled' | 'state'>): string {
  if (!account.enabled && CHANGES_OFF_STATES.has(account.state)) return 'changes off';
  return STATE_WORD[account.state];
}

/** The states in which a switched-off account has nothing else to say than that it is off. */
const CHANGES_OFF_STATES: ReadonlySet<AccountState> = new Set(['paused', 'active', 'starting']);

export function needsAttention(account: AccountView): boolean {
  return account.enabled && (account.state === 'needs_login' || account.state === 'degraded');
}

export function trayIconState(snapshot: AppSnapshot): TrayIconState {
  if (snapshot.accounts.some(needsAttention)) return 'attention';
  if (snapshot.paused) return 'paused';
  return snapshot.accounts.some((account) => account.enabled && WORKING.has(account.state)) ? 'active' : 'paused';
}

/** Windows cuts tray tooltips at 127 characters. */
const MAX_TOOLTIP = 127;

export function traySummary(snapshot: AppSnapshot): string {
  return truncate(`${PRODUCT_NAME}: ${summaryText(snapshot)}`, MAX_TOOLTIP);
}

function summaryText(snapshot: AppSnapshot): string {
  const { accounts } = snapshot;
  if (accounts.length === 0) return 'no account yet; open it to log in';
  const counts = new Map<string, number>();
  const bump = (key: string): void => {
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  for (const account of accounts) bump(accountWord(account));
  // While all is paused, "1 paused" would only repeat it; what else is true still counts.
  if (snapshot.paused) counts.delete(STATE_WORD.paused);
  const parts = [...counts].map(([word, count]) => `${count} ${word}`);
  if (!snapshot.paused) return parts.join(', ');
  return parts.length > 0 ? `all paused (${parts.join(', ')})` : 'all paused';
}

/** Short words for states and counts ("2 active, 1 needs login"). */
const STATE_WORD: Readonly<Record<AccountState, string>> = {
  needs_login: 'needs login',
  authorizing: 'logging in',
  starting: 'starting',
  active: 'active',
  paused: 'paused',
  degraded: 'retrying',
  stopped: 'stopped',
};

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
