import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src-core/runtime/clock.js';
import { TimeoutError } from '../../../../src-core/runtime/errors.js';
import { MemoryLogSink, createLogger } from '../../../../src-core/runtime/logger.js';
import { OAuthClient } from '../../../../src-core/twitch/auth/oauth-client.js';
import { AuthError, NetworkError, TwitchApiError } from '../../../../src-core/twitch/errors.js';
import { isRetryLaterError } from '../../../../src-core/twitch/http/errors.js';
import { HttpClient } from '../../../../src-core/twitch/http/http-client.js';
import { ManualClock } from '../../../support/manual-clock.js';
import { sendJson, sendStatus, sendTwitchError, startLocalServer, type Handler, type LocalServer } from '../http/local-server.js';

const REFRESH = 'refresh-token-secret-0001';
const SECRET = 'client-secret-value-0002';
const ACCESS = 'access-token-secret-0003';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(handler: Handler, options: { clientSecret?: string; timeoutMs?: number } = {}) {
  const local: LocalServer = await startLocalServer(handler);
  const clock = new ManualClock();
  const http = new HttpClient({ clock: systemClock, proxyEnv: {}, timeoutMs: options.timeoutMs });
  cleanups.push(() => local.close(), () => http.close());
  const oauth = new OAuthClient({
    http,
    endpoints: { authUrl: `${local.origin}/oauth2` },
    clientId: 'our-client',
    clientSecret: options.clientSecret,
    clock,
    logger: createLogger(new MemoryLogSink()),
  });
  return { local, clock, oauth };
}

const tokenBody = { access_token: 'new-access-token-1', refresh_token: 'new-refresh-token-1', expires_in: 14_124, scope: ['user:read:chat', 'user:manage:chat_color'], token_type: 'bearer' };

describe('refresh', () => {
  it('public client: sends no secret and returns the rotated pair', async () => {
    const { local, clock, oauth } = await setup((_req, res) => sendJson(res, 200, tokenBody));
    const tokens = await oauth.refresh(REFRESH);
    const form = local.requests[0]!.form;
    expect(local.requests[0]!.url.pathname).toBe('/oauth2/token');
    expect(local.requests[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(form)).toEqual({ grant_type: 'refresh_token', refresh_token: REFRESH, client_id: 'our-client' });
    expect(tokens.accessToken).toBe('new-access-token-1');
    expect(tokens.refreshToken).toBe('new-refresh-token-1');
    expect(tokens.expiresAt).toBe(clock.now() + 14_124_000);
  });

  it('confidential client (imported from the old bot): sends the secret, which never shows in inspect', async () => {
    const { local, oauth } = await setup((_req, res) => sendJson(res, 200, tokenBody), { clientSecret: SECRET });
    await oauth.refresh(REFRESH);
    expect(local.requests[0]!.form.get('client_secret')).toBe(SECRET);
    expect(inspect(oauth, { depth: 5, showHidden: true })).not.toContain(SECRET);
  });

  it('G13 tolerates a missing or null scope', async () => {
    const { oauth } = await setup((req, res) =>
      sendJson(res, 200, req.form.get('refresh_token') === 'a' ? { access_token: 'x', refresh_token: 'y' } : { ...tokenBody, scope: null }),
    );
    expect((await oauth.refresh('a')).scopes).toEqual([]);
    expect((await oauth.refresh('b')).scopes).toEqual([]);
    expect((await oauth.refresh('a')).expiresAt).toBeUndefined();
  });

  it.each([
    [400, 'Invalid refresh token', 'invalid_refresh_token'],
    [400, 'missing client secret', 'missing_client_secret'],
    [400, 'invalid client', 'client_mismatch'],
  ])('%d "%s" -> AuthError %s (G1: read from `message`)', async (status, message, reason) => {
    const { oauth } = await setup((_req, res) => sendJson(res, status, { status, message }));
    const error = await oauth.refresh(REFRESH).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).reason).toBe(reason);
    expect(isRetryLaterError(error)).toBe(false);
    expect((error as Error).message).not.toContain(REFRESH);
  });

  it('reads `error` when `message` is absent', async () => {
    const { oauth } = await setup((_req, res) => sendJson(res, 400, { error: 'Invalid refresh token' }));
    await expect(oauth.refresh(REFRESH)).rejects.toMatchObject({ reason: 'invalid_refresh_token' });
  });

  it.each([500, 502, 503, 429])('%d is transient: a typed error worth retrying later', async (status) => {
    const { oauth } = await setup((_req, res) => sendTwitchError(res, status, 'try later'));
    const error = await oauth.refresh(REFRESH).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TwitchApiError);
    expect((error as TwitchApiError).status).toBe(status);
    expect((error as TwitchApiError).path).toBe('/oauth2/token');
    expect(isRetryLaterError(error)).toBe(true);
  });

  it('network failure and timeout are transient', async () => {
    const { local, oauth } = await setup((_req, res) => void res.destroy());
    const network = await oauth.refresh(REFRESH).catch((caught: unknown) => caught);
    expect(network).toBeInstanceOf(NetworkError);
    expect(isRetryLaterError(network)).toBe(true);
    await local.close();
    const slow = await setup(() => undefined, { timeoutMs: 100 });
    const timeout = await slow.oauth.refresh(REFRESH).catch((caught: unknown) => caught);
    expect(timeout).toBeInstanceOf(TimeoutError);
    expect(isRetryLaterError(timeout)).toBe(true);
  });
});

