import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../support/manual-clock.js';
import { waitFor } from '../support/wait-for.js';
import { startFakeTwitch } from './index.js';
import type { FakeTwitch } from './index.js';
import { helix, openSession, postForm } from './test-kit.js';
import type { RecordingSocket } from './ws-test-client.js';

let fake: FakeTwitch;
const sockets: RecordingSocket[] = [];

beforeEach(async () => {
  fake = await startFakeTwitch({ clock: new ManualClock() });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await fake.close();
});

async function control(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${fake.urls.control}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

describe('control API over HTTP', () => {
  it('drives a whole login + chat round: client, users, device approval, say, logs', async () => {
    const client = (await control('POST', '/clients', { clientId: 'cid', type: 'public' })).json as { clientId: string };
    expect(client).toEqual({ clientId: 'cid', type: 'public' });
    const me = (await control('POST', '/users', { login: 'me', prime: true })).json as { id: string };
    await control('POST', '/users', { login: 'chan' });
    const dev = (await postForm(`${fake.urls.auth}/device`, { client_id: 'cid', scopes: 'user:read:chat user:manage:chat_color' })).json as { user_code: string; device_code: string };
    expect((await control('GET', '/device-logins')).json).toMatchObject([{ userCode: dev.user_code, state: 'pending' }]);
    expect(await control('POST', '/approve-device', { userCode: dev.user_code, user: 'me' })).toEqual({ status: 200, json: { ok: true } });
    const token = (await postForm(`${fake.urls.auth}/token`, { client_id: 'cid', device_code: dev.device_code, grant_type: 'urn:ietf:params:oauth:grant-type:device_code' })).json as { access_token: string };
    const call = { token: token.access_token, clientId: 'cid' };
    expect((await helix(fake, 'PUT', `/chat/color?user_id=${me.id}&color=%23ABCDEF`, call)).status).toBe(204);
    expect((await control('GET', `/log/color-changes?user_id=${me.id}`)).json).toMatchObject([{ color: '#ABCDEF', hex: '#ABCDEF' }]);

    const socket = await openSession(fake);
    sockets.push(socket);
    const chan = fake.user('chan');
    await helix(fake, 'POST', '/eventsub/subscriptions', { ...call, body: { type: 'channel.chat.message', version: '1', condition: { broadcaster_user_id: chan.id, user_id: me.id }, transport: { method: 'websocket', session_id: socket.sessionId } } });
    const said = (await control('POST', '/say', { channel: 'chan', chatter: 'me', text: 'hi' })).json as { deliveries: unknown[] };
    expect(said.deliveries).toHaveLength(1);
    await waitFor(() => socket.ofType('notification').length === 1);
    expect((await control('GET', '/state')).json).toMatchObject({ urls: fake.urls, sessions: [{ id: socket.sessionId }], subscriptions: [{ status: 'enabled' }] });
    expect((await control('GET', '/log/requests?path=/helix/chat/color')).json).toMatchObject([{ status: 204, userId: me.id }]);
  });

  it('injects faults, rate limits, timings and socket actions', async () => {
    await control('POST', '/clients', { clientId: 'cid' });
    const me = (await control('POST', '/users', { login: 'me' })).json as { id: string };
    const token = (await control('POST', '/tokens', { user: 'me', clientId: 'cid' })).json as { access_token: string };
    const call = { token: token.access_token, clientId: 'cid' };
    await control('POST', '/faults', { method: 'GET', path: '/helix/users', status: 500, times: 1 });
    expect((await helix(fake, 'GET', '/users', call)).status).toBe(500);
    expect((await helix(fake, 'GET', '/users', call)).status).toBe(200);
    await control('POST', '/rate-limit', { limit: 10, remaining: 0, clientId: 'cid', userId: me.id });
    expect((await helix(fake, 'GET', '/users', call)).status).toBe(429);
    await control('POST', '/timings', { deviceIntervalSeconds: 1 });
    const dev = await postForm(`${fake.urls.auth}/device`, { client_id: 'cid', scopes: 'x' });
    expect(dev.json).toMatchObject({ interval: 1 });

    const socket = await openSession(fake);
    sockets.push(socket);
    await control('POST', '/send-raw', { sessionId: socket.sessionId, data: 'garbage' });
    await control('POST', '/send-message', { sessionId: socket.sessionId, messageType: 'weird', payload: {} });
    await waitFor(() => socket.frames.length === 3);
    expect((await control('POST', '/reconnect', { sessionId: socket.sessionId })).json).toMatchObject({ reconnectUrl: expect.stringContaining('/ws?') });
    await control('POST', '/close-session', { sessionId: socket.sessionId, code: 4006 });
    await waitFor(() => socket.closed?.code === 4006);
    expect((await control('GET', '/log/sockets')).json).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'close', code: 4006, by: 'server' })]));
    expect((await control('DELETE', '/faults')).status).toBe(200);
  });

  it('explains bad requests: unknown route 404, invalid body 400, failing action 400', async () => {
    const unknown = await control('GET', '/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ routes: expect.arrayContaining(['POST /control/approve-device']) });
    expect((await control('POST', '/approve-device', { userCode: 'X' })).status).toBe(400);
    expect(await control('POST', '/approve-device', { userCode: 'NOPE', user: 'nobody' })).toMatchObject({ status: 400, json: { error: expect.stringMatching(/no user/) } });
    const notJson = await fetch(`${fake.urls.control}/say`, { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('keeps control calls out of the request log', async () => {
    await control('GET', '/state');
    expect(fake.log.requests()).toEqual([]);
  });
});

describe('activate page', () => {
  it('lets a person authorize a code in the browser', async () => {
    fake.registerClient({ clientId: 'cid' });
    fake.createUser({ login: 'demo' });
    const dev = (await postForm(`${fake.urls.auth}/device`, { client_id: 'cid', scopes: 's' })).json as { user_code: string; verification_uri: string };
    const page = await (await fetch(dev.verification_uri)).text();
    expect(page).toContain(dev.user_code);
    const done = await (await fetch(`${fake.urls.auth.replace('/oauth2', '')}/activate?user_code=${dev.user_code}&login=demo&action=authorize`)).text();
    expect(done).toContain('Authorized');
    expect(fake.deviceLogins()[0]?.state).toBe('approved');
  });
});
