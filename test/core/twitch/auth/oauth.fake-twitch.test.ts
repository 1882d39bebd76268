import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src-core/runtime/clock.js';
import { TimeoutError } from '../../../../src-core/runtime/errors.js';
import { MemoryLogSink, createLogger } from '../../../../src-core/runtime/logger.js';
import { OAuthClient } from '../../../../src-core/twitch/auth/oauth-client.js';
import { loadEndpoints } from '../../../../src-core/twitch/endpoints.js';
import { AuthError, DeviceLoginError } from '../../../../src-core/twitch/errors.js';
import { HttpClient } from '../../../../src-core/twitch/http/http-client.js';
import { startFakeTwitch, type FakeTwitch } from '../../../fake-twitch/index.js';
import { ManualClock } from '../../../support/manual-clock.js';
import { waitFor } from '../../../support/wait-for.js';
import { runOnClock } from '../http/local-server.js';

let clock: ManualClock;
let fake: FakeTwitch;
let http: HttpClient;

beforeEach(async () => {
  clock = new ManualClock();
  fake = await startFakeTwitch({ clock, timings: { deviceExpiresSeconds: 60 } });
  // Timeouts on real time: the flow's waits run on the ManualClock shared with the fake.
  http = new HttpClient({ clock: systemClock, proxyEnv: {} });
  fake.createUser({ login: 'me' });
});
afterEach(async () => {
  await http.close();
  await fake.close();
});

function oauthFor(clientId: string, clientSecret?: string): OAuthClient {
  const endpoints = loadEndpoints({ TWITCH_AUTH_URL: fake.urls.auth, TWITCH_API_URL: fake.urls.api, TWITCH_EVENTSUB_URL: fake.urls.eventsub });
  return new OAuthClient({ http, endpoints, clientId, clientSecret, clock, logger: createLogger(new MemoryLogSink()) });
}

