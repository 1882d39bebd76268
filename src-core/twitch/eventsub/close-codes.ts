/**
 * What each EventSub close code means for us (TWITCH.md §7 "Close codes"). Every close
 * other than a finished reconnect handover ends the session: its subscriptions are
 * disabled, so the next session starts fresh at the base URL and subscribes again, after
 * a backoff delay. The codes differ in what they say about whose fault it was.
 */
export type CloseAction =
  /** Twitch's fault (4000) or the network's (4005, 4006, 1006...): reconnect fresh. */
  | 'reconnect'
  /** We broke the protocol (4001 sent a message, 4002 missed a pong): a bug, logged as an error; reconnect fresh. */
  | 'reconnect_after_bug'
  /** No subscription in time (4003): reconnect only while channels are wanted. */
  | 'reconnect_if_wanted'
  /** The session_reconnect handover failed (4004, 4007): never reuse the reconnect URL; reconnect fresh. */
  | 'reconnect_after_failed_handover';

export interface CloseCodeInfo {
  code: number;
  action: CloseAction;
  description: string;
}

const KNOWN: Record<number, Omit<CloseCodeInfo, 'code'>> = {
  4000: { action: 'reconnect', description: 'Twitch had an internal server error' },
  4001: { action: 'reconnect_after_bug', description: 'Twitch says the client sent a message (only pongs are allowed)' },
  4002: { action: 'reconnect_after_bug', description: 'Twitch says the client failed a ping-pong' },
  4003: { action: 'reconnect_if_wanted', description: 'Twitch closed an unused connection (no subscription in time)' },
  4004: { action: 'reconnect_after_failed_handover', description: 'the reconnect grace time expired' },
  4005: { action: 'reconnect', description: 'Twitch reported a network timeout' },
  4006: { action: 'reconnect', description: 'Twitch reported a network error' },
  4007: { action: 'reconnect_after_failed_handover', description: 'Twitch rejected the reconnect' },
};

export function describeCloseCode(code: number): CloseCodeInfo {
  const known = KNOWN[code];
  if (known) return { code, ...known };
  if (code === 1006) return { code, action: 'reconnect', description: 'the connection dropped without a close frame' };
  return { code, action: 'reconnect', description: `the connection closed with code ${code}` };
}
