import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, MemoryLogSink } from '../../../../src-core/runtime/logger.js';
import { describeCloseCode } from '../../../../src-core/twitch/eventsub/close-codes.js';
import { EventSubSession, type SessionEnd, type SessionWelcome } from '../../../../src-core/twitch/eventsub/session.js';
import { ManualClock } from '../../../support/manual-clock.js';
import { chatFrame, keepaliveFrame, reconnectFrame } from './support/frames.js';
import { TinyEventSubServer } from './support/tiny-server.js';
import { eventually, settle } from './support/wait.js';

let server: TinyEventSubServer;
let clock: ManualClock;

beforeEach(async () => {
  server = await TinyEventSubServer.start();
  clock = new ManualClock();
});
afterEach(async () => {
  await server.close();
});

function open(options: { url?: string; connectTimeoutMs?: number; signal?: AbortSignal } = {}) {
  const record = { welcomes: [] as SessionWelcome[], ends: [] as SessionEnd[], reconnects: [] as string[], chats: 0 };
  const sink = new MemoryLogSink();
  const session = new EventSubSession({
    url: options.url ?? server.url,
    userId: '42',
    clock,
    logger: createLogger(sink),
    ...(options.signal ? { signal: options.signal } : {}),
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    fallbackKeepaliveSeconds: 10,
    handlers: {
      onWelcome: (_s, w) => record.welcomes.push(w),
      onChatMessage: () => (record.chats += 1),
      onRevocation: () => {},
      onReconnectRequested: (_s, url) => record.reconnects.push(url),
      onEnd: (_s, e) => record.ends.push(e),
    },
  });
  return { session, record, sink };
}

async function welcomed(keepaliveSeconds = 10) {
  server.autoWelcome = { keepaliveSeconds };
  const opened = open();
  await eventually(() => opened.record.welcomes.length === 1, 'welcome');
  return { ...opened, remote: await server.socket(1) };
}

describe('EventSubSession', () => {
  it('is welcomed and takes the session id and keepalive timeout from the welcome', async () => {
    const { session, record } = await welcomed(27);
    expect(session.state).toBe('welcomed');
    expect(record.welcomes[0]).toMatchObject({ sessionId: 'session-1', keepaliveTimeoutSeconds: 27 });
    session.close();
    await session.closed;
  });

  it('R06 no frame for keepalive x 1.2 ends the session; any frame resets the deadline', async () => {
    const { session, record, remote } = await welcomed(10);
    await clock.advance(11_000);
    remote.send(keepaliveFrame());
    await eventually(() => session.frameCounts.delivered === 2, 'keepalive received');
    await clock.advance(11_000);
    // Someone else's message is skipped, but still proves the socket alive.
    remote.send(chatFrame({ chatterUserId: '7' }));
    await eventually(() => session.frameCounts.skipped === 1, 'notification received');
    await clock.advance(11_000);
    expect(record.ends).toEqual([]);
    await clock.advance(1_001);
    await eventually(() => record.ends.length === 1, 'end');
    expect(record.ends[0]).toEqual({ kind: 'keepalive_timeout', timeoutMs: 12_000 });
    await remote.closed;
  });

  it('R06 WebSocket pings do not count as frames', async () => {
    const { record, remote } = await welcomed(10);
    for (let i = 0; i < 6; i += 1) {
      remote.ws.ping();
      await settle(5);
      await clock.advance(2_100);
    }
    await eventually(() => record.ends.length === 1, 'end');
    expect(record.ends[0]?.kind).toBe('keepalive_timeout');
  });

  it('sends nothing to Twitch, not even for pings (ws answers them with pongs)', async () => {
    const { session, remote } = await welcomed();
    let pongs = 0;
    remote.ws.on('pong', () => (pongs += 1));
    remote.ws.ping();
    remote.send(keepaliveFrame());
    await eventually(() => pongs === 1, 'pong');
    expect(remote.received).toEqual([]);
    session.close();
    expect(await remote.closed).toBe(1000);
  });

  it.each([4000, 4001, 4002, 4003, 4004, 4005, 4006, 4007])('reports close code %i with its action', async (code) => {
    const { record, remote } = await welcomed();
    remote.close(code, 'bye');
    await eventually(() => record.ends.length === 1, 'end');
    expect(record.ends[0]).toEqual({ kind: 'server_closed', close: describeCloseCode(code), reason: 'bye' });
  });

  it('maps every documented close code to an action', () => {
    expect(Object.fromEntries([4000, 4001, 4002, 4003, 4004, 4005, 4006, 4007, 1006].map((c) => [c, describeCloseCode(c).action]))).toEqual({
      4000: 'reconnect',
      4001: 'reconnect_after_bug',
      4002: 'reconnect_after_bug',
      4003: 'reconnect_if_wanted',
      4004: 'reconnect_after_failed_handover',
      4005: 'reconnect',
      4006: 'reconnect',
      4007: 'reconnect_after_failed_handover',
      1006: 'reconnect',
    });
  });

  it('gives up when no welcome comes within the connect timeout', async () => {
    server.autoWelcome = false;
    const { record } = open({ connectTimeoutMs: 5_000 });
    const remote = await server.socket(1);
    await clock.advance(4_999);
    expect(record.ends).toEqual([]);
    await clock.advance(1);
    await eventually(() => record.ends.length === 1, 'end');
    expect(record.ends[0]).toEqual({ kind: 'connect_timeout', timeoutMs: 5_000 });
    await remote.closed;
  });

  it('reports a refused connection as connect_failed', async () => {
    const port = server.port;
    await server.close();
    const { record } = open({ url: `ws://127.0.0.1:${port}/ws` });
    await eventually(() => record.ends.length === 1, 'end');
    expect(record.ends[0]?.kind).toBe('connect_failed');
    expect(clock.pending).toBe(0);
    server = await TinyEventSubServer.start();
  });

  it('asks for a reconnect once, with the URL exactly as given', async () => {
    const { session, record, remote } = await welcomed();
    const url = 'ws://127.0.0.1:1/ws?challenge=abc&keepalive_timeout_seconds=99';
    remote.send(reconnectFrame('session-1', url));
    remote.send(reconnectFrame('session-1', url));
    await eventually(() => session.frameCounts.delivered === 3, 'frames');
    expect(record.reconnects).toEqual([url]);
    expect(session.state).toBe('reconnecting');
    session.close();
  });

  it('closes on abort and leaves no timer behind', async () => {
    const controller = new AbortController();
    server.autoWelcome = {};
    const { session, record } = open({ signal: controller.signal });
    await eventually(() => record.welcomes.length === 1, 'welcome');
    controller.abort();
    await session.closed;
    expect(record.ends).toEqual([{ kind: 'closed_by_us' }]);
    expect(session.state).toBe('closed');
    expect(clock.pending).toBe(0);
  });
});
