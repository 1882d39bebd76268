import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src-core/runtime/clock.js';
import { MemoryLogSink, createLogger } from '../../../../src-core/runtime/logger.js';
import { OAuthClient } from '../../../../src-core/twitch/auth/oauth-client.js';
import { DeviceLoginError, TwitchApiError } from '../../../../src-core/twitch/errors.js';
import { HttpClient } from '../../../../src-core/twitch/http/http-client.js';
import { ManualClock } from '../../../support/manual-clock.js';
import { runOnClock, waitUntil, sendJson, sendTwitchError, startLocalServer, type Handler, type LocalServer, type RecordedRequest } from '../http/local-server.js';

const DEVICE_CODE = 'device-code-secret-0123456789';
const ACCESS = 'access-token-secret-abcdef';
const REFRESH = 'refresh-token-secret-ghijkl';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  local: LocalServer;
  clock: ManualClock;
  sink: MemoryLogSink;
  oauth: OAuthClient;
  /** Token polls with the simulated time they arrived at. */
  polls: { at: number; req: RecordedRequest }[];
}

/**
 * `onPoll(n, deviceCode)` answers the n-th token poll (1-based). Each /device call hands
 * out `${DEVICE_CODE}-${k}`. The flow runs on a ManualClock; HTTP timeouts on real time.
 */
async function setup(
  onPoll: (n: number, deviceCode: string, res: Parameters<Handler>[1]) => void,
  device: { expires_in?: number; interval?: number } = {},
): Promise<Setup> {
  const clock = new ManualClock();
  const polls: Setup['polls'] = [];
  let logins = 0;
  const local = await startLocalServer((req, res) => {
    if (req.url.pathname === '/oauth2/device') {
      logins += 1;
      return sendJson(res, 200, {
        device_code: `${DEVICE_CODE}-${logins}`,
        expires_in: device.expires_in ?? 1800,
        interval: device.interval ?? 5,
        user_code: `CODE${logins}`,
        verification_uri: `https://www.twitch.tv/activate?public=true&device-code=CODE${logins}`,
      });
    }
    polls.push({ at: clock.now(), req });
    onPoll(polls.length, req.form.get('device_code') ?? '', res);
  });
  const http = new HttpClient({ clock: systemClock, proxyEnv: {} });
  cleanups.push(() => local.close(), () => http.close());
  const sink = new MemoryLogSink();
  const oauth = new OAuthClient({ http, endpoints: { authUrl: `${local.origin}/oauth2` }, clientId: 'our-client', clock, logger: createLogger(sink) });
  return { local, clock, sink, oauth, polls };
}

const grant = (res: Parameters<Handler>[1]) =>
  sendJson(res, 200, { access_token: ACCESS, refresh_token: REFRESH, expires_in: 14_000, scope: ['user:read:chat', 'user:manage:chat_color'], token_type: 'bearer' });
const pending = (res: Parameters<Handler>[1]) => sendTwitchError(res, 400, 'authorization_pending');

