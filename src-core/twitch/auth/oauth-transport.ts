import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import { TwitchApiError } from '../errors.js';
import { twitchErrorMessage } from '../http/error-body.wire.js';
import type { HttpClient, HttpMethod, HttpResponse } from '../http/http-client.js';

/** What every id.twitch.tv call needs. */
export interface OAuthContext {
  http: HttpClient;
  /** e.g. https://id.twitch.tv/oauth2 (TwitchEndpoints.authUrl). */
  authUrl: string;
  clientId: string;
  clock: Clock;
  logger: Logger;
}

export interface OAuthCall {
  method: HttpMethod;
  /** Below authUrl, e.g. "/token". */
  path: string;
  /** Form fields; they may hold secrets, so they go in the body, never the URL or a log. */
  form?: Record<string, string>;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

export function oauthOperation(call: Pick<OAuthCall, 'method' | 'path'>): string {
  return `oauth ${call.method} ${call.path}`;
}

export async function sendOAuth(ctx: OAuthContext, call: OAuthCall): Promise<HttpResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
  let body: string | undefined;
  if (call.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(call.form).toString();
  }
  return ctx.http.send({
    method: call.method,
    url: `${ctx.authUrl}${call.path}`,
    operation: oauthOperation(call),
    headers,
    body,
    signal: call.signal,
  });
}

/** Twitch's text for a failed call, lower-cased for comparison (G1: `message`, then `error`). */
export function oauthMessage(res: HttpResponse): string {
  return twitchErrorMessage(res.body).toLowerCase();
}

/** The error for a status the caller has no specific meaning for. 5xx/429 stay transient. */
export function oauthFailure(ctx: OAuthContext, res: HttpResponse, call: Pick<OAuthCall, 'method' | 'path'>): TwitchApiError {
  const base = new URL(ctx.authUrl).pathname.replace(/\/+$/, '');
  return new TwitchApiError(res.status, call.method, `${base}${call.path}`, twitchErrorMessage(res.body));
}
