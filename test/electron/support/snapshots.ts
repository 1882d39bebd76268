import type { AccountView, AppSnapshot, ChannelView } from '../../../src-core/ipc/snapshot.js';

/** Snapshots as the core sends them, for tests of what the shell shows. */
export function makeChannel(overrides: Partial<ChannelView> = {}): ChannelView {
  const subscription = overrides.subscription ?? 'live';
  const error = overrides.error ?? null;
  // The state the core derives from a plain subscription status, unless a test sets its own.
  const state = ({ live: 'listening', pending: 'connecting', off: 'off', error: 'error' } as const)[subscription];
  return { source: 'manual', followed: null, login: 'somechannel', id: '1001', enabled: true, subscription, error, state, reason: error, nextAttemptAt: null, ...overrides };
}

export function makeAccount(overrides: Partial<AccountView> = {}): AccountView {
  return {
    id: 'acc-1',
    login: 'alice',
    displayName: 'Alice',
    userId: '501',
    enabled: true,
    state: 'active',
    reason: null,
    reasonCode: null,
    reasonDetail: null,
    nextAttemptAt: null,
    prime: 'yes',
    currentColor: '#1E90FF',
    avatar: null,
    recentColors: [],
    color: { mode: 'random', palette: [], paletteOrder: 'random', minIntervalSec: 0 },
    home: { restore: false, color: null },
    channels: [makeChannel()],
    followLive: { enabled: false, max: 50, maxViewers: null, state: 'off', reason: null, reasonDetail: null, lastPollAt: null, nextPollAt: null, skipped: { overLimit: 0, overViewers: 0 }, switchedOff: 0 },
    ...overrides,
  };
}

/** While all is paused the core reports the account and its channels paused, with no reason of the account's own (17.4). */
const PAUSED_ACCOUNT: Partial<AccountView> = { state: 'paused', channels: [makeChannel({ state: 'paused', reason: 'All accounts are paused' })] };

export function makeSnapshot(overrides: Partial<AppSnapshot> = {}): AppSnapshot {
  return {
    version: '0.1.0-test',
    paused: false,
    settings: { clientId: 'abcdefghij0123456789klmnopqrst', builtInClientId: null, startOnBoot: false, startHidden: true, startOnBootSupported: true, checkForUpdates: true, startHiddenSupported: true, startOnBootStatus: { state: 'off', note: null } },
    updates: { state: 'unconfigured', version: null, percent: null, checkedAt: null, error: null },
    secrets: { encryptedAtRest: true, description: 'Logins are encrypted with your system keyring.' },
    paths: { dataDir: '/tmp/cc-data', logDir: '/tmp/cc-data/logs' },
    store: { writeError: null, recoveredCorruptFile: null, loadProblem: null },
    accounts: [makeAccount(overrides.paused ? PAUSED_ACCOUNT : {})],
    notices: [],
    ...overrides,
  };
}
