import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../support/manual-clock.js';
import { startFakeTwitch } from './index.js';
import type { FakeTwitch } from './index.js';
import { postForm } from './test-kit.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const SCOPES = 'user:read:chat user:manage:chat_color';

let clock: ManualClock;
let fake: FakeTwitch;
let clientId: string;

beforeEach(async () => {
  clock = new ManualClock();
  fake = await startFakeTwitch({ clock });
  clientId = fake.registerClient({ type: 'public' }).clientId;
  fake.createUser({ login: 'alice', displayName: 'Alice' });
});
afterEach(() => fake.close());

async function startDevice(id = clientId): Promise<{ device_code: string; user_code: string; interval: number; expires_in: number; verification_uri: string }> {
  const res = await postForm(`${fake.urls.auth}/device`, { client_id: id, scopes: SCOPES });
  expect(res.status).toBe(200);
  return res.json as never;
}

const poll = (deviceCode: string, id = clientId) =>
  postForm(`${fake.urls.auth}/token`, { client_id: id, scopes: SCOPES, device_code: deviceCode, grant_type: DEVICE_GRANT });

const refresh = (refreshToken: string, extra: Record<string, string> = {}) =>
  postForm(`${fake.urls.auth}/token`, { client_id: clientId, grant_type: 'refresh_token', refresh_token: refreshToken, ...extra });

describe('POST /oauth2/device', () => {
  it('answers the device code, user code, interval, expiry and a verification URI carrying the code', async () => {
    const dev = await startDevice();
    expect(dev).toMatchObject({ expires_in: 1800, interval: 5 });
    expect(dev.user_code).toMatch(/^[A-Z]{8}$/);
    expect(dev.verification_uri).toBe(`${fake.urls.auth.replace('/oauth2', '')}/activate?public=true&device-code=${dev.user_code}`);
    expect(dev).not.toHaveProperty('verification_uri_complete');
  });

  it('rejects an unknown client and a missing scopes field in Twitch\'s error shape', async () => {
    expect(await postForm(`${fake.urls.auth}/device`, { client_id: 'nope', scopes: SCOPES })).toMatchObject({ status: 400, json: { status: 400, message: 'invalid client' } });
    expect(await postForm(`${fake.urls.auth}/device`, { client_id: clientId })).toMatchObject({ status: 400, json: { status: 400, message: 'missing scopes' } });
  });

  it('accepts multipart forms and query parameters too', async () => {
    const body = new FormData();
    body.set('client_id', clientId);
    body.set('scopes', SCOPES);
    expect((await fetch(`${fake.urls.auth}/device`, { method: 'POST', body })).status).toBe(200);
    const viaQuery = await fetch(`${fake.urls.auth}/device?client_id=${clientId}&scopes=${encodeURIComponent(SCOPES)}`, { method: 'POST' });
    expect(viaQuery.status).toBe(200);
  });

  it('uses the test-only interval and expiry from the options', async () => {
    fake.setTimings({ deviceIntervalSeconds: 1, deviceExpiresSeconds: 30 });
    expect(await startDevice()).toMatchObject({ interval: 1, expires_in: 30 });
  });
});

