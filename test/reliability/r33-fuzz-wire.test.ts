import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { colorFromReportedHex } from '../../src-core/color/color-value.js';
import { startUiBridge } from '../../src-core/ipc/bridge/server.js';
import { commandNames } from '../../src-core/ipc/contract.js';
import { errorCodeSchema, type Result } from '../../src-core/ipc/result.js';
import { ColorChangerError } from '../../src-core/runtime/errors.js';
import { MemoryLogSink, createLogger } from '../../src-core/runtime/logger.js';
import { OAuthClient } from '../../src-core/twitch/auth/oauth-client.js';
import { FrameDispatcher } from '../../src-core/twitch/eventsub/frame-dispatcher.js';
import type { EventSubFrame } from '../../src-core/twitch/eventsub/frames.js';
import { HelixClient } from '../../src-core/twitch/helix/helix-client.js';
import { HttpClient } from '../../src-core/twitch/http/http-client.js';
import { TestSocket, tempRendererAssets } from '../core/ipc/bridge/bridge-harness.js';
import { chatFrame, keepaliveFrame, notificationFrame, reconnectFrame, revocationFrame, welcomeFrame } from '../core/twitch/eventsub/support/frames.js';
import { ManualClock } from '../support/manual-clock.js';
import { waitFor } from '../support/wait-for.js';
import { garbageServer, onClock } from './support/garbage-server.js';
import { isLive, startCoreRig, type CoreRig } from './support/core-rig.js';
import { brokenText, mutateJson, randomJson, randomString } from './support/fuzz-gen.js';
import { mulberry32, seedFromEnv, type Prng } from './support/prng.js';

const SEED = seedFromEnv(0x5eed33);
let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
beforeAll(() => process.on('unhandledRejection', onUnhandled));
afterAll(() => process.off('unhandledRejection', onUnhandled));
afterEach(() => {
  expect(unhandled, `unhandled rejections (seed ${SEED})`).toEqual([]);
  unhandled = [];
});

let rig: CoreRig | undefined;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rig?.close();
  rig = undefined;
});

const OUR_ID = '4242';

function frameBases(): string[] {
  return [
    welcomeFrame('AQoQfuzz', { keepaliveSeconds: 10 }),
    keepaliveFrame(),
    chatFrame({ chatterUserId: OUR_ID, broadcasterUserId: '1000' }),
    chatFrame({ chatterUserId: '777', broadcasterUserId: '1000' }),
    reconnectFrame('AQoQfuzz', 'ws://127.0.0.1:9/ws?reconnect=abc'),
    revocationFrame('sub-1', 'authorization_revoked', '1000'),
    notificationFrame({ broadcaster_user_id: '1000' }, { type: 'channel.follow' }),
  ];
}

/** A near-valid, broken or random EventSub frame. */
function hostileFrame(prng: Prng, bases: string[]): string | Buffer {
  const base = prng.pick(bases);
  switch (prng.int(6)) {
    case 0:
      return base;
    case 1:
    case 2:
      return JSON.stringify(mutateJson(prng, JSON.parse(base)));
    case 3:
      return brokenText(prng, base);
    case 4:
      return JSON.stringify(randomJson(prng));
    default:
      return prng.chance(0.5) ? prng.bytes(prng.between(0, 300)) : JSON.stringify({ metadata: { message_type: randomString(prng) }, payload: randomJson(prng) });
  }
}

function expectClearError(error: unknown, context: string): void {
  expect(error, context).toBeInstanceOf(ColorChangerError);
  const message = (error as Error).message;
  expect(message.length, context).toBeGreaterThan(10);
  expect(message, context).not.toMatch(/\n\s+at /);
}

