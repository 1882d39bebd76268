/**
 * Every HTTP status Helix can answer, mapped to exactly one outcome (R24). The Helix
 * client switches over these exhaustively, so a new outcome is a compile error there and
 * no status can fall into a branch nobody handles.
 *
 * | outcome        | statuses        | what the Helix client does                                  |
 * |----------------|-----------------|-------------------------------------------------------------|
 * | success        | 200-299         | parse the body with the endpoint's wire schema               |
 * | unauthorized   | 401             | refresh the token once and retry once, then TwitchApiError   |
 * | rate_limited   | 429             | wait for Ratelimit-Reset and retry (bounded), then TwitchApiError with retryAt |
 * | server_error   | 500-599         | TwitchApiError; retried with backoff only for idempotent calls |
 * | bad_request    | 400             | the endpoint decides (hex rejected, session gone), else TwitchApiError |
 * | forbidden      | 403             | the endpoint decides (EventSub create: refused for that channel), else AuthError missing_scope |
 * | not_found      | 404             | the endpoint decides (DELETE: already gone), else TwitchApiError |
 * | conflict       | 409             | the endpoint decides (EventSub create: stale session), else TwitchApiError |
 * | client_error   | other 4xx       | TwitchApiError, not retried                                  |
 * | unexpected     | anything else   | TwitchApiError, not retried (1xx/3xx never reach us from undici's request) |
 */
export type StatusOutcome =
  | 'success'
  | 'unauthorized'
  | 'rate_limited'
  | 'server_error'
  | 'bad_request'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'client_error'
  | 'unexpected';

/** Outcomes an endpoint may take over from the default handling. */
export type EndpointOutcome = Extract<StatusOutcome, 'bad_request' | 'forbidden' | 'not_found' | 'conflict'>;

export function classifyStatus(status: number): StatusOutcome {
  if (!Number.isInteger(status)) return 'unexpected';
  if (status >= 200 && status <= 299) return 'success';
  if (status >= 500 && status <= 599) return 'server_error';
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 429:
      return 'rate_limited';
    default:
      return status >= 400 && status <= 499 ? 'client_error' : 'unexpected';
  }
}