describe('POST /oauth2/token, device grant', () => {
  it('is authorization_pending until approved, then issues tokens once', async () => {
    const dev = await startDevice();
    expect(await poll(dev.device_code)).toMatchObject({ status: 400, json: { status: 400, message: 'authorization_pending' } });
    expect(fake.deviceLogins()).toMatchObject([{ userCode: dev.user_code, state: 'pending', clientId }]);
    fake.approveDevice(dev.user_code, 'alice');
    const ok = await poll(dev.device_code);
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ expires_in: 14124, token_type: 'bearer', scope: ['user:read:chat', 'user:manage:chat_color'] });
    expect(ok.json).not.toHaveProperty('error');
    // Device codes are one-time use.
    expect(await poll(dev.device_code)).toMatchObject({ status: 400, json: { message: 'invalid device code' } });
  });

  it('answers invalid device code after denial, expiry, for another client or an unknown code', async () => {
    const denied = await startDevice();
    fake.denyDevice(denied.user_code);
    expect((await poll(denied.device_code)).json).toEqual({ status: 400, message: 'invalid device code' });

    const expiring = await startDevice();
    await clock.advance(1800 * 1000);
    expect((await poll(expiring.device_code)).json).toEqual({ status: 400, message: 'invalid device code' });
    expect(fake.deviceLogins().find((d) => d.userCode === expiring.user_code)?.state).toBe('expired');
    expect(() => fake.approveDevice(expiring.user_code, 'alice')).toThrow(/no pending device login/);

    const other = fake.registerClient().clientId;
    const mine = await startDevice();
    expect((await poll(mine.device_code, other)).json).toEqual({ status: 400, message: 'invalid device code' });
    expect((await poll('made-up')).json).toEqual({ status: 400, message: 'invalid device code' });
  });

  it('answers slow_down to polls faster than the interval when that switch is on', async () => {
    fake.setEnforceDeviceInterval(true);
    const dev = await startDevice();
    expect((await poll(dev.device_code)).json).toMatchObject({ message: 'authorization_pending' });
    expect((await poll(dev.device_code)).json).toMatchObject({ message: 'slow_down' });
    await clock.advance(5000);
    expect((await poll(dev.device_code)).json).toMatchObject({ message: 'authorization_pending' });
  });

  it('rejects a missing or unknown grant type', async () => {
    expect((await postForm(`${fake.urls.auth}/token`, { client_id: clientId })).json).toEqual({ status: 400, message: 'missing grant type' });
    expect((await postForm(`${fake.urls.auth}/token`, { client_id: clientId, grant_type: 'password' })).json).toEqual({ status: 400, message: 'unsupported grant type' });
  });
});

