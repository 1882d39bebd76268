import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../support/manual-clock.js';
import { NAMED_COLORS, startFakeTwitch } from './index.js';
import type { FakeTwitch } from './index.js';
import type { Kit } from './test-kit.js';
import { helix, seed } from './test-kit.js';

let clock: ManualClock;
let fake: FakeTwitch;
let kit: Kit;

beforeEach(async () => {
  clock = new ManualClock();
  fake = await startFakeTwitch({ clock });
  kit = seed(fake);
});
afterEach(() => fake.close());

describe('Helix authentication', () => {
  it('401s a missing or bad token, a missing Client-Id and a Client-Id of another app', async () => {
    const noToken = await fetch(`${fake.urls.api}/users`, { headers: { 'Client-Id': kit.clientId } });
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toEqual({ error: 'Unauthorized', status: 401, message: 'Invalid OAuth token' });
    expect((await helix(fake, 'GET', '/users', { ...kit.call, token: 'bad' })).status).toBe(401);
    const noClient = await fetch(`${fake.urls.api}/users`, { headers: { Authorization: `Bearer ${kit.token.access_token}` } });
    expect(noClient.status).toBe(401);
    const other = fake.registerClient().clientId;
    expect(await helix(fake, 'GET', '/users', { ...kit.call, clientId: other })).toMatchObject({ status: 401, json: { error: 'Unauthorized', status: 401 } });
  });

  it('401s an expired token (Clock) and a revoked one', async () => {
    await clock.advance(14_124 * 1000);
    expect((await helix(fake, 'GET', '/users', kit.call)).status).toBe(401);
    const fresh = fake.issueToken({ user: 'me', clientId: kit.clientId });
    fake.revokeUserTokens('me');
    expect((await helix(fake, 'GET', '/users', { ...kit.call, token: fresh.access_token })).status).toBe(401);
  });

  it('404s unknown Helix routes', async () => {
    expect((await helix(fake, 'GET', '/streams', kit.call)).status).toBe(404);
  });

  it('logs each request with status, client, user and query', async () => {
    await helix(fake, 'GET', `/users?login=chan&login=me`, kit.call);
    const [entry] = fake.log.requests({ method: 'GET', path: '/helix/users' });
    expect(entry).toMatchObject({ status: 200, clientId: kit.clientId, userId: kit.me.id, query: { login: ['chan', 'me'] }, at: clock.now() });
    expect(fake.log.requests({ path: /^\/helix\// })).toHaveLength(1);
  });
});

describe('GET /helix/users', () => {
  it('returns the token user without parameters, with every documented field', async () => {
    const res = await helix(fake, 'GET', '/users', kit.call);
    expect(res.json).toEqual({
      data: [{
        id: kit.me.id, login: 'me', display_name: 'Me', type: '', broadcaster_type: '', description: '',
        profile_image_url: expect.any(String), offline_image_url: '', view_count: 0, created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/),
      }],
    });
  });

  it('profile_image_url is a picture the fake serves like Twitch’s CDN: a PNG under jtv_user_pictures, a new URL per upload', async () => {
    const url = ((await helix(fake, 'GET', '/users', kit.call)).json as { data: { profile_image_url: string }[] }).data[0]?.profile_image_url ?? '';
    expect(url).toMatch(new RegExp(`^${fake.urls.api.replace('/helix', '')}/jtv_user_pictures/${kit.me.id}-v1-profile_image-300x300\\.png$`));
    const picture = await fetch(url);
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await picture.arrayBuffer());
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(bytes.readUInt32BE(16)).toBe(300);

    fake.changeProfileImage('me');
    const next = ((await helix(fake, 'GET', '/users', kit.call)).json as { data: { profile_image_url: string }[] }).data[0]?.profile_image_url;
    expect(next).toContain('-v2-profile_image-300x300.png');
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(next ?? '')).status).toBe(200);
  });

  it('looks up repeated ids and logins together, skipping unknown ones', async () => {
    const res = await helix(fake, 'GET', `/users?login=CHAN&id=${kit.me.id}&login=ghost&id=999`, kit.call);
    expect((res.json as { data: { login: string }[] }).data.map((u) => u.login).sort()).toEqual(['chan', 'me']);
    const none = await helix(fake, 'GET', '/users?login=ghost', kit.call);
    expect(none.json).toEqual({ data: [] });
  });

  it('400s more than 100 ids and logins in total', async () => {
    const q = [...Array.from({ length: 50 }, (_, i) => `id=${i}`), ...Array.from({ length: 51 }, (_, i) => `login=u${i}`)].join('&');
    expect((await helix(fake, 'GET', `/users?${q}`, kit.call)).status).toBe(400);
    const hundred = Array.from({ length: 100 }, (_, i) => `login=u${i}`).join('&');
    expect((await helix(fake, 'GET', `/users?${hundred}`, kit.call)).status).toBe(200);
  });
});

