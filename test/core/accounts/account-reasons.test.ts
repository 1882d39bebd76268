import { describe, expect, it } from 'vitest';
import { REASON_TEXT, reasonForAuth, reasonForChat, reasonForFailure } from '../../../src-core/accounts/account-reasons.js';
import { deriveAccountStatus, type AccountFacts } from '../../../src-core/accounts/account-status.js';
import { accountReasonCodeSchema, type AccountReasonCode } from '../../../src-core/ipc/snapshot.js';
import { RetryExhaustedError, TimeoutError } from '../../../src-core/runtime/errors.js';
import { AuthError, NetworkError, TwitchApiError, type AuthErrorReason } from '../../../src-core/twitch/errors.js';

/**
 * Issue 17: every reason the core can report, in a sentence a person understands, with the
 * technical detail kept apart. The table below is the walk: for each code, facts (what the
 * runtime knows) that produce it, so a code nobody can reach, or a reachable one without
 * words, fails here.
 */
const healthy: AccountFacts = {
  running: true,
  loginProblem: undefined,
  authorizing: false,
  ready: true,
  trouble: undefined,
  eventsub: { state: 'connected' },
  enabled: true,
  appPaused: false,
  enabledChannels: 2,
  followsLive: false,
};

const econnrefused = new NetworkError('eventsub connect', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:47111'), { code: 'ECONNREFUSED' }) });

const WALK: Record<AccountReasonCode, { facts: Partial<AccountFacts>; state: string; detail?: RegExp }> = {
  login_pending: { facts: { authorizing: true }, state: 'authorizing' },
  login_required: { facts: { loginProblem: { code: 'login_required' } }, state: 'needs_login' },
  login_expired: { facts: { loginProblem: reasonForAuth(new AuthError('invalid_refresh_token')) }, state: 'needs_login', detail: /expired or was revoked/ },
  login_revoked: { facts: { loginProblem: reasonForAuth(new AuthError('authorization_revoked')) }, state: 'needs_login' },
  login_scope: { facts: { loginProblem: reasonForAuth(new AuthError('missing_scope')) }, state: 'needs_login' },
  login_other_app: { facts: { loginProblem: reasonForAuth(new AuthError('client_mismatch')) }, state: 'needs_login' },
  login_secret: { facts: { loginProblem: reasonForAuth(new AuthError('missing_client_secret')) }, state: 'needs_login' },
  login_unreadable: { facts: { loginProblem: reasonForAuth(new AuthError('undecryptable')) }, state: 'needs_login' },
  not_running: { facts: { running: false }, state: 'stopped' },
  checking_login: { facts: { ready: false }, state: 'starting' },
  offline: { facts: { trouble: { reason: reasonForFailure(econnrefused), nextAttemptAt: 5 } }, state: 'degraded', detail: /check your network/ },
  twitch_trouble: { facts: { trouble: { reason: reasonForFailure(new TwitchApiError(503, 'GET', '/oauth2/validate', 'Service Unavailable')), nextAttemptAt: 5 } }, state: 'degraded', detail: /503/ },
  rate_limited: { facts: { trouble: { reason: reasonForFailure(new TwitchApiError(429, 'GET', '/helix/users', 'Too Many Requests')), nextAttemptAt: 5 } }, state: 'degraded' },
  twitch_refused: { facts: { trouble: { reason: reasonForFailure(new TwitchApiError(400, 'GET', '/oauth2/validate', 'bad request')), nextAttemptAt: 5 } }, state: 'degraded', detail: /400/ },
  chat_silent: { facts: { eventsub: { state: 'degraded', trouble: 'silent', reason: 'no message from Twitch for 12 s', nextAttemptAt: 9 } }, state: 'degraded', detail: /12 s/ },
  chat_dropped: { facts: { eventsub: { state: 'degraded', trouble: 'dropped', reason: 'the connection dropped without a close frame (close code 1006)' } }, state: 'degraded', detail: /1006/ },
  unexpected: { facts: { trouble: { reason: reasonForFailure(new TypeError('x is not a function')), nextAttemptAt: 5 } }, state: 'degraded' },
  changes_off: { facts: { enabled: false }, state: 'paused' },
  no_channels: { facts: { enabledChannels: 0 }, state: 'active' },
  connecting: { facts: { eventsub: { state: 'connecting' } }, state: 'starting' },
};

describe('account reasons (issue 17)', () => {
  it.each(accountReasonCodeSchema.options)('%s: reachable, one plain sentence, the detail kept apart', (code) => {
    const step = WALK[code];
    const status = deriveAccountStatus({ ...healthy, ...step.facts });
    expect(status).toMatchObject({ state: step.state, reasonCode: code, reason: REASON_TEXT[code] });
    if (step.detail) expect(status.reasonDetail).toMatch(step.detail);
    const text = REASON_TEXT[code];
    // A sentence a person reads: starts with a capital, ends with a period, no developer words.
    expect(text).toMatch(/^[A-Z].*\.$/);
    expect(text).not.toMatch(/\bE[A-Z]{3,}\b|EventSub|HTTP/);
    expect(text).not.toMatch(/\b[45]\d\d\b|close code|socket|token|undefined|null/i);
  });

  it('a healthy account has no reason at all', () => {
    expect(deriveAccountStatus(healthy)).toEqual({ state: 'active', reason: null, reasonCode: null, reasonDetail: null, nextAttemptAt: null });
  });

  it('issue 18: following live channels with none listed and none live now is not "no channels"', () => {
    expect(deriveAccountStatus({ ...healthy, enabledChannels: 0, followsLive: true, eventsub: { state: 'idle' } })).toMatchObject({ state: 'active', reasonCode: null });
  });

  it('“could not connect: ECONNREFUSED” becomes “Can’t reach Twitch”, with the socket error as the detail', () => {
    const status = deriveAccountStatus({ ...healthy, eventsub: { state: 'degraded', trouble: 'unreachable', reason: 'could not connect: connect ECONNREFUSED 127.0.0.1:47111', nextAttemptAt: 42 } });
    expect(status).toEqual({
      state: 'degraded',
      reason: 'Can’t reach Twitch. Check your internet connection.',
      reasonCode: 'offline',
      reasonDetail: 'could not connect: connect ECONNREFUSED 127.0.0.1:47111',
      nextAttemptAt: 42,
    });
  });

  it('every dead login maps to a login code; failures are looked through their wrappers', () => {
    const reasons: AuthErrorReason[] = ['invalid_refresh_token', 'invalid_token', 'missing_scope', 'client_mismatch', 'missing_client_secret', 'authorization_revoked', 'undecryptable'];
    for (const reason of reasons) expect(reasonForAuth(new AuthError(reason)).code).toMatch(/^login_/);
    expect(reasonForFailure(new TimeoutError('token validate', 10_000)).code).toBe('offline');
    expect(reasonForFailure(new RetryExhaustedError('token refresh', 3, new TwitchApiError(502, 'POST', '/oauth2/token', 'Bad Gateway'))).code).toBe('twitch_trouble');
    expect(reasonForChat('twitch_trouble', 'Twitch had an internal server error (close code 4000)')).toEqual({ code: 'twitch_trouble', detail: 'Twitch had an internal server error (close code 4000)' });
    expect(reasonForChat('unreachable', undefined)).toEqual({ code: 'offline' });
  });
});