describe('OAuth against the fake Twitch', () => {
  it('device login -> validate -> refresh (single use) -> revoke', async () => {
    const { clientId } = fake.registerClient({ type: 'public' });
    const oauth = oauthFor(clientId);
    const login = await oauth.startDeviceLogin();
    expect(fake.deviceLogins()).toMatchObject([{ userCode: login.userCode, state: 'pending', scopes: ['user:read:chat', 'user:manage:chat_color', 'user:read:follows'] }]);
    const polling = login.poll();
    // The user takes a while: a few polls are answered authorization_pending first.
    await clock.advance(5_000);
    await waitFor(() => fake.log.requests({ path: '/oauth2/token' }).length === 1 && clock.pending === 1);
    fake.approveDevice(login.userCode, 'me');
    const tokens = await runOnClock(clock, polling, { stepMs: 1_000 });
    expect(tokens.scopes).toEqual(['user:read:chat', 'user:manage:chat_color', 'user:read:follows']);

    const validated = await oauth.validate(tokens.accessToken);
    expect(validated).toEqual({ valid: true, info: { clientId, login: 'me', userId: fake.user('me').id, scopes: tokens.scopes, expiresInSec: 14_124 } });

    const rotated = await oauth.refresh(tokens.refreshToken);
    expect(rotated.refreshToken).not.toBe(tokens.refreshToken);
    await expect(oauth.refresh(tokens.refreshToken)).rejects.toMatchObject({ name: 'AuthError', reason: 'invalid_refresh_token' });

    await oauth.revoke(rotated.accessToken);
    await expect(oauth.validate(rotated.accessToken)).resolves.toEqual({ valid: false });
    // Revoking again: Twitch says "Invalid token", which is what we wanted anyway.
    await expect(oauth.revoke(rotated.accessToken)).resolves.toBeUndefined();
  });

  it('R21 expired code -> a new login succeeds at once', async () => {
    const { clientId } = fake.registerClient({ type: 'public' });
    const oauth = oauthFor(clientId);
    const first = await oauth.startDeviceLogin();
    const failed = await runOnClock(clock, first.poll(), { stepMs: 1_000 }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(DeviceLoginError);
    expect(failed).toMatchObject({ reason: 'expired' });
    expect(fake.deviceLogins()[0]?.state).toBe('expired');

    const second = await oauth.startDeviceLogin();
    fake.approveDevice(second.userCode, 'me');
    const tokens = await runOnClock(clock, second.poll(), { stepMs: 1_000 });
    await expect(oauth.validate(tokens.accessToken)).resolves.toMatchObject({ valid: true });
  });

  it('R21 a denied login ends as denied (or expired code) and the next one works', async () => {
    const { clientId } = fake.registerClient({ type: 'public' });
    const oauth = oauthFor(clientId);
    const first = await oauth.startDeviceLogin();
    fake.denyDevice(first.userCode);
    // The fake answers a denied code with "invalid device code" (G2): pending until expiry.
    await expect(runOnClock(clock, first.poll(), { stepMs: 1_000 })).rejects.toBeInstanceOf(DeviceLoginError);
    const second = await oauth.startDeviceLogin();
    fake.approveDevice(second.userCode, 'me');
    await expect(runOnClock(clock, second.poll(), { stepMs: 1_000 })).resolves.toBeDefined();
  });

  it('an unknown client id cannot start a login', async () => {
    await expect(oauthFor('nobody').startDeviceLogin()).rejects.toMatchObject({ name: 'DeviceLoginError', reason: 'invalid_client' });
  });

  it('confidential client: refresh needs the secret (imported tokens)', async () => {
    const { clientId, secret } = fake.registerClient({ type: 'confidential' });
    const grant = fake.issueToken({ user: 'me', clientId });
    await expect(oauthFor(clientId).refresh(grant.refresh_token)).rejects.toMatchObject({ name: 'AuthError', reason: 'missing_client_secret' });
    const tokens = await oauthFor(clientId, secret).refresh(grant.refresh_token);
    expect(tokens.accessToken).not.toBe(grant.access_token);
    expect(fake.log.refreshGrants({ status: 200, clientId })).toBe(1);
  });

  it('validate checks our client id and both scopes', async () => {
    const { clientId } = fake.registerClient({ type: 'public' });
    const other = fake.registerClient({ type: 'public' }).clientId;
    const oneScope = fake.issueToken({ user: 'me', clientId, scopes: ['user:read:chat'] });
    const noScopes = fake.issueToken({ user: 'me', clientId, scopes: [] });
    const foreign = fake.issueToken({ user: 'me', clientId: other });
    const oauth = oauthFor(clientId);
    await expect(oauth.validate(oneScope.access_token)).rejects.toMatchObject({ reason: 'missing_scope' });
    // G13: the fake sends `scopes: null` for a token without scopes.
    await expect(oauth.validate(noScopes.access_token)).rejects.toMatchObject({ reason: 'missing_scope' });
    await expect(oauth.validate(foreign.access_token)).rejects.toBeInstanceOf(AuthError);
    await expect(oauth.validate(foreign.access_token)).rejects.toMatchObject({ reason: 'client_mismatch' });
    fake.expireUserTokens('me');
    await expect(oauth.validate(oneScope.access_token)).resolves.toEqual({ valid: false });
  });

  it('R26 Twitch never answers a refresh -> TimeoutError within the bound', async () => {
    const { clientId } = fake.registerClient({ type: 'public' });
    const grant = fake.issueToken({ user: 'me', clientId });
    fake.injectFault({ method: 'POST', path: '/oauth2/token', hang: true });
    const timed = new HttpClient({ clock, proxyEnv: {}, timeoutMs: 10_000 });
    try {
      const oauth = new OAuthClient({ http: timed, endpoints: { authUrl: fake.urls.auth }, clientId, clock, logger: createLogger(new MemoryLogSink()) });
      const refreshing = oauth.refresh(grant.refresh_token).catch((error: unknown) => error);
      await waitFor(() => fake.log.requests({ path: '/oauth2/token' }).length === 1);
      await clock.advance(9_999);
      expect(fake.log.requests({ path: '/oauth2/token' })[0]?.status).toBeUndefined();
      await clock.advance(1);
      const error = await refreshing;
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error).toMatchObject({ operation: 'oauth POST /token', timeoutMs: 10_000 });
    } finally {
      await timed.close();
    }
  });
});
