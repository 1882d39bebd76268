import { reasonForChat, reasonText, type AccountReasonCode, type Reason } from './account-reasons.js';

/** The account state machine of DESIGN.md ("State machines"). */
export type AccountState = 'needs_login' | 'authorizing' | 'starting' | 'active' | 'paused' | 'degraded' | 'stopped';

/**
 * An account's visible state, derived from its parts in one place so the UI, the tray and
 * `status` never disagree. Every state but `active` carries a reason a user can act on:
 * a code from the closed set (account-reasons.ts), its sentence, and the technical detail.
 * The one exception is "Pause all": that is the app's cause, said once for the app (the
 * snapshot's `paused`, the UI's banner), not repeated by every account (17.4).
 */
export interface AccountStatus {
  state: AccountState;
  reason: string | null;
  reasonCode: AccountReasonCode | null;
  reasonDetail: string | null;
  nextAttemptAt: number | null;
}

export interface AccountFacts {
  running: boolean;
  /** Set when the login is dead or missing: the account needs a device login. */
  loginProblem: Reason | undefined;
  /** A login is in progress for this account (re-login). */
  authorizing: boolean;
  /** The token was validated and the runtime is wired up. */
  ready: boolean;
  /** Transient failure of the token or of Twitch's services, with the next attempt. */
  trouble: { reason: Reason; nextAttemptAt: number | undefined } | undefined;
  eventsub: { state: 'idle' | 'connecting' | 'connected' | 'degraded' | 'stopped'; reason?: string; trouble?: Parameters<typeof reasonForChat>[0]; nextAttemptAt?: number };
  enabled: boolean;
  appPaused: boolean;
  enabledChannels: number;
  /** "Live channels I follow" is on: the account has channels even when none is listed by hand. */
  followsLive: boolean;
}

/** A status with the sentence of its reason; `null` reason for a healthy account. */
export function accountStatus(state: AccountState, reason: Reason | null = null, nextAttemptAt: number | null = null): AccountStatus {
  return {
    state,
    reason: reason ? reasonText(reason.code) : null,
    reasonCode: reason?.code ?? null,
    reasonDetail: reason?.detail ?? null,
    nextAttemptAt,
  };
}

export function deriveAccountStatus(facts: AccountFacts): AccountStatus {
  if (facts.authorizing) return accountStatus('authorizing', { code: 'login_pending' });
  if (facts.loginProblem) return accountStatus('needs_login', facts.loginProblem);
  if (!facts.running) return accountStatus('stopped', { code: 'not_running' });
  if (facts.trouble) return accountStatus('degraded', facts.trouble.reason, facts.trouble.nextAttemptAt ?? null);
  if (!facts.ready) return accountStatus('starting', { code: 'checking_login' });
  if (facts.eventsub.state === 'degraded') {
    return accountStatus('degraded', reasonForChat(facts.eventsub.trouble, facts.eventsub.reason), facts.eventsub.nextAttemptAt ?? null);
  }
  if (facts.appPaused) return accountStatus('paused');
  if (!facts.enabled) return accountStatus('paused', { code: 'changes_off' });
  if (facts.enabledChannels === 0) return accountStatus('active', facts.followsLive ? null : { code: 'no_channels' });
  if (facts.eventsub.state === 'connecting' || facts.eventsub.state === 'idle') return accountStatus('starting', { code: 'connecting' });
  return accountStatus('active');
}