describe('PUT /helix/chat/color', () => {
  const put = (query: string, call = kit.call) => helix(fake, 'PUT', `/chat/color?${query}`, call);

  it('accepts all 15 named colors from everyone (204, empty body) and logs them with time', async () => {
    for (const name of Object.keys(NAMED_COLORS)) {
      expect(await put(`user_id=${kit.me.id}&color=${name}`)).toMatchObject({ status: 204, text: '' });
      await clock.advance(1000);
    }
    const changes = fake.log.colorChanges(kit.me.id);
    expect(changes).toHaveLength(15);
    expect(changes[0]).toEqual({ userId: kit.me.id, color: 'blue', hex: '#0000FF', at: Date.UTC(2026, 0, 1) });
    expect(changes[14]?.at).toBe(Date.UTC(2026, 0, 1) + 14_000);
    expect(fake.user('me').color).toBe('#9ACD32');
  });

  it('400s hex for a user without Prime or Turbo, and accepts it once they have either', async () => {
    const hex = `user_id=${kit.me.id}&color=%239146ff`;
    const refused = await put(hex);
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: 'Bad Request', status: 400, message: expect.stringMatching(/Turbo|Prime/) });
    fake.updateUser('me', { prime: true });
    expect((await put(hex)).status).toBe(204);
    expect(fake.user('me').color).toBe('#9146FF');
    fake.updateUser('me', { prime: false, turbo: true });
    expect((await put(`user_id=${kit.me.id}&color=%23000000`)).status).toBe(204);
    expect(fake.log.colorChanges(kit.me.id).map((c) => c.color)).toEqual(['#9146ff', '#000000']);
  });

  it('400s unknown names, IRC-style names, bad hex, a missing color and a raw # (the fragment is never sent)', async () => {
    fake.updateUser('me', { prime: true });
    for (const color of ['purple', 'BlueViolet', 'Blue', '%23FFF', '9146FF', '']) {
      expect((await put(`user_id=${kit.me.id}&color=${color}`)).status, color).toBe(400);
    }
    expect((await put(`user_id=${kit.me.id}`)).status).toBe(400);
    expect((await put(`user_id=${kit.me.id}&color=#9146FF`)).status).toBe(400);
    expect(fake.log.colorChanges()).toEqual([]);
  });

  it('401s a user_id that is not the token user, and a token without user:manage:chat_color', async () => {
    expect((await put(`user_id=${kit.channel.id}&color=red`)).status).toBe(401);
    const readOnly = fake.issueToken({ user: 'me', clientId: kit.clientId, scopes: ['user:read:chat'] });
    expect((await put(`user_id=${kit.me.id}&color=red`, { ...kit.call, token: readOnly.access_token })).status).toBe(401);
    expect((await put('color=red')).status).toBe(400);
  });
});

describe('GET /helix/chat/color', () => {
  it('returns colors ("" if never set), ignoring duplicates and unknown ids', async () => {
    await helix(fake, 'PUT', `/chat/color?user_id=${kit.me.id}&color=coral`, kit.call);
    const res = await helix(fake, 'GET', `/chat/color?user_id=${kit.me.id}&user_id=${kit.channel.id}&user_id=${kit.me.id}&user_id=424242`, kit.call);
    expect(res.json).toEqual({
      data: [
        { user_id: kit.me.id, user_login: 'me', user_name: 'Me', color: '#FF7F50' },
        { user_id: kit.channel.id, user_login: 'chan', user_name: 'Chan', color: '' },
      ],
    });
  });

  it('400s a missing or non-numeric user_id and more than 100', async () => {
    expect((await helix(fake, 'GET', '/chat/color', kit.call)).status).toBe(400);
    expect((await helix(fake, 'GET', '/chat/color?user_id=abc', kit.call)).status).toBe(400);
    const many = Array.from({ length: 101 }, (_, i) => `user_id=${i}`).join('&');
    expect((await helix(fake, 'GET', `/chat/color?${many}`, kit.call)).status).toBe(400);
  });
});

