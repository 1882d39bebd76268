import type { CliProcess } from './cli-process.js';
import type { E2e } from './e2e-harness.js';
import { until } from './with-e2e.js';

/**
 * kill -9 at moments around a token refresh (R32). Twitch's refresh tokens are single-use
 * (G3), so a process that used the new access token before the new refresh token was on
 * disk would leave a store whose refresh token is spent. Every moment comes after the
 * process relied on the refresh (it used the new token, or said it refreshed); a kill
 * between Twitch's answer and the write cannot be survived by anyone (G3) and is not tried.
 */
export interface CrashMoment {
  name: string;
  /** The access token expires before `run` starts (refresh at start-up) or while it runs (refresh after a 401). */
  expire: 'before-start' | 'while-running';
  reached(e: E2e, run: CliProcess, refresh: { seq: number }): boolean;
}

export const CRASH_MOMENTS: readonly CrashMoment[] = [
  {
    name: 'the first request after the refresh was answered',
    expire: 'before-start',
    reached: (e, _run, refresh) => e.fake.log.requests().some((r) => r.seq > refresh.seq),
  },
  {
    name: 'the refresh is logged',
    expire: 'before-start',
    reached: (_e, run) => /Access token refreshed/.test(run.stderr),
  },
  {
    name: 'the subscription is created again',
    expire: 'before-start',
    reached: (e, _run, refresh) => e.fake.log.requests({ method: 'POST', path: '/helix/eventsub/subscriptions', status: 202 }).some((r) => r.seq > refresh.seq),
  },
  {
    name: 'the color change retried after a 401 arrives',
    expire: 'while-running',
    reached: (e, _run, refresh) => e.fake.log.requests({ method: 'PUT', path: '/helix/chat/color' }).some((r) => r.seq > refresh.seq),
  },
];

const answeredRefreshes = (e: E2e) => e.fake.log.requests({ method: 'POST', path: '/oauth2/token', grantType: 'refresh_token', status: 200 });

/**
 * Starts `run` on `dataDir`, makes it refresh `login`'s token, kills it with SIGKILL at
 * `moment`, and returns the stored refresh token before and after.
 */
export async function killAfterRefresh(e: E2e, dataDir: string, login: string, moment: CrashMoment): Promise<{ before: string | undefined; after: string | undefined }> {
  const before = e.storedRefreshToken(dataDir, login);
  const answered = answeredRefreshes(e).length;
  if (moment.expire === 'before-start') e.fake.expireUserTokens(login);
  const run = e.spawn(dataDir, ['run']);
  if (moment.expire === 'while-running') {
    const userId = e.fake.user(login).id;
    await until(() => e.liveChannels(userId).length > 0, `${moment.name}: subscribed`);
    e.fake.expireUserTokens(login);
    e.fake.say({ channel: login, chatter: login, text: 'a message after the token expired' });
  }
  const refresh = await until(() => answeredRefreshes(e)[answered], `${moment.name}: refreshed`);
  await until(() => moment.reached(e, run, refresh), moment.name);
  await run.stop('SIGKILL');
  return { before, after: e.storedRefreshToken(dataDir, login) };
}

/** What Twitch answers a refresh with this token: 400 once it was spent. */
export async function refreshStatus(e: E2e, refreshToken: string): Promise<number> {
  const response = await fetch(`${e.fake.urls.auth}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: e.clientId }).toString(),
  });
  await response.arrayBuffer();
  return response.status;
}