describe('POST /oauth2/token, refresh grant', () => {
  it('refreshes a public client without a secret; refresh tokens are single use', async () => {
    const first = fake.issueToken({ user: 'alice', clientId });
    const ok = await refresh(first.refresh_token);
    expect(ok.status).toBe(200);
    const second = ok.json as { access_token: string; refresh_token: string };
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(await refresh(first.refresh_token)).toMatchObject({ status: 400, json: { status: 400, message: 'Invalid refresh token' } });
    expect((await refresh(second.refresh_token)).status).toBe(200);
    expect(fake.log.refreshGrants()).toBe(3);
    expect(fake.log.refreshGrants({ status: 400 })).toBe(1);
  });

  it('two concurrent refreshes with one token: exactly one wins', async () => {
    const grant = fake.issueToken({ user: 'alice', clientId });
    const results = await Promise.all([refresh(grant.refresh_token), refresh(grant.refresh_token)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
  });

  it('a failed refresh does not kill the current access token', async () => {
    const grant = fake.issueToken({ user: 'alice', clientId });
    await refresh('garbage');
    const res = await fetch(`${fake.urls.auth}/validate`, { headers: { Authorization: `OAuth ${grant.access_token}` } });
    expect(res.status).toBe(200);
  });

  it('confidential clients need their secret: missing client secret, then invalid client secret', async () => {
    const conf = fake.registerClient({ type: 'confidential', secret: 's3cret' });
    const grant = fake.issueToken({ user: 'alice', clientId: conf.clientId });
    const base = { client_id: conf.clientId };
    expect((await refresh(grant.refresh_token, base)).json).toEqual({ status: 400, message: 'missing client secret' });
    expect((await refresh(grant.refresh_token, { ...base, client_secret: 'wrong' })).json).toEqual({ status: 403, message: 'invalid client secret' });
    expect((await refresh(grant.refresh_token, { ...base, client_secret: 's3cret' })).status).toBe(200);
  });

  it('a confidential client gets a device token without a secret but cannot refresh it without one', async () => {
    const conf = fake.registerClient({ type: 'confidential' });
    const dev = await startDevice(conf.clientId);
    fake.approveDevice(dev.user_code, 'alice');
    const got = await poll(dev.device_code, conf.clientId);
    expect(got.status).toBe(200);
    const rt = (got.json as { refresh_token: string }).refresh_token;
    expect((await refresh(rt, { client_id: conf.clientId })).json).toEqual({ status: 400, message: 'missing client secret' });
  });

  it('rejects unknown clients, a refresh token of another client, a missing one, and one older than 30 days', async () => {
    const grant = fake.issueToken({ user: 'alice', clientId });
    expect((await refresh(grant.refresh_token, { client_id: 'nope' })).json).toEqual({ status: 400, message: 'invalid client' });
    const other = fake.registerClient().clientId;
    expect((await refresh(grant.refresh_token, { client_id: other })).json).toEqual({ status: 400, message: 'Invalid refresh token' });
    expect((await postForm(`${fake.urls.auth}/token`, { client_id: clientId, grant_type: 'refresh_token' })).json).toEqual({ status: 400, message: 'missing refresh token' });
    await clock.advance(30 * 24 * 3600 * 1000);
    expect((await refresh(grant.refresh_token)).json).toEqual({ status: 400, message: 'Invalid refresh token' });
  });

  it('revoking the user kills access and refresh tokens', async () => {
    const grant = fake.issueToken({ user: 'alice', clientId });
    expect(fake.revokeUserTokens('alice')).toBe(1);
    expect((await refresh(grant.refresh_token)).json).toEqual({ status: 400, message: 'Invalid refresh token' });
    expect((await fetch(`${fake.urls.auth}/validate`, { headers: { Authorization: `OAuth ${grant.access_token}` } })).status).toBe(401);
  });
});

describe('GET /oauth2/validate', () => {
  it('answers client, login, scopes, user and seconds left, for OAuth and Bearer', async () => {
    const grant = fake.issueToken({ user: 'alice', clientId, expiresInSeconds: 100 });
    await clock.advance(40_000);
    for (const scheme of ['OAuth', 'Bearer']) {
      const res = await fetch(`${fake.urls.auth}/validate`, { headers: { Authorization: `${scheme} ${grant.access_token}` } });
      expect(await res.json()).toEqual({ client_id: clientId, login: 'alice', scopes: ['user:read:chat', 'user:manage:chat_color'], user_id: fake.user('alice').id, expires_in: 60 });
    }
  });

  it('reports scopes as null when the token has none', async () => {
    const grant = fake.issueToken({ user: 'alice', clientId, scopes: [] });
    const res = await fetch(`${fake.urls.auth}/validate`, { headers: { Authorization: `OAuth ${grant.access_token}` } });
    expect(await res.json()).toMatchObject({ scopes: null });
  });

  it('401s a missing, unknown, expired or expired-on-demand token', async () => {
    const missing = await fetch(`${fake.urls.auth}/validate`);
    expect(missing.status).toBe(401);
    const unknown = await fetch(`${fake.urls.auth}/validate`, { headers: { Authorization: 'OAuth nope' } });
    expect(await unknown.json()).toEqual({ status: 401, message: 'invalid access token' });
    const short = fake.issueToken({ user: 'alice', clientId, expiresInSeconds: 10 });
    await clock.advance(10_000);
    expect((await fetch(`${fake.urls.auth}/validate`, { headers: { Authorization: `OAuth ${short.access_token}` } })).status).toBe(401);
    const grant = fake.issueToken({ user: 'alice', clientId });
    fake.expireAccessToken(grant.access_token);
    expect((await fetch(`${fake.urls.auth}/validate`, { headers: { Authorization: `OAuth ${grant.access_token}` } })).status).toBe(401);
    expect((await refresh(grant.refresh_token)).status).toBe(200);
    const another = fake.issueToken({ user: 'alice', clientId });
    expect(fake.expireUserTokens('alice')).toBeGreaterThanOrEqual(1);
    expect((await fetch(`${fake.urls.auth}/validate`, { headers: { Authorization: `OAuth ${another.access_token}` } })).status).toBe(401);
  });
});

describe('POST /oauth2/revoke', () => {
  it('revokes with 200 and an empty body; again gives Invalid token', async () => {
    const grant = fake.issueToken({ user: 'alice', clientId });
    const ok = await postForm(`${fake.urls.auth}/revoke`, { client_id: clientId, token: grant.access_token });
    expect(ok).toMatchObject({ status: 200, text: '' });
    expect((await fetch(`${fake.urls.auth}/validate`, { headers: { Authorization: `OAuth ${grant.access_token}` } })).status).toBe(401);
    expect((await postForm(`${fake.urls.auth}/revoke`, { client_id: clientId, token: grant.access_token })).json).toEqual({ status: 400, message: 'Invalid token' });
  });

  it('answers 404 client does not exist for an unknown client', async () => {
    expect(await postForm(`${fake.urls.auth}/revoke`, { client_id: 'nope', token: 'x' })).toMatchObject({ status: 404, json: { status: 404, message: 'client does not exist' } });
  });
});