describe('device-code login', () => {
  it('starts with the two required scopes and user:read:follows (issue 18: asked of every new login), polls every interval, and returns the tokens', async () => {
    const { local, clock, oauth, polls } = await setup((n, _code, res) => (n < 3 ? pending(res) : grant(res)));
    const start = clock.now();
    const login = await oauth.startDeviceLogin();
    expect(login.userCode).toBe('CODE1');
    expect(login.verificationUri).toBe('https://www.twitch.tv/activate?public=true&device-code=CODE1');
    expect(login.expiresAt).toBe(start + 1_800_000);
    expect(login.intervalMs).toBe(5_000);
    const startForm = local.requests[0]!.form;
    expect(startForm.get('client_id')).toBe('our-client');
    expect(startForm.get('scopes')).toBe('user:read:chat user:manage:chat_color user:read:follows');
    expect(startForm.has('client_secret')).toBe(false);

    const tokens = await runOnClock(clock, login.poll(), { stepMs: 1_000 });
    expect(tokens.accessToken).toBe(ACCESS);
    expect(tokens.refreshToken).toBe(REFRESH);
    expect(tokens.scopes).toEqual(['user:read:chat', 'user:manage:chat_color']);
    expect(polls.map((p) => p.at - start)).toEqual([5_000, 10_000, 15_000]);
    const form = polls[0]!.req.form;
    expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:device_code');
    expect(form.get('device_code')).toBe(`${DEVICE_CODE}-1`);
    expect(form.get('client_id')).toBe('our-client');
    expect(form.has('client_secret')).toBe(false);
  });

  it('R21 expired code -> a new login succeeds at once', async () => {
    const { clock, oauth, polls } = await setup(
      (_n, code, res) => (code.endsWith('-1') ? pending(res) : grant(res)),
      { expires_in: 30, interval: 5 },
    );
    const first = await oauth.startDeviceLogin();
    const failed = await runOnClock(clock, first.poll(), { stepMs: 1_000 }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(DeviceLoginError);
    expect((failed as DeviceLoginError).reason).toBe('expired');
    // Never polled past expires_in.
    expect(polls.every((p) => p.at < first.expiresAt)).toBe(true);
    expect(clock.now()).toBe(first.expiresAt);

    const second = await oauth.startDeviceLogin();
    expect(second.userCode).toBe('CODE2');
    const tokens = await runOnClock(clock, second.poll(), { stepMs: 1_000 });
    expect(tokens.accessToken).toBe(ACCESS);
  });

  it('R21 slow_down -> interval grows by 5 s each time', async () => {
    const { clock, oauth, polls } = await setup((n, _code, res) => {
      if (n === 1 || n === 3) return sendTwitchError(res, 400, 'slow_down');
      return n < 5 ? pending(res) : grant(res);
    });
    const login = await oauth.startDeviceLogin();
    const start = clock.now();
    await runOnClock(clock, login.poll(), { stepMs: 1_000 });
    const gaps = polls.map((p, i) => p.at - (i === 0 ? start : polls[i - 1]!.at));
    expect(gaps).toEqual([5_000, 10_000, 10_000, 15_000, 15_000]);
    expect(login.intervalMs).toBe(15_000);
  });

  it('R21 a denied login ends with DeviceLoginError and the next login works', async () => {
    const { clock, oauth } = await setup((_n, code, res) => (code.endsWith('-1') ? sendTwitchError(res, 400, 'access_denied') : grant(res)));
    const first = await oauth.startDeviceLogin();
    await expect(runOnClock(clock, first.poll())).rejects.toMatchObject({ reason: 'denied' });
    // The same login stays failed; it does not poll again.
    await expect(first.poll()).rejects.toMatchObject({ reason: 'denied' });
    const second = await oauth.startDeviceLogin();
    await expect(runOnClock(clock, second.poll())).resolves.toBeDefined();
  });

  it('expired_token ends the login as expired', async () => {
    const { clock, oauth } = await setup((_n, _code, res) => sendTwitchError(res, 400, 'expired_token'));
    const login = await oauth.startDeviceLogin();
    await expect(runOnClock(clock, login.poll())).rejects.toMatchObject({ reason: 'expired' });
  });

  it('G2 "invalid device code" keeps polling until the user confirms', async () => {
    const { clock, oauth, polls } = await setup((n, _code, res) => (n < 4 ? sendTwitchError(res, 400, 'invalid device code') : grant(res)));
    const login = await oauth.startDeviceLogin();
    await expect(runOnClock(clock, login.poll())).resolves.toBeDefined();
    expect(polls).toHaveLength(4);
  });

  it('G2 "invalid device code" until expires_in ends as expired, not sooner', async () => {
    const { clock, oauth, polls } = await setup((_n, _code, res) => sendTwitchError(res, 400, 'invalid device code'), { expires_in: 60, interval: 5 });
    const login = await oauth.startDeviceLogin();
    await expect(runOnClock(clock, login.poll())).rejects.toMatchObject({ reason: 'expired' });
    expect(polls.length).toBe(11);
    expect(clock.now()).toBe(login.expiresAt);
  });

  it('keeps polling through 5xx and network trouble, and slows down on 429', async () => {
    const { clock, oauth, polls } = await setup((n, _code, res) => {
      if (n === 1) return sendTwitchError(res, 503, 'Service Unavailable');
      if (n === 2) return void res.destroy();
      if (n === 3) return sendTwitchError(res, 429, 'Too Many Requests');
      return grant(res);
    });
    const login = await oauth.startDeviceLogin();
    await expect(runOnClock(clock, login.poll())).resolves.toBeDefined();
    expect(polls).toHaveLength(4);
    expect(login.intervalMs).toBe(10_000);
  });

  it('an unknown client ends the login as invalid_client; an unknown error is a TwitchApiError', async () => {
    const { clock, oauth } = await setup((n, _code, res) => (n === 1 ? sendTwitchError(res, 400, 'invalid client') : sendTwitchError(res, 400, 'something new')));
    const first = await oauth.startDeviceLogin();
    await expect(runOnClock(clock, first.poll())).rejects.toMatchObject({ reason: 'invalid_client' });
    const second = await oauth.startDeviceLogin();
    await expect(runOnClock(clock, second.poll())).rejects.toBeInstanceOf(TwitchApiError);
  });

  it('start with an unknown client -> DeviceLoginError invalid_client', async () => {
    const local = await startLocalServer((_req, res) => sendTwitchError(res, 400, 'invalid client'));
    const http = new HttpClient({ clock: systemClock, proxyEnv: {} });
    cleanups.push(() => local.close(), () => http.close());
    const oauth = new OAuthClient({ http, endpoints: { authUrl: local.origin }, clientId: 'x', clock: systemClock, logger: createLogger(new MemoryLogSink()) });
    await expect(oauth.startDeviceLogin()).rejects.toMatchObject({ name: 'DeviceLoginError', reason: 'invalid_client' });
  });

  it('R21 cancel ends the poll with DeviceLoginError cancelled, leaves no timer, and the code can be polled again', async () => {
    const { clock, oauth, polls } = await setup((n, _code, res) => (n < 3 ? pending(res) : grant(res)));
    const login = await oauth.startDeviceLogin();
    const controller = new AbortController();
    const polling = login.poll(controller.signal);
    await clock.advance(5_000);
    // The first poll was answered "pending" and the loop sleeps until the next one.
    await waitUntil(() => polls.length === 1 && clock.pending === 1);
    controller.abort();
    await expect(polling).rejects.toMatchObject({ name: 'DeviceLoginError', reason: 'cancelled' });
    expect(clock.pending).toBe(0);
    const tokens = await runOnClock(clock, login.poll());
    expect(tokens.accessToken).toBe(ACCESS);
    expect(polls).toHaveLength(3);
  });

  it('concurrent polls share one loop', async () => {
    const { clock, oauth, polls } = await setup((n, _code, res) => (n < 2 ? pending(res) : grant(res)));
    const login = await oauth.startDeviceLogin();
    const a = login.poll();
    const b = login.poll();
    expect(a).toBe(b);
    await runOnClock(clock, a);
    expect(polls).toHaveLength(2);
  });

  it('never shows the device code or tokens in inspect output, JSON or logs', async () => {
    const { clock, oauth, sink } = await setup((n, _code, res) => (n === 1 ? sendTwitchError(res, 400, 'slow_down') : grant(res)));
    const login = await oauth.startDeviceLogin();
    const tokens = await runOnClock(clock, login.poll());
    const shown = [inspect(login, { depth: 5, showHidden: true }), JSON.stringify(login), inspect(tokens, { depth: 5 }), JSON.stringify(tokens), JSON.stringify(sink.records), inspect(oauth, { depth: 5 })].join('\n');
    expect(shown).not.toContain(DEVICE_CODE);
    expect(shown).not.toContain(ACCESS);
    expect(shown).not.toContain(REFRESH);
    expect(JSON.stringify(tokens)).toContain('expiresAt');
  });
});