describe('validate', () => {
  const valid = { client_id: 'our-client', login: 'somebody', user_id: '141981764', scopes: ['user:read:chat', 'user:manage:chat_color'], expires_in: 5520 };

  it('sends Authorization: OAuth <token> and maps the answer', async () => {
    const { local, oauth } = await setup((_req, res) => sendJson(res, 200, valid));
    await expect(oauth.validate(ACCESS)).resolves.toEqual({
      valid: true,
      info: { clientId: 'our-client', login: 'somebody', userId: '141981764', scopes: ['user:read:chat', 'user:manage:chat_color'], expiresInSec: 5520 },
    });
    expect(local.requests[0]!.method).toBe('GET');
    expect(local.requests[0]!.url.pathname).toBe('/oauth2/validate');
    expect(local.requests[0]!.headers.authorization).toBe(`OAuth ${ACCESS}`);
  });

  it('401 -> { valid: false }, distinct from a dead login', async () => {
    const { oauth } = await setup((_req, res) => sendJson(res, 401, { status: 401, message: 'invalid access token' }));
    await expect(oauth.validate(ACCESS)).resolves.toEqual({ valid: false });
  });

  it('a token of another app -> AuthError client_mismatch', async () => {
    const { oauth } = await setup((_req, res) => sendJson(res, 200, { ...valid, client_id: 'someone-else' }));
    await expect(oauth.validate(ACCESS)).rejects.toMatchObject({ name: 'AuthError', reason: 'client_mismatch' });
  });

  it.each([
    [['user:read:chat'], /user:manage:chat_color/],
    [['user:manage:chat_color'], /user:read:chat/],
    [null, /user:read:chat, user:manage:chat_color/],
    [undefined, /user:read:chat/],
  ])('scopes %j -> AuthError missing_scope naming what is missing', async (scopes, named) => {
    const { oauth } = await setup((_req, res) => sendJson(res, 200, { ...valid, scopes }));
    const error = await oauth.validate(ACCESS).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'AuthError', reason: 'missing_scope' });
    expect((error as Error).message).toMatch(named);
  });

  it('an app token (no login/user_id) -> AuthError invalid_token', async () => {
    const { oauth } = await setup((_req, res) => sendJson(res, 200, { client_id: 'our-client', scopes: [], expires_in: 10 }));
    await expect(oauth.validate(ACCESS, { requiredScopes: [] })).rejects.toMatchObject({ reason: 'invalid_token' });
  });

  it('5xx is transient', async () => {
    const { oauth } = await setup((_req, res) => sendStatus(res, 502));
    const error = await oauth.validate(ACCESS).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 502 });
    expect(isRetryLaterError(error)).toBe(true);
  });
});

describe('revoke', () => {
  it('posts client_id and token', async () => {
    const { local, oauth } = await setup((_req, res) => sendStatus(res, 200));
    await oauth.revoke(ACCESS);
    expect(Object.fromEntries(local.requests[0]!.form)).toEqual({ client_id: 'our-client', token: ACCESS });
    expect(local.requests[0]!.url.pathname).toBe('/oauth2/revoke');
  });

  it('400 "Invalid token" means already revoked: fine', async () => {
    const { oauth } = await setup((_req, res) => sendJson(res, 400, { status: 400, message: 'Invalid token' }));
    await expect(oauth.revoke(ACCESS)).resolves.toBeUndefined();
  });

  it('404 "client does not exist" is a TwitchApiError', async () => {
    const { oauth } = await setup((_req, res) => sendJson(res, 404, { status: 404, message: 'client does not exist' }));
    await expect(oauth.revoke(ACCESS)).rejects.toMatchObject({ name: 'TwitchApiError', status: 404, twitchMessage: 'client does not exist' });
  });
});
