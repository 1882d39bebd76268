import type { AccountRuntime } from '../accounts/account-runtime.js';
import { accountStatus, type AccountState, type AccountStatus } from '../accounts/account-status.js';
import { storedChannelStatuses, type ChannelState, type ChannelStatus } from '../accounts/channel-status.js';
import { displayColor } from '../color/color-value.js';
import type { AccountStateView, AccountView, AppSnapshot, ChannelStateView, ChannelView, FollowLiveView, StartOnBootStatus, UpdateStatus } from '../ipc/snapshot.js';
import type { DeepReadonly } from '../store/deep-freeze.js';
import type { PersistedAccount } from '../store/schema.js';
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
  builtInClientId: string | null;
  updates: UpdateStatus;
  startOnBootStatus: StartOnBootStatus | undefined;
  startHiddenSupported: boolean;
  /** The page-relative path of a user's cached profile picture, or null. */
  avatar(userId: string | undefined): string | null;
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
      builtInClientId: sources.builtInClientId,
      startOnBoot: state.settings.startOnBoot,
      startHidden: state.settings.startHidden,
      startOnBootSupported: sources.startOnBootSupported && sources.startOnBootStatus?.state !== 'unavailable',
      ...(sources.startOnBootStatus ? { startOnBootStatus: { ...sources.startOnBootStatus } } : {}),
      checkForUpdates: state.settings.checkForUpdates,
      startHiddenSupported: sources.startHiddenSupported,
    },
    updates: sources.updates,
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
    const status: AccountStatus =
      runtime?.status() ?? (account.tokens ? accountStatus('stopped', { code: 'not_running' }) : accountStatus('needs_login', { code: 'login_required' }));
    return {
      id: account.id,
      login: account.login,
      displayName: account.displayName ?? account.login,
      userId: account.userId ?? null,
      enabled: account.enabled,
      state: ACCOUNT_STATE_VIEW[status.state],
      reason: status.reason,
      reasonCode: status.reasonCode,
      reasonDetail: status.reasonDetail,
      nextAttemptAt: status.nextAttemptAt,
      prime: account.prime,
      currentColor: shown(runtime?.currentColor ?? account.recentColors[0]?.color),
      avatar: sources.avatar(account.userId),
      recentColors: account.recentColors.map((entry) => ({ color: displayColor(entry.color), at: entry.at })),
      color: {
        mode: account.color.mode,
        palette: account.color.palette.map(displayColor),
        paletteOrder: account.color.paletteOrder,
        minIntervalSec: account.color.minIntervalSec,
      },
      home: { restore: account.home.restore, color: shown(account.home.color) },
      channels: (runtime?.channels() ?? storedChannelStatuses(account)).map(channelView),
      followLive: followLiveView(account, runtime),
    };
  });
}

/** A remembered color as the UI shows it (a name when it is one of the named colors). */
function shown(color: string | undefined): string | null {
  return color ? displayColor(color) : null;
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

function followLiveView(account: DeepReadonly<PersistedAccount>, runtime: AccountRuntime | undefined): FollowLiveView {
  const settings = account.followLive;
  const status = runtime?.followLive() ?? {
    state: settings.enabled ? ('stopped' as const) : ('off' as const),
    reason: settings.enabled ? 'Not running' : null,
    reasonDetail: null,
    lastPollAt: null,
    nextPollAt: null,
    skipped: { overLimit: 0, overViewers: 0 },
  };
  return { enabled: settings.enabled, max: settings.max, maxViewers: settings.maxViewers ?? null, ...status, switchedOff: settings.off.length };
}

function channelView(channel: ChannelStatus): ChannelView {
  const followed = channel.followed;
  return {
    source: channel.source,
    followed: followed
      ? { displayName: followed.displayName, viewers: followed.viewers, liveSince: followed.liveSince ?? null, offlineSince: followed.offlineSince ?? null, leavesAt: followed.leavesAt ?? null }
      : null,
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
