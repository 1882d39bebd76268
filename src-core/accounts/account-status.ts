/** The account state machine of DESIGN.md ("State machines"). */
export type AccountState = 'needs_login' | 'authorizing' | 'starting' | 'active' | 'paused' | 'degraded' | 'stopped';

/**
 * An account's visible state, derived from its parts in one place so the UI, the tray and
 * `status` never disagree. Every state but `active` carries a reason a user can act on.
 */
export interface AccountStatus {
  state: AccountState;
  reason: string | null;
  nextAttemptAt: number | null;
}

export interface AccountFacts {
  running: boolean;
  /** Set when the login is dead or missing: the account needs a device login. */
  loginProblem: string | undefined;
  /** A login is in progress for this account (re-login). */
  authorizing: boolean;
  /** The token was validated and the runtime is wired up. */
  ready: boolean;
  /** Transient failure of the token or of Twitch's services, with the next attempt. */
  trouble: { reason: string; nextAttemptAt: number | undefined } | undefined;
  eventsub: { state: 'idle' | 'connecting' | 'connected' | 'degraded' | 'stopped'; reason?: string; nextAttemptAt?: number };
  enabled: boolean;
  appPaused: boolean;
  enabledChannels: number;
}

export function deriveAccountStatus(facts: AccountFacts): AccountStatus {
  const status = (state: AccountState, reason: string | null = null, nextAttemptAt: number | null = null): AccountStatus => ({
    state,
    reason,
    nextAttemptAt,
  });
  if (facts.authorizing) return status('authorizing', 'Waiting for you to approve the login on Twitch');
  if (facts.loginProblem) return status('needs_login', facts.loginProblem);
  if (!facts.running) return status('stopped', 'Not running');
  if (facts.trouble) return status('degraded', facts.trouble.reason, facts.trouble.nextAttemptAt ?? null);
  if (!facts.ready) return status('starting', 'Checking the login with Twitch');
  if (facts.eventsub.state === 'degraded') {
    return status('degraded', facts.eventsub.reason ?? 'Cannot reach Twitch chat; retrying', facts.eventsub.nextAttemptAt ?? null);
  }
  // "Pause all" is the app's cause, said once for the app (the snapshot's `paused`, the UI's
  // banner), not repeated by every account (17.4: one pause notice, not three).
  if (facts.appPaused) return status('paused');
  if (!facts.enabled) return status('paused', 'Color changes are off for this account (say cce in chat or switch it on)');
  if (facts.enabledChannels === 0) return status('active', 'No channel is switched on yet');
  if (facts.eventsub.state === 'connecting' || facts.eventsub.state === 'idle') return status('starting', 'Connecting to Twitch chat');
  return status('active');
}
