import { ManualClock } from '../support/manual-clock.js';
import { waitFor } from '../support/wait-for.js';
import type { FakeUser } from './accounts.js';
import type { TokenGrant } from './auth-store.js';
import type { FakeTwitch } from './fake-twitch.js';
import { startFakeTwitch } from './server.js';
import { RecordingSocket } from './ws-test-client.js';

/** Small request helpers for tests that talk to the fake over real HTTP/WebSocket. */
export interface HttpResult {
  status: number;
  headers: Headers;
  json: unknown;
  text: string;
}

async function toResult(response: Response): Promise<HttpResult> {
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

export async function postForm(url: string, fields: Record<string, string>): Promise<HttpResult> {
  return toResult(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() }));
}

export interface HelixCall {
  token: string;
  clientId: string;
  body?: unknown;
}

/** `pathAndQuery` is relative to urls.api, e.g. `/chat/color?user_id=1`. */
export async function helix(fake: FakeTwitch, method: string, pathAndQuery: string, call: HelixCall): Promise<HttpResult> {
  const headers: Record<string, string> = { Authorization: `Bearer ${call.token}`, 'Client-Id': call.clientId };
  if (call.body !== undefined) headers['Content-Type'] = 'application/json';
  return toResult(await fetch(`${fake.urls.api}${pathAndQuery}`, {
    method,
    headers,
    body: call.body === undefined ? undefined : typeof call.body === 'string' ? call.body : JSON.stringify(call.body),
  }));
}

export function chatSubscriptionBody(sessionId: string | undefined, broadcasterUserId: string, userId: string): unknown {
  return {
    type: 'channel.chat.message',
    version: '1',
    condition: { broadcaster_user_id: broadcasterUserId, user_id: userId },
    transport: { method: 'websocket', session_id: sessionId },
  };
}

/** Opens a socket and waits for its welcome. `query` e.g. `?keepalive_timeout_seconds=30`. */
export async function openSession(fake: FakeTwitch, query = ''): Promise<RecordingSocket & { sessionId: string }> {
  const socket = new RecordingSocket(`${fake.urls.eventsub}${query}`);
  await waitFor(() => socket.sessionId, { message: 'no session_welcome' });
  return socket as RecordingSocket & { sessionId: string };
}

export interface Kit {
  clientId: string;
  me: FakeUser;
  channel: FakeUser;
  token: TokenGrant;
  call: HelixCall;
}

/** A public client, a reader `me`, a channel `chan` and a token for `me` with the app's scopes. */
export function seed(fake: FakeTwitch, user: { prime?: boolean; turbo?: boolean } = {}): Kit {
  const { clientId } = fake.registerClient({ type: 'public' });
  const me = fake.createUser({ login: 'me', displayName: 'Me', ...user });
  const channel = fake.createUser({ login: 'chan', displayName: 'Chan' });
  const token = fake.issueToken({ user: me.id, clientId });
  return { clientId, me, channel, token, call: { token: token.access_token, clientId } };
}

export async function subscribe(fake: FakeTwitch, kit: Kit, sessionId: string | undefined, broadcasterUserId = kit.channel.id): Promise<HttpResult> {
  return helix(fake, 'POST', '/eventsub/subscriptions', { ...kit.call, body: chatSubscriptionBody(sessionId, broadcasterUserId, kit.me.id) });
}

/** What each test of the fake starts from: a fake on a fresh ManualClock, seeded as by `seed`. */
export async function startSeededFake(): Promise<{ clock: ManualClock; fake: FakeTwitch; kit: Kit }> {
  const clock = new ManualClock();
  const fake = await startFakeTwitch({ clock });
  return { clock, fake, kit: seed(fake) };
}

/** Ends what such a test opened: its sockets, then the fake. */
export async function stopSeededFake(fake: FakeTwitch, sockets: RecordingSocket[]): Promise<void> {
  for (const socket of sockets.splice(0)) socket.terminate();
  await fake.close();
}
