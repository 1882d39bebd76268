import type { DeepReadonly } from '../store/deep-freeze.js';
import type { PersistedAccount, PersistedChannel } from '../store/schema.js';
import { CHANNEL_POLICIES, type ChannelProblemState, type RetryPolicy } from '../twitch/eventsub/channel-policy.js';
import type { ChannelSubscriptionStatus } from '../twitch/eventsub/client.js';
import type { ChannelProblem } from './channel-resolver.js';
import { OFFLINE_GRACE_MS } from './followed-live.js';
import type { FollowedChannel } from './followed-selection.js';

/**
 * What a channel row says: one state, true for the user, with its reason. The account's
 * own condition wins where it decides (a dead login, a stopped app); a channel's permanent
 * problem (gone, banned, retired) stays visible through a pause, since it needs the user.
 */
export type ChannelState =
  | 'listening'
  | 'connecting'
  /** The user switched the channel off. */
  | 'off'
  /** "Pause all" is on. */
  | 'paused'
  /** The account's own switch ("Change colors") is off. */
  | 'changes_off'
  | 'waiting_for_login'
  /** No runtime serves the account (the offline CLI, the app not running). */
  | 'stopped'
  /** gone, banned, unsupported, revoked, error: from the policy table (channel-policy.ts). */
  | ChannelProblemState;

/** Whether a channel's chat is read at Twitch right now (the fact, whatever the state says). */
export type ChannelSubscription = 'live' | 'pending' | 'off' | 'error';

/** Where a channel comes from: listed by hand, or "Live channels I follow" (issue 18). */
export type ChannelSource = 'manual' | 'followed-live';

/** What the group "Following, live now" shows of a followed channel. */
export interface FollowedDetail {
  displayName: string;
  viewers: number;
  /** When its stream started (epoch ms), if known. */
  liveSince: number | undefined;
  /** When a poll found it offline; it is let go at `leavesAt` unless it comes back. */
  offlineSince: number | undefined;
  leavesAt: number | undefined;
}

/** One channel of an account as the core sees it (the IPC layer maps it to its view). */
export interface ChannelStatus {
  source: ChannelSource;
  /** For `followed-live`: the stream behind it. */
  followed: FollowedDetail | undefined;
  login: string;
  /** Twitch's broadcaster id, once known. */
  id: string | undefined;
  enabled: boolean;
  state: ChannelState;
  /** Why, in words; undefined when listening or off. */
  reason: string | undefined;
  /** When the next attempt is due (epoch ms), if one is scheduled. */
  nextAttemptAt: number | undefined;
  subscription: ChannelSubscription;
}

/** The account's condition as it bears on every channel; undefined while it works. */
export type AccountGate = { state: 'waiting_for_login' | 'stopped' | 'paused' | 'changes_off'; reason: string } | undefined;

export interface ChannelFacts {
  gate: AccountGate;
  /** Lookup problems by login. */
  problems: ReadonlyMap<string, ChannelProblem>;
  /** The EventSub client's statuses, when it runs. */
  subscriptions: readonly ChannelSubscriptionStatus[];
  /** The connection's next attempt while it waits to reconnect. */
  connectionRetryAt: number | undefined;
  /** The group "Following, live now" (none where no runtime serves the account). */
  followed?: readonly FollowedChannel[];
}

/** A row to derive a state for: a hand-listed channel or a followed one. */
interface ChannelRow {
  login: string;
  id: string | undefined;
  enabled: boolean;
  source: ChannelSource;
  followed: FollowedDetail | undefined;
}

/** Retry policies that need the user (or an update): such a problem shows through a pause. */
const NEEDS_USER: ReadonlySet<RetryPolicy> = new Set(['rarely', 'recheck_by_name', 'never']);

/** The hand-listed channels, then the followed ones (each once: a listed channel is never in the group). */
export function channelStatuses(account: DeepReadonly<PersistedAccount>, facts: ChannelFacts): ChannelStatus[] {
  const byId = new Map(facts.subscriptions.map((s) => [s.broadcasterUserId, s]));
  const rows: ChannelRow[] = account.channels.map((channel) => manualRow(channel));
  for (const channel of facts.followed ?? []) rows.push(followedRow(channel));
  return rows.map((row) => channelStatus(row, facts, row.id ? byId.get(row.id) : undefined));
}

function manualRow(channel: DeepReadonly<PersistedChannel>): ChannelRow {
  return { login: channel.login, id: channel.id, enabled: channel.enabled, source: 'manual', followed: undefined };
}

function followedRow(channel: FollowedChannel): ChannelRow {
  const leavesAt = channel.offlineSince === undefined ? undefined : channel.offlineSince + OFFLINE_GRACE_MS;
  return {
    login: channel.login,
    id: channel.id,
    enabled: !channel.userOff,
    source: 'followed-live',
    followed: { displayName: channel.displayName, viewers: channel.viewers, liveSince: channel.startedAt, offlineSince: channel.offlineSince, leavesAt },
  };
}

function channelStatus(channel: ChannelRow, facts: ChannelFacts, sub: ChannelSubscriptionStatus | undefined): ChannelStatus {
  const subscription: ChannelSubscription = !channel.enabled ? 'off' : sub?.state ?? (facts.problems.get(channel.login)?.kind === 'lookup_failed' ? 'error' : 'pending');
  const status = (state: ChannelState, reason?: string, nextAttemptAt?: number): ChannelStatus => ({
    source: channel.source,
    followed: channel.followed,
    login: channel.login,
    id: channel.id,
    enabled: channel.enabled,
    state,
    reason,
    nextAttemptAt,
    subscription: state === 'gone' ? 'error' : subscription,
  });
  if (!channel.enabled) return status('off');
  const { gate } = facts;
  // Nothing is subscribed and nothing tries while the account cannot work.
  if (gate?.state === 'waiting_for_login' || gate?.state === 'stopped') return { ...status(gate.state, gate.reason), subscription: 'off' };
  // Lookups concern the hand-listed channels (the followed ones come with their id).
  const problem = channel.source === 'manual' ? facts.problems.get(channel.login) : undefined;
  if (problem?.kind === 'gone') return status('gone', problem.message);
  const failed = sub?.state === 'error' ? sub : undefined;
  const policy = failed?.cause ? CHANNEL_POLICIES[failed.cause] : undefined;
  if (failed && policy && NEEDS_USER.has(policy.retry)) return status(policy.state, failed.message, failed.nextAttemptAt);
  if (gate) return status(gate.state, gate.reason);
  if (failed) return status(policy?.state ?? 'error', failed.message, failed.nextAttemptAt);
  if (problem) return status('connecting', problem.message, problem.nextAttemptAt);
  if (!channel.id) return status('connecting', 'Looking the channel up on Twitch');
  if (sub?.state === 'live') return status('listening');
  return status('connecting', 'Connecting to Twitch chat', facts.connectionRetryAt);
}

/** The channels of an account no runtime serves (the offline CLI, a stopped app). */
export function storedChannelStatuses(account: DeepReadonly<PersistedAccount>): ChannelStatus[] {
  const gate: AccountGate = account.tokens ? { state: 'stopped', reason: 'Not running' } : { state: 'waiting_for_login', reason: 'Waiting for login' };
  return channelStatuses(account, { gate, problems: new Map(), subscriptions: [], connectionRetryAt: undefined });
}