describe('R33 fuzz: bad input from the wire never crashes and always gets a clear answer', () => {
  it(`R33 5000 malformed EventSub frames into the dispatcher: none throws, each is counted once, only valid frames go on (seed ${SEED})`, () => {
    const prng = mulberry32(SEED);
    const sink = new MemoryLogSink();
    const passed: EventSubFrame[] = [];
    const dispatcher = new FrameDispatcher({ userId: OUR_ID, logger: createLogger(sink), onFrame: (frame) => passed.push(frame) });
    const bases = frameBases();
    const N = 5000;
    for (let i = 0; i < N; i += 1) {
      const frame = hostileFrame(prng, bases);
      const before = dispatcher.skipped + dispatcher.delivered + dispatcher.rejected;
      expect(() => dispatcher.dispatch(typeof frame === 'string' ? frame : frame), `frame ${i}`).not.toThrow();
      expect(dispatcher.skipped + dispatcher.delivered + dispatcher.rejected - before, `frame ${i} counted once`).toBe(1);
    }
    expect(dispatcher.rejected).toBeGreaterThan(N / 3);
    expect(passed.length).toBe(dispatcher.delivered);
    for (const frame of passed) {
      if (frame.kind === 'chat_message') expect(frame.message.chatterUserId).toBe(OUR_ID);
      if (frame.kind === 'reconnect') expect(frame.reconnectUrl).toMatch(/^wss?:\/\//);
    }
    // Every rejection is reported; a flood is sampled rather than logged line by line.
    const lines = sink.records.filter((r) => r.event === 'eventsub.frame_ignored');
    expect(lines.length).toBeGreaterThanOrEqual(20);
    expect(lines.length).toBeLessThanOrEqual(20 + Math.ceil(dispatcher.rejected / 1000));
    expect(lines.every((l) => typeof l.fields.problem === 'string' && l.message.length > 0)).toBe(true);
  });

  it(`R33 600 malformed frames on a live session: the account stays up and the next real message still changes the color (seed ${SEED})`, async () => {
    const prng = mulberry32(SEED + 1);
    const r = await startCoreRig({ seed: SEED });
    rig = r;
    const { accountId, userId } = await r.addAccount({ login: 'alice', channels: ['alice'], resolved: true });
    await r.until(() => isLive(r.account(accountId)), { message: 'account live' });
    const session = r.fake.sessions().find((s) => s.state === 'connected');
    if (!session) throw new Error('no session');
    // Bases that carry our real ids, so near-valid frames reach deep into the handlers.
    const own = chatFrame({ chatterUserId: userId, broadcasterUserId: userId, sessionId: session.id });
    const bases = [...frameBases().filter((f) => !f.includes('session_reconnect')), own, own];
    let sent = 0;
    for (let i = 0; i < 600; i += 1) {
      const frame = hostileFrame(prng, bases);
      if (r.fake.sendRaw(session.id, frame)) sent += 1;
    }
    expect(sent).toBe(600);
    await r.advance(2_000, 500);
    expect(r.fake.sessions().find((s) => s.id === session.id)?.state).toBe('connected');
    const before = r.fake.log.colorChanges(userId).length;
    r.fake.say({ channel: 'alice', chatter: 'alice', text: 'a real message' });
    await r.until(() => r.fake.log.colorChanges(userId).length === before + 1, { message: 'the real message still works' });
    expect(r.account(accountId).state).toBe('active');
    expect(r.logs.records.some((l) => l.event === 'eventsub.frame_ignored')).toBe(true);
    expect(r.logs.records.filter((l) => l.event === 'eventsub.handler_failed' || l.event === 'eventsub.listener_failed')).toEqual([]);
  });

  it(`R33 1000 Helix and OAuth calls answered with garbage: each resolves or fails with a typed, clear error (seed ${SEED})`, async () => {
    const prng = mulberry32(SEED + 2);
    const clock = new ManualClock();
    const server = await garbageServer(prng, clock);
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const port = (server.address() as AddressInfo).port;
    const http = new HttpClient({ clock, connectionsPerOrigin: 4 });
    cleanups.push(() => http.close());
    const logger = createLogger(new MemoryLogSink(100));
    let refreshes = 0;
    const tokens = {
      clientId: 'fuzzclient',
      accessToken: async () => 'fuzz-access-token-0000000000',
      refreshAfterUnauthorized: async () => `fuzz-access-token-${++refreshes}`,
    };
    const helix = new HelixClient({ endpoints: { apiUrl: `http://127.0.0.1:${port}/helix` }, tokens, clock, logger, http, retry: { attempts: 1, max429Retries: 0 } });
    const oauth = new OAuthClient({ http, endpoints: { authUrl: `http://127.0.0.1:${port}/oauth2` }, clientId: 'fuzzclient', clock, logger });
    const color = colorFromReportedHex('#112233');
    if (!color) throw new Error('bad test color');
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['users', () => helix.getUsersByLogin(['alice', 'bob'])],
      ['users by id', () => helix.getUsersById(['1', '2'])],
      ['colors', () => helix.getChatColors(['1'])],
      ['set color', () => helix.setChatColor('1', color)],
      ['subscribe', () => helix.createChatSubscription({ sessionId: 'AQoQx', broadcasterUserId: '1', userId: '2' })],
      ['list subscriptions', () => helix.listChatSubscriptions()],
      ['unsubscribe', () => helix.deleteSubscription('abc')],
      ['validate', () => oauth.validate('fuzz-access-token-0000000000')],
      ['refresh', () => oauth.refresh('fuzz-refresh-token-000000000000000000')],
      ['revoke', () => oauth.revoke('fuzz-access-token-0000000000')],
      ['device', () => oauth.startDeviceLogin()],
    ];
    const outcomes = { resolved: 0, rejected: 0 };
    for (let i = 0; i < 1000; i += 1) {
      const [name, call] = prng.pick(calls);
      try {
        // Rate-limit waits run on the clock: move it until the call settles, within a bound.
        await onClock(clock, call(), 5 * 60_000, `${name} #${i}`);
        outcomes.resolved += 1;
      } catch (error) {
        outcomes.rejected += 1;
        expectClearError(error, `${name} #${i}: ${String(error)}`);
      }
    }
    expect(outcomes.rejected).toBeGreaterThan(300);
    expect(outcomes.resolved).toBeGreaterThan(50);
  });

  it('R33 a bogus far-future Ratelimit-Reset does not stall the account: later calls go out within a minute', async () => {
    const clock = new ManualClock();
    let answered = 0;
    const server = createServer((req, res) => {
      req.resume();
      answered += 1;
      // The first answer says the bucket is empty until the year 5138.
      const headers = answered === 1 ? { 'ratelimit-limit': '800', 'ratelimit-remaining': '0', 'ratelimit-reset': '99999999999' } : {};
      res.writeHead(200, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify({ data: [{ user_id: '1', user_name: 'A', user_login: 'a', color: '#112233' }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const http = new HttpClient({ clock });
    cleanups.push(() => http.close());
    const tokens = { clientId: 'c', accessToken: async () => 'token-0000000000000000', refreshAfterUnauthorized: async () => 'token-1111111111111111' };
    const port = (server.address() as AddressInfo).port;
    const helix = new HelixClient({ endpoints: { apiUrl: `http://127.0.0.1:${port}/helix` }, tokens, clock, logger: createLogger(new MemoryLogSink()), http });
    await helix.getChatColors(['1']);
    await onClock(clock, helix.getChatColors(['1']), 70_000, 'the call after the bogus header');
    expect(answered).toBe(2);
  });

  it(`R33 3000 random IPC requests to the real core: every answer is a typed result, never internal, and a refused one changes nothing (seed ${SEED})`, async () => {
    const prng = mulberry32(SEED + 3);
    const r = await startCoreRig({ start: false });
    rig = r;
    await r.addAccount({ login: 'alice', channels: ['alice', 'bob'] });
    const ids = ['acct-alice', 'nope', ''];
    const names = [...commandNames, 'accounts:hack', 'state:changed', '', '__proto__', 'constructor'];
    for (let i = 0; i < 3000; i += 1) {
      const command: unknown = prng.chance(0.9) ? prng.pick(names) : randomJson(prng);
      const payload = prng.chance(0.3) ? mutateJson(prng, { accountId: prng.pick(ids), login: 'bob', enabled: true, color: 'blue', paused: true }) : randomJson(prng);
      if (command === 'accounts:remove' || command === 'login:start') continue;
      const before = JSON.stringify(r.store.get());
      const result: Result<unknown> = await r.handlers.dispatch(command, payload);
      expect(typeof result.ok).toBe('boolean');
      if (result.ok) continue;
      const context = `#${i} ${JSON.stringify(command)?.slice(0, 40)} ${JSON.stringify(payload)?.slice(0, 120)} -> ${result.error.code}: ${result.error.message}`;
      expect(errorCodeSchema.safeParse(result.error.code).success, context).toBe(true);
      expect(result.error.code, context).not.toBe('internal');
      expect(result.error.message.length, context).toBeGreaterThan(10);
      expect(JSON.stringify(r.store.get()), `refused request changed the store: ${context}`).toBe(before);
    }
    expect(r.logs.records.filter((l) => l.level === 'error')).toEqual([]);
  });

  it(`R33 1000 hostile bridge messages: each is answered with a typed error, the connection survives, nothing changes (seed ${SEED})`, async () => {
    const prng = mulberry32(SEED + 4);
    const r = await startCoreRig({ start: false });
    rig = r;
    await r.addAccount({ login: 'alice', channels: ['alice'] });
    const { assets, cleanup } = tempRendererAssets();
    cleanups.push(cleanup);
    const bridge = await startUiBridge({ handlers: r.handlers, assets, logger: r.logger, port: 0, secrets: r.secrets });
    cleanups.push(() => bridge.stop());
    const received: string[] = [];
    const ui = await TestSocket.open(bridge.wsUrl, bridge.origin, received);
    cleanups.push(() => ui.close());
    await waitFor(() => received.length === 1, { message: 'the first snapshot' });
    const before = JSON.stringify(r.store.get());
    let sent = 0;
    for (let i = 0; i < 1000; i += 1) {
      const request = { id: `f${i}`, command: prng.pick([...commandNames, 'x']), payload: { accountId: 'acct-alice', enabled: 'yes' } };
      const roll = prng.int(5);
      if (roll === 0) ui.sendRaw(prng.bytes(prng.between(1, 64)));
      else if (roll === 1) ui.sendRaw(brokenText(prng, JSON.stringify(request)));
      else if (roll === 2) ui.sendRaw(JSON.stringify(randomJson(prng)));
      else ui.sendRaw(JSON.stringify(mutateJson(prng, request)));
      sent += 1;
    }
    await waitFor(() => received.filter((t) => t.includes('"result"')).length >= sent, { timeoutMs: 10_000, message: 'every message answered' });
    const answers = received.map((t) => JSON.parse(t) as { id?: unknown; result?: Result<unknown> }).filter((m) => m.result);
    expect(answers).toHaveLength(sent);
    for (const answer of answers) {
      if (answer.result?.ok) continue;
      expect(answer.result?.error.code).not.toBe('internal');
      expect(answer.result?.error.message.length).toBeGreaterThan(10);
    }
    const state = await ui.request('app:snapshot', {});
    expect(state.ok).toBe(true);
    expect(JSON.stringify(r.store.get())).toBe(before);
  });
});
