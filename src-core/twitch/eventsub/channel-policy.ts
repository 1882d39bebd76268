import { RetryExhaustedError, describeError } from '../../runtime/errors.js';
import { AuthError, EventSubSessionGoneError, SubscriptionRefusedError, TwitchApiError } from '../errors.js';
import { isRetryLaterError } from '../http/errors.js';

/**
 * Every way a channel's chat can stop being readable, what the user sees on the channel,
 * and how (whether) it is tried again: one table (R36). Twitch tells us through a
 * revocation's status, the status of a created subscription, or the error of a create.
 */
export type ChannelCause =
  /** The channel's owner is gone: `user_removed`, or 400 "a user in the condition does not exist". */
  | 'channel_gone'
  /** Our user is banned in that chat: `chat_user_banned`, or a create refused for it. */
  | 'banned'
  /** A create refused with 403 for this channel alone, for a reason Twitch did not name. */
  | 'refused'
  /** `authorization_revoked`: the login is dead for every channel. */
  | 'login_revoked'
  /** `version_removed`: Twitch retired channel.chat.message v1. */
  | 'version_retired'
  /** Any other revocation status (unknown ones included). */
  | 'revoked'
  /** 5xx, timeouts, network, 429: it will pass. */
  | 'transient'
  /** Any other failure of a create (e.g. a 409 that survived its resolution). */
  | 'failed'
  /** More channels than Twitch allows per account. */
  | 'over_limit';

/** What a channel row says (the account layer adds the states that come from the account). */
export type ChannelProblemState = 'gone' | 'banned' | 'waiting_for_login' | 'unsupported' | 'revoked' | 'connecting' | 'error';

/**
 * How a channel is tried again after its cause:
 * - `backoff`: full-jitter exponential backoff capped at 60 s; at once on network-online/resume.
 * - `rarely`: every RARE_RETRY_MS; at once when the user toggles the channel.
 * - `recheck_by_name`: no subscription attempt; the account looks the name up at start and
 *   daily (CHANNEL_RECHECK_MS) and listens again if it resolves (possibly to a new id).
 * - `after_login`: nothing until a new login restarts the account.
 * - `never`: nothing (an app update or a change of channels is needed).
 */
export type RetryPolicy = 'backoff' | 'rarely' | 'recheck_by_name' | 'after_login' | 'never';

export interface ChannelPolicy {
  state: ChannelProblemState;
  retry: RetryPolicy;
  /** The sentence on the channel; `detail` is Twitch's status or the error in words. */
  reason(detail: string): string;
}

/** Banned: "re-tried rarely (hours)". A ban can be lifted any time; asking every 6 h costs nothing. */
export const RARE_RETRY_MS = 6 * 60 * 60_000;
/** A channel that no longer exists is looked up by name again this often (and at every start). */
export const CHANNEL_RECHECK_MS = 24 * 60 * 60_000;

export const CHANNEL_POLICIES: Readonly<Record<ChannelCause, ChannelPolicy>> = {
  channel_gone: { state: 'gone', retry: 'recheck_by_name', reason: () => 'This channel no longer exists on Twitch' },
  banned: { state: 'banned', retry: 'rarely', reason: () => 'You are banned in this chat' },
  refused: { state: 'error', retry: 'rarely', reason: (detail) => `Twitch refused to deliver this chat (${detail}); trying again in a few hours` },
  login_revoked: { state: 'waiting_for_login', retry: 'after_login', reason: (detail) => `Twitch revoked the chat subscription (${detail}); log in again` },
  version_retired: { state: 'unsupported', retry: 'never', reason: () => VERSION_RETIRED_NOTICE },
  revoked: { state: 'revoked', retry: 'backoff', reason: (detail) => `Twitch stopped delivering this chat (${detail})` },
  transient: { state: 'connecting', retry: 'backoff', reason: (detail) => detail },
  failed: { state: 'error', retry: 'backoff', reason: (detail) => detail },
  over_limit: { state: 'error', retry: 'never', reason: (detail) => detail },
};

/** The app-level notice of `version_removed` (shown once for the app, not per channel). */
export const VERSION_RETIRED_NOTICE = 'Twitch retired the chat event this version uses; update the app';

/** A revocation's (or a created subscription's) status as a cause. Unknown statuses mean "revoked". */
export function causeOfStatus(status: string): ChannelCause {
  switch (status) {
    case 'user_removed':
      return 'channel_gone';
    case 'chat_user_banned':
      return 'banned';
    case 'authorization_revoked':
      return 'login_revoked';
    case 'version_removed':
      return 'version_retired';
    default:
      return 'revoked';
  }
}

/**
 * A failed create as a cause. A dead session is not a channel's problem (the connection
 * reconnects, G8), so it never gets here; callers check isSessionGone first.
 */
export function causeOfCreateError(error: unknown): ChannelCause {
  const refused = refusalOf(error);
  if (refused) return refused.reason === 'user_missing' ? 'channel_gone' : refused.reason === 'banned' ? 'banned' : 'refused';
  if (error instanceof EventSubSessionGoneError) return 'transient';
  return isRetryLaterError(error) ? 'transient' : 'failed';
}

function refusalOf(error: unknown): SubscriptionRefusedError | undefined {
  if (error instanceof SubscriptionRefusedError) return error;
  if (error instanceof RetryExhaustedError && error.lastError instanceof SubscriptionRefusedError) return error.lastError;
  return undefined;
}

/** How each policy reads in a log line. */
export const RETRY_WORDS: Readonly<Record<RetryPolicy, string>> = {
  backoff: 'retrying',
  rarely: 'trying again in a few hours',
  recheck_by_name: 'looking the channel up again daily',
  after_login: 'log in again',
  never: 'not retried',
};

/** What the channel says about a failed call: Twitch's refusal in short, or the error. */
export function failureDetail(operation: string, error: unknown): string {
  if (error instanceof SubscriptionRefusedError) return `${error.status}${error.twitchMessage ? `: ${error.twitchMessage}` : ''}`;
  return error instanceof AuthError ? describeError(error) : `Could not ${operation}: ${describeError(error)}`;
}

/** 400 "websocket transport session does not exist or has already disconnected" (G8). */
export function isSessionGone(error: unknown): boolean {
  // A retry wrapper may carry the answer as its cause.
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth += 1) {
    if (e instanceof EventSubSessionGoneError) return true;
    if (e instanceof TwitchApiError) return e.status === 400 && /session/i.test(e.twitchMessage);
  }
  return false;
}
