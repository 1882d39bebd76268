import { TimeoutError, describeError } from '../runtime/errors.js';
import type { EventSubTrouble } from '../twitch/eventsub/connection.js';
import { NetworkError, TwitchApiError, type AuthError, type AuthErrorReason } from '../twitch/errors.js';

/** Why an account is in its state, as a closed set (the IPC view's `reasonCode` is this list). */
export const ACCOUNT_REASON_CODES = [
  'login_pending',
  'login_required',
  'login_expired',
  'login_revoked',
  'login_scope',
  'login_other_app',
  'login_secret',
  'login_unreadable',
  'not_running',
  'checking_login',
  'offline',
  'twitch_trouble',
  'rate_limited',
  'twitch_refused',
  'chat_silent',
  'chat_dropped',
  'unexpected',
  'changes_off',
  'no_channels',
  'connecting',
] as const;
export type AccountReasonCode = (typeof ACCOUNT_REASON_CODES)[number];

/**
 * Every reason an account can be in its state, in one sentence a person understands and
 * can act on. The technical detail (Twitch's answer, the socket error) is never in the
 * sentence: it travels beside it as `reasonDetail`, one click away in the UI and in the log.
 * The UI, the tray and `status` all show these same words.
 */
export const REASON_TEXT: Readonly<Record<AccountReasonCode, string>> = {
  login_pending: 'Waiting for you to approve the login at Twitch.',
  login_required: 'Log in with Twitch to start.',
  login_expired: 'Twitch no longer accepts this login (it expired or was signed out). Log in again.',
  login_revoked: 'This account was disconnected from the app at Twitch. Log in again to continue.',
  login_scope: 'The login is missing a permission the app needs. Log in again to grant it.',
  login_other_app: 'This login belongs to a different Twitch application than the one set now. Log in again.',
  login_secret:
    'This Twitch application is set to Confidential. Register a Public one (or set TWITCH_CLIENT_SECRET) and log in again.',
  login_unreadable: 'The saved login cannot be read on this computer (the system keyring changed). Log in again.',
  not_running: 'Not running. Start the app to change colors.',
  checking_login: 'Checking the login with Twitch.',
  offline: 'Can’t reach Twitch. Check your internet connection.',
  twitch_trouble: 'Twitch is having trouble right now. The app keeps trying by itself.',
  rate_limited: 'Twitch asked the app to slow down. It tries again shortly.',
  twitch_refused: 'Twitch refused a request from the app. It keeps trying; the details say what Twitch answered.',
  chat_silent: 'Twitch chat stopped answering. The app reconnects by itself.',
  chat_dropped: 'The connection to Twitch chat keeps dropping. The app reconnects by itself.',
  unexpected: 'Something went wrong inside the app. It keeps trying; the log has the details.',
  changes_off: 'Color changes are off for this account. Switch them on here, or say cce in chat.',
  no_channels: 'No channel is switched on yet. Add a channel where you chat.',
  connecting: 'Connecting to Twitch chat.',
};

/** A reason as the status carries it: the code and, when there is one, the technical detail. */
export interface Reason {
  code: AccountReasonCode;
  detail?: string;
}

const AUTH_REASON: Readonly<Record<AuthErrorReason, AccountReasonCode>> = {
  invalid_refresh_token: 'login_expired',
  invalid_token: 'login_expired',
  missing_scope: 'login_scope',
  client_mismatch: 'login_other_app',
  missing_client_secret: 'login_secret',
  authorization_revoked: 'login_revoked',
  undecryptable: 'login_unreadable',
};

/** A dead login, in the words of the table; the error's own text is the detail. */
export function reasonForAuth(error: AuthError): Reason {
  return { code: AUTH_REASON[error.reason], detail: error.message };
}

/**
 * A failure that may pass (a token check, a Twitch call): the network, Twitch's servers,
 * its rate limit, a refusal, or a bug. Wrapped errors are looked through to their cause.
 */
export function reasonForFailure(error: unknown): Reason {
  const detail = describeError(error);
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause ?? (e as { lastError?: unknown }).lastError, depth += 1) {
    if (e instanceof NetworkError || e instanceof TimeoutError) return { code: 'offline', detail };
    if (e instanceof TwitchApiError) {
      if (e.status === 429) return { code: 'rate_limited', detail };
      return { code: e.status >= 500 ? 'twitch_trouble' : 'twitch_refused', detail };
    }
  }
  return { code: 'unexpected', detail };
}

/** Why chat (EventSub) is not connected, from how the last session ended. */
export function reasonForChat(trouble: EventSubTrouble | undefined, detail: string | undefined): Reason {
  const code: AccountReasonCode =
    trouble === 'unreachable' ? 'offline' : trouble === 'twitch_trouble' ? 'twitch_trouble' : trouble === 'silent' ? 'chat_silent' : 'chat_dropped';
  return detail ? { code, detail } : { code };
}

/** The sentence for a code. */
export function reasonText(code: AccountReasonCode): string {
  return REASON_TEXT[code];
}
