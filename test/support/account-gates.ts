import { REASON_TEXT } from '../../src-core/accounts/account-reasons.js';
import { FOLLOW_PAUSED } from '../../src-core/accounts/followed-live.js';
import type { AccountView, ChannelView } from '../../src-core/ipc/snapshot.js';

/**
 * What the real core reports for "Pause all", an account's own switch and a dead login
 * (src-core/accounts/account-status.ts and channel-status.ts), for the test cores that
 * write snapshots by hand (test/core/ipc/fake-core.ts, test/renderer/support/scripted-core.ts):
 * - the pause is the app's, said once: accounts `paused` with no reason of their own;
 * - one account's switch off: `paused` with the reason `changes_off`;
 * - channels follow the account: `paused`, `changes_off` (still subscribed, so `cce` is
 *   heard) or `waiting_for_login` (nothing subscribed); a switched-off channel is `off`;
 * - "Live channels I follow" (followed-live.ts, account-runtime.ts followLive()): off drops
 *   the followed channels; a dead login stops it (`stopped`, no followed channels shown); a
 *   pause (the app's or the account's own) is `paused`, keeping what it listens in.
 * States a test set on purpose (starting, degraded, checking, retrying, ...) are left as they are.
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
  settleFollowLive(account);
  for (const channel of account.channels) settleChannel(account, channel, appPaused);
}

/** One channel as the core reports it for its account's state (see settleAccount). */
export function settleChannel(account: AccountView, channel: ChannelView, appPaused: boolean): void {
  const working = account.state === 'active' || account.state === 'paused';
  if (!channel.enabled) Object.assign(channel, { state: 'off', subscription: 'off', reason: null, nextAttemptAt: null });
  else if (account.state === 'needs_login') Object.assign(channel, { state: 'waiting_for_login', subscription: 'off', reason: 'Waiting for login', nextAttemptAt: null });
  else if (!working) return;
  else if (appPaused) Object.assign(channel, { state: 'paused', subscription: 'live', reason: 'All accounts are paused' });
  else if (!account.enabled) Object.assign(channel, { state: 'changes_off', subscription: 'live', reason: 'Color changes are off for this account' });
  else Object.assign(channel, { state: 'listening', subscription: 'live', reason: null });
}

/** "Live channels I follow" as the core reports it for its account's state (see settleAccount). */
export function settleFollowLive(account: AccountView): void {
  const follow = account.followLive;
  const dropFollowed = (): void => {
    account.channels = account.channels.filter((channel) => channel.source === 'manual');
  };
  if (!follow.enabled) {
    Object.assign(follow, { state: 'off', reason: null, reasonDetail: null, nextPollAt: null, skipped: { overLimit: 0, overViewers: 0 } });
    dropFollowed();
  } else if (account.state === 'needs_login') {
    Object.assign(follow, { state: 'stopped', reason: 'Waiting for login', reasonDetail: null, nextPollAt: null });
    dropFollowed();
  } else if (follow.state === 'needs_login') {
    // The login lacks user:read:follows: nothing is polled, nothing found.
    dropFollowed();
  } else if ((follow.state === 'active' || follow.state === 'paused' || follow.state === 'checking') && account.state === 'paused') {
    Object.assign(follow, { state: 'paused', reason: FOLLOW_PAUSED, reasonDetail: null, nextPollAt: null });
  } else if (follow.state === 'paused' && account.state === 'active') {
    Object.assign(follow, { state: 'active', reason: null, reasonDetail: null });
  }
}
