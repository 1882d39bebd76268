import type { DeepReadonly } from '../store/deep-freeze.js';
import type { PersistedAccount } from '../store/schema.js';
import type { ChannelSubscriptionStatus } from '../twitch/eventsub/client.js';

/** Whether a channel's chat is read at Twitch right now. */
export type ChannelSubscription = 'live' | 'pending' | 'off' | 'error';

/** One channel of an account as the core sees it (the IPC layer maps it to its view). */
export interface ChannelStatus {
  login: string;
  /** Twitch's broadcaster id, once known. */
  id: string | undefined;
  enabled: boolean;
  subscription: ChannelSubscription;
  /** What went wrong, in words, when `subscription` is `error`. */
  problem: string | undefined;
}

/**
 * Every channel of `account` joined with what is known of it: the stored toggle, lookup
 * problems by login, and the EventSub client's subscription status by broadcaster id.
 */
export function channelStatuses(
  account: DeepReadonly<PersistedAccount>,
  lookupProblems: ReadonlyMap<string, string>,
  subscriptions: readonly ChannelSubscriptionStatus[],
): ChannelStatus[] {
  const live = new Map(subscriptions.map((s) => [s.broadcasterUserId, s]));
  return account.channels.map((channel): ChannelStatus => {
    const base = { login: channel.login, id: channel.id, enabled: channel.enabled };
    if (!channel.enabled) return { ...base, subscription: 'off', problem: undefined };
    if (!channel.id) {
      const problem = lookupProblems.get(channel.login);
      return { ...base, subscription: problem ? 'error' : 'pending', problem };
    }
    const status = live.get(channel.id);
    if (status?.state === 'error') return { ...base, subscription: 'error', problem: status.message ?? 'Subscription failed' };
    return { ...base, subscription: status?.state === 'live' ? 'live' : 'pending', problem: undefined };
  });
}

/** The channels of an account no runtime serves (the offline CLI, a stopped app). */
export function storedChannelStatuses(account: DeepReadonly<PersistedAccount>): ChannelStatus[] {
  return account.channels.map((c) => ({ login: c.login, id: c.id, enabled: c.enabled, subscription: c.enabled ? 'pending' : 'off', problem: undefined }));
}
