import { REASON_TEXT } from '../../src-core/accounts/account-reasons.js';
import type { AccountView } from '../../src-core/ipc/snapshot.js';

/**
 * What the real core reports for "Pause all", an account's own switch and a dead login
 * (src-core/accounts/account-status.ts and channel-status.ts), for the test cores that
 * write snapshots by hand (test/core/ipc/fake-core.ts, test/renderer/support/scripted-core.ts):
 * - the pause is the app's, said once: accounts `paused` with no reason of their own;
 * - one account's switch off: `paused` with the reason `changes_off`;
 * - channels follow the account: `paused`, `changes_off` (still subscribed, so `cce` is
 *   heard) or `waiting_for_login` (nothing subscribed); a switched-off channel is `off`.
 * States a test set on purpose (starting, degraded, ...) are left as they are.
 */
export function settleAccount(account: AccountView, appPaused: boolean): void {
  if (account.state === 'active' || account.state === 'paused') {
    const changesOff = !account.enabled && !appPaused;
    Object.assign(account, {
      state: appPaused || !account.enabled ? 'paused' : 'active',
      reason: changesOff ? REASON_TEXT.changes_off : null,
      reasonCode: changesOff ? 'changes_off' : null,
      reasonDetail: null,
    });
  }
  const working = account.state === 'active' || account.state === 'paused';
  for (const channel of account.channels) {
    if (!channel.enabled) Object.assign(channel, { state: 'off', subscription: 'off', reason: null, nextAttemptAt: null });
    else if (account.state === 'needs_login') Object.assign(channel, { state: 'waiting_for_login', subscription: 'off', reason: 'Waiting for login', nextAttemptAt: null });
    else if (!working) continue;
    else if (appPaused) Object.assign(channel, { state: 'paused', subscription: 'live', reason: 'All accounts are paused' });
    else if (!account.enabled) Object.assign(channel, { state: 'changes_off', subscription: 'live', reason: 'Color changes are off for this account' });
    else Object.assign(channel, { state: 'listening', subscription: 'live', reason: null });
  }
}
