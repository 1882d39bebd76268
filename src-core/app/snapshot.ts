import type { AccountRuntime } from '../accounts/account-runtime.js';
import type { AccountState, AccountStatus } from '../accounts/account-status.js';
import { storedChannelStatuses, type ChannelState, type ChannelStatus } from '../accounts/channel-status.js';
import type { AccountStateView, AccountView, AppSnapshot, ChannelStateView, ChannelView } from '../ipc/snapshot.js';
import type { SecretBox } from '../store/secret-box.js';
import type { Snapshot, StateStore } from '../store/state-store.js';

export interface SnapshotSources {
  state: Snapshot;
  runtime(accountId: string): AccountRuntime | undefined;
  /** False in the offline CLI: accounts then show `stopped`. */
  running: boolean;
  version: string;
  paths: { dataDir: string; logDir: string };
  box: SecretBox;
  store: StateStore;
  startOnBootSupported: boolean;
}

/**
 * The view every UI renders: desired state from the store joined with what each runtime
 * reports. Built from public fields only: no token, refresh token or client secret (R34).
 */
export function buildSnapshot(sources: SnapshotSources): AppSnapshot {
  const { state, store } = sources;
  const report = store.loadReport;
  const accounts = accountViews(sources);
  return {
    version: sources.version,
    paused: state.settings.pauseAll,
    settings: {
      clientId: state.settings.clientId ?? null,
      startOnBoot: state.settings.startOnBoot,
      startHidden: state.settings.startHidden,
      startOnBootSupported: sources.startOnBootSupported,
    },
    secrets: { encryptedAtRest: sources.box.encryptedAtRest, description: sources.box.description },
    paths: sources.paths,
    store: {
      writeError: store.status.lastError?.message ?? null,
      recoveredCorruptFile: report?.outcome === 'recovered' ? report.movedTo : null,
      loadProblem: report?.outcome === 'damaged' ? `${report.message}; it was left as it is (run the app or \`run\` to set it aside)` : null,
    },
    accounts,
    // version_removed: one notice for the app, whichever channels said it.
    notices: [...new Set(accounts.flatMap((a) => a.channels.flatMap((c) => (c.state === 'unsupported' && c.reason ? [c.reason] : []))))],
  };
}

function accountViews(sources: SnapshotSources): AccountView[] {
  const { state } = sources;
  return state.accounts.map((account): AccountView => {
    const runtime = sources.running ? sources.runtime(account.id) : undefined;
    const status: AccountStatus = runtime?.status() ?? {
      state: account.tokens ? 'stopped' : 'needs_login',
      reason: account.tokens ? 'Not running' : 'Log in with Twitch to start',
      nextAttemptAt: null,
    };
    return {
      id: account.id,
      login: account.login,
      displayName: account.displayName ?? account.login,
      userId: account.userId ?? null,
      enabled: account.enabled,
      state: ACCOUNT_STATE_VIEW[status.state],
      reason: status.reason,
      nextAttemptAt: status.nextAttemptAt,
      prime: account.prime,
      currentColor: runtime?.currentColor ?? account.recentColors[0]?.color ?? null,
      recentColors: account.recentColors.map((entry) => ({ color: entry.color, at: entry.at })),
      color: {
        mode: account.color.mode,
        palette: [...account.color.palette],
        paletteOrder: account.color.paletteOrder,
        minIntervalSec: account.color.minIntervalSec,
      },
      home: { restore: account.home.restore, color: account.home.color ?? null },
      channels: (runtime?.channels() ?? storedChannelStatuses(account)).map(channelView),
    };
  });
}

/** The core's account states as the contract names them (a new core state is a compile error here). */
const ACCOUNT_STATE_VIEW: Readonly<Record<AccountState, AccountStateView>> = {
  needs_login: 'needs_login',
  authorizing: 'authorizing',
  starting: 'starting',
  active: 'active',
  paused: 'paused',
  degraded: 'degraded',
  stopped: 'stopped',
};

function channelView(channel: ChannelStatus): ChannelView {
  return {
    login: channel.login,
    id: channel.id ?? null,
    enabled: channel.enabled,
    subscription: channel.subscription,
    error: channel.subscription === 'error' ? (channel.reason ?? 'Not listening') : null,
    state: CHANNEL_STATE_VIEW[channel.state],
    reason: channel.reason ?? null,
    nextAttemptAt: channel.nextAttemptAt ?? null,
  };
}

/** The core's channel states as the contract names them. */
const CHANNEL_STATE_VIEW: Readonly<Record<ChannelState, ChannelStateView>> = {
  listening: 'listening',
  connecting: 'connecting',
  off: 'off',
  paused: 'paused',
  changes_off: 'changes_off',
  waiting_for_login: 'waiting_for_login',
  stopped: 'stopped',
  gone: 'gone',
  banned: 'banned',
  unsupported: 'unsupported',
  revoked: 'revoked',
  error: 'error',
};
