import type { AccountView, AppSnapshot } from '../ipc/snapshot.js';

/** The `status --json` contract (README): stable field names, more fields are fine. */
export function statusJson(snapshot: AppSnapshot, running: boolean): unknown {
  return {
    running,
    paused: snapshot.paused,
    store: snapshot.store,
    accounts: snapshot.accounts.map((account) => ({
      login: account.login,
      userId: account.userId,
      enabled: account.enabled,
      prime: account.prime,
      state: running ? account.state : 'stopped',
      reason: running ? account.reason : account.state === 'needs_login' ? 'Not running; log in first' : 'Not running',
      reasonCode: running ? account.reasonCode : account.state === 'needs_login' ? 'login_required' : 'not_running',
      currentColor: account.currentColor,
      channels: account.channels.map((c) => ({
        login: c.login,
        enabled: c.enabled,
        subscription: running ? c.subscription : 'off',
        error: c.error,
        // What is true for the user (issue 16): gone, banned, waiting for login, paused, ...
        state: c.state,
        reason: c.reason,
        nextAttemptAt: c.nextAttemptAt,
      })),
    })),
  };
}

export function statusText(snapshot: AppSnapshot, running: boolean): string {
  const lines = [`Twitch ColorChanger ${snapshot.version}: ${running ? 'running' : 'not running'}${snapshot.paused ? ', all accounts paused' : ''}`];
  if (snapshot.accounts.length === 0) lines.push('No accounts yet. Add one with: twitch-colorchanger login --client-id YOUR_CLIENT_ID');
  for (const account of snapshot.accounts) lines.push(...accountLines(account, running));
  if (snapshot.store.recoveredCorruptFile) lines.push(`Warning: an unreadable settings file was kept as ${snapshot.store.recoveredCorruptFile}`);
  if (snapshot.store.writeError) lines.push(`Warning: saving settings failed: ${snapshot.store.writeError}`);
  if (snapshot.store.loadProblem) lines.push(`Warning: ${snapshot.store.loadProblem}`);
  for (const notice of snapshot.notices) lines.push(`Notice: ${notice}`);
  return `${lines.join('\n')}\n`;
}

function accountLines(account: AccountView, running: boolean): string[] {
  const state = running ? account.state : 'stopped';
  const reason = running && account.reason ? ` (${account.reason})` : '';
  const lines = [
    `${account.login}: ${state}${reason}; ${account.enabled ? 'enabled' : 'disabled'}; Turbo/Prime ${account.prime}; mode ${account.color.mode}${account.currentColor ? `; color ${account.currentColor}` : ''}`,
  ];
  for (const channel of account.channels) {
    const state = channel.state.replaceAll('_', ' ');
    const reason = channel.reason && channel.reason.toLowerCase() !== state ? ` (${channel.reason})` : '';
    lines.push(`  #${channel.login}: ${state}${reason}`);
  }
  return lines;
}
