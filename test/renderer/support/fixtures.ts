import type { AccountView, AppSnapshot, ChannelView } from '../../../src-core/ipc/snapshot.js';

/** Snapshots for the renderer tests: realistic values, overridable per test. */
export function snapshotOf(overrides: Partial<AppSnapshot> = {}): AppSnapshot {
  return {
    version: '0.1.0',
    paused: false,
    settings: { clientId: 'gp762nuuoqcoxypju8c569th9wz7q5', builtInClientId: null, startOnBoot: true, startHidden: false, startOnBootSupported: true, checkForUpdates: true, startHiddenSupported: true },
    updates: { state: 'unconfigured', version: null, percent: null, checkedAt: null, error: null },
    secrets: { encryptedAtRest: true, description: 'Tokens are encrypted with the system keyring (libsecret) before they are written to disk.' },
    paths: { dataDir: '/home/ada/.config/twitch-colorchanger', logDir: '/home/ada/.config/twitch-colorchanger/logs' },
    store: { writeError: null, recoveredCorruptFile: null, loadProblem: null },
    accounts: [],
    notices: [],
    ...overrides,
  };
}

const MINUTE = 60_000;

export function accountOf(overrides: Partial<AccountView> = {}, now = Date.now()): AccountView {
  const login = overrides.login ?? 'ada_lovelace';
  return {
    id: `acc-${login}`,
    login,
    displayName: 'Ada_Lovelace',
    userId: '141981764',
    enabled: true,
    state: 'active',
    reason: null,
    reasonCode: null,
    reasonDetail: null,
    nextAttemptAt: null,
    prime: 'yes',
    // As the core reports them: what was set, a named color by its name.
    currentColor: 'dodger_blue',
    avatar: null,
    recentColors: [
      { color: 'dodger_blue', at: now - 1 * MINUTE },
      { color: '#FF7F40', at: now - 4 * MINUTE },
      { color: 'sea_green', at: now - 9 * MINUTE },
      { color: '#9146FF', at: now - 15 * MINUTE },
      { color: 'golden_rod', at: now - 40 * MINUTE },
      { color: 'hot_pink', at: now - 70 * MINUTE },
      { color: '#00C8AA', at: now - 3 * 60 * MINUTE },
    ],
    color: { mode: 'random', palette: [], paletteOrder: 'random', minIntervalSec: 0 },
    home: { restore: false, color: null },
    channels: [channelOf('ada_lovelace'), channelOf('babbage_streams'), channelOf('analytical_engine', { enabled: false, subscription: 'off' })],
    followLive: followLiveOf(),
    ...overrides,
  };
}

export function channelOf(login: string, overrides: Partial<ChannelView> = {}): ChannelView {
  const subscription = overrides.subscription ?? 'live';
  const error = overrides.error ?? null;
  // The state the core derives from a plain subscription status, unless a test sets its own.
  const state = ({ live: 'listening', pending: 'connecting', off: 'off', error: 'error' } as const)[subscription];
  return { source: 'manual', followed: null, login, id: String(100000 + login.length), enabled: true, subscription, error, state, reason: error, nextAttemptAt: null, ...overrides };
}

/** "Live channels I follow" as the core reports it (off unless a test says otherwise). */
export function followLiveOf(overrides: Partial<AccountView['followLive']> = {}): AccountView['followLive'] {
  return { enabled: false, max: 50, maxViewers: null, state: 'off', reason: null, reasonDetail: null, lastPollAt: null, nextPollAt: null, skipped: { overLimit: 0, overViewers: 0 }, switchedOff: 0, ...overrides };
}
