import type { AccountState, AccountView, AppSnapshot } from '../../src-core/ipc/snapshot.js';
import { PRODUCT_NAME } from '../app-identity.js';

/**
 * What the tray icon and tooltip say, as pure functions of the snapshot. "Attention" wins
 * over everything: an account that needs a login or keeps failing is what the user must
 * see first. Disabled accounts are the user's choice and never ask for attention.
 */
export type TrayIconState = 'active' | 'paused' | 'attention';

const WORKING: ReadonlySet<AccountState> = new Set(['active', 'starting', 'authorizing']);

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
  for (const account of accounts) bump(account.enabled ? STATE_WORD[account.state] : 'changes off');
  const parts = [...counts].map(([word, count]) => `${count} ${word}`);
  return snapshot.paused ? `all paused (${parts.join(', ')})` : parts.join(', ');
}

/** Short words for counts ("2 active, 1 needs login"). */
const STATE_WORD: Record<AccountState, string> = {
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
