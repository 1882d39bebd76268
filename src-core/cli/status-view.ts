import type { AccountView, AppSnapshot, ChannelView } from '../ipc/snapshot.js';

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
      // Issue 18: "Live channels I follow" (settings and what it does); its channels carry source "followed-live".
      followLive: {
        enabled: account.followLive.enabled,
        max: account.followLive.max,
        maxViewers: account.followLive.maxViewers,
        state: running ? account.followLive.state : account.followLive.enabled ? 'stopped' : 'off',
        reason: running ? account.followLive.reason : null,
      },
      channels: account.channels.map((c) => ({
        source: c.source,
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

function channelLine(channel: ChannelView): string {
  const state = channel.state.replaceAll('_', ' ');
  const reason = channel.reason && channel.reason.toLowerCase() !== state ? ` (${channel.reason})` : '';
  return `  #${channel.login}: ${state}${reason}`;
}

function accountLines(account: AccountView, running: boolean): string[] {
  const state = running ? account.state : 'stopped';
  const reason = running && account.reason ? ` (${account.reason})` : '';
  const lines = [
    `${account.login}: ${state}${reason}; ${account.enabled ? 'enabled' : 'disabled'}; Turbo/Prime ${account.prime}; mode ${account.color.mode}${account.currentColor ? `; color ${account.currentColor}` : ''}`,
  ];
  for (const channel of account.channels.filter((c) => c.source === 'manual')) lines.push(channelLine(channel));
  const follow = account.followLive;
  if (follow.enabled) {
    const limits = `at most ${follow.max}${follow.maxViewers === null ? '' : `, up to ${follow.maxViewers} viewers`}`;
    const why = running && follow.reason ? `: ${follow.state.replaceAll('_', ' ')} (${follow.reason})` : '';
    lines.push(`  following live channels (${limits})${why}`);
    for (const channel of account.channels.filter((c) => c.source === 'followed-live')) lines.push(`  ${channelLine(channel)}`);
  }
  return lines;
}