describe('Helix rate limit', () => {
  it('sends Ratelimit-Limit/Remaining/Reset, 429s an empty bucket and refills on the Clock', async () => {
    fake.setRateLimit({ limit: 3 });
    const seen: { status: number; remaining: string | null }[] = [];
    for (let i = 0; i < 4; i += 1) {
      const res = await helix(fake, 'GET', '/users', kit.call);
      seen.push({ status: res.status, remaining: res.headers.get('ratelimit-remaining') });
    }
    expect(seen).toEqual([
      { status: 200, remaining: '2' }, { status: 200, remaining: '1' }, { status: 200, remaining: '0' }, { status: 429, remaining: '0' },
    ]);
    const limited = await helix(fake, 'GET', '/users', kit.call);
    expect(limited.json).toEqual({ error: 'Too Many Requests', status: 429, message: 'Too Many Requests' });
    expect(limited.headers.get('ratelimit-limit')).toBe('3');
    expect(Number(limited.headers.get('ratelimit-reset'))).toBe(Math.ceil((clock.now() + 60_000) / 1000));
    await clock.advance(20_000); // one point back
    expect((await helix(fake, 'GET', '/users', kit.call)).status).toBe(200);
    expect((await helix(fake, 'GET', '/users', kit.call)).status).toBe(429);
  });

  it('keeps one bucket per client and user', async () => {
    fake.setRateLimit({ limit: 5, userId: kit.me.id, remaining: 0, clientId: kit.clientId });
    expect((await helix(fake, 'PUT', `/chat/color?user_id=${kit.me.id}&color=red`, kit.call)).status).toBe(429);
    const chanToken = fake.issueToken({ user: 'chan', clientId: kit.clientId });
    const other = await helix(fake, 'GET', '/users', { ...kit.call, token: chanToken.access_token });
    expect(other).toMatchObject({ status: 200 });
    expect(other.headers.get('ratelimit-limit')).toBe('800');
    const client2 = fake.registerClient().clientId;
    const mine2 = fake.issueToken({ user: 'me', clientId: client2 });
    expect((await helix(fake, 'GET', '/users', { token: mine2.access_token, clientId: client2 })).status).toBe(200);
  });
});

describe('injected faults', () => {
  it('answers an injected status N times, in Twitch\'s error shape, then the real thing', async () => {
    fake.injectFault({ method: 'PUT', path: '/helix/chat/color', status: 503, times: 2 });
    const q = `/chat/color?user_id=${kit.me.id}&color=red`;
    expect(await helix(fake, 'PUT', q, kit.call)).toMatchObject({ status: 503, json: { error: 'Service Unavailable', status: 503 } });
    expect((await helix(fake, 'PUT', q, kit.call)).status).toBe(503);
    expect((await helix(fake, 'PUT', q, kit.call)).status).toBe(204);
    expect(fake.log.requests({ path: '/helix/chat/color' }).map((r) => r.fault)).toEqual(['status', 'status', undefined]);
  });

  it('uses a custom body and headers, and OAuth\'s shape on /oauth2', async () => {
    fake.injectFault({ method: 'POST', path: '/oauth2/token', status: 400, body: { status: 400, message: 'slow_down' } });
    const res = await fetch(`${fake.urls.auth}/token`, { method: 'POST' });
    expect(await res.json()).toEqual({ status: 400, message: 'slow_down' });
    fake.clearFaults();
    fake.injectFault({ method: 'GET', path: '/oauth2/validate', status: 500 });
    expect(await (await fetch(`${fake.urls.auth}/validate`)).json()).toEqual({ status: 500, message: 'Internal Server Error' });
    fake.clearFaults();
    fake.injectFault({ method: 'GET', path: '/helix/users', status: 429, headers: { 'Ratelimit-Remaining': '0', 'Ratelimit-Reset': '123' } });
    const limited = await helix(fake, 'GET', '/users', kit.call);
    expect(limited.headers.get('ratelimit-reset')).toBe('123');
  });

  it('delays a response by latency on the Clock', async () => {
    const handle = fake.injectFault({ method: 'GET', path: '/helix/users', latencyMs: 5000 });
    let done = false;
    const pending = helix(fake, 'GET', '/users', kit.call).then((r) => ((done = true), r));
    await new Promise((r) => setTimeout(r, 30));
    expect(done).toBe(false);
    await clock.advance(5000);
    expect((await pending).status).toBe(200);
    handle.remove();
    expect((await helix(fake, 'GET', '/users', kit.call)).status).toBe(200);
  });

  it('hangs a request until the client gives up, and drops a connection', async () => {
    fake.injectFault({ method: 'GET', path: '/helix/users', hang: true, times: 1 });
    await expect(fetch(`${fake.urls.api}/users`, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    expect(fake.log.requests({ path: '/helix/users' })[0]).toMatchObject({ fault: 'hang', status: undefined });
    fake.injectFault({ method: 'GET', path: '/helix/users', drop: true, times: 1 });
    await expect(fetch(`${fake.urls.api}/users`)).rejects.toThrow();
    expect((await helix(fake, 'GET', '/users', kit.call)).status).toBe(200);
  });

  it('close() ends hanging requests', async () => {
    fake.injectFault({ method: 'GET', path: '/helix/users', hang: true });
    const pending = fetch(`${fake.urls.api}/users`).then(() => 'answered', () => 'failed');
    await new Promise((r) => setTimeout(r, 20));
    await fake.close();
    expect(await pending).toBe('failed');
  });
});
