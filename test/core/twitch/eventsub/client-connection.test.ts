import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TinyEventSubServer } from './support/tiny-server.js';
import { chatFrame, keepaliveFrame, reconnectFrame } from './support/frames.js';
import { OUR_USER, startHarness, type Harness } from './support/harness.js';
import { eventually, settle } from './support/wait.js';

let h: Harness;
afterEach(async () => {
  await h?.cleanup();
});

const isLive = (h: Harness) => h.client.channelStatuses().every((s) => s.state === 'live');

async function connected(h: Harness, channels = ['1']) {
  h.client.setDesiredChannels(channels);
  const remote = await h.server.socket(1);
  await eventually(() => isLive(h) && h.api.enabled().length === channels.length, 'live');
  return remote;
}

describe('EventSubClient connection', () => {
  it('R06 silence -> new session + resubscribed within the bound', async () => {
    h = await startHarness({ keepaliveTimeoutSeconds: 10 });
    const first = await connected(h);
    const start = h.clock.now();
    await h.clock.advance(12_000);
    await first.closed;
    await eventually(() => h.client.status.nextAttemptAt, 'reconnect scheduled');
    await h.clock.advance(500);
    const second = await h.server.socket(2);
    await eventually(() => h.api.enabled().some((s) => s.sessionId === second.sessionId), 'resubscribed');
    expect(h.clock.now() - start).toBeLessThanOrEqual(12_000 + 1_000);
    expect(second.path).toBe('/ws?keepalive_timeout_seconds=10');
    expect(h.client.status.state).toBe('connected');
    expect(h.logEvents()).toContain('eventsub.keepalive_timeout');
  });

  it.each([4000, 4001, 4002, 4003, 4004, 4005, 4006, 4007, 1011])('close code %i -> fresh session at the base URL, subscriptions created again', async (code) => {
    h = await startHarness({ keepaliveTimeoutSeconds: 30 });
    const first = await connected(h, ['1', '2']);
    first.close(code);
    await eventually(() => h.client.status.nextAttemptAt, 'reconnect scheduled');
    expect(h.client.channelStatuses().map((s) => s.state)).toEqual(['pending', 'pending']);
    await h.clock.advance(500);
    const second = await h.server.socket(2);
    await eventually(() => isLive(h) && h.api.enabled().filter((s) => s.sessionId === second.sessionId).length === 2, 'resubscribed');
    expect(second.path).toBe('/ws?keepalive_timeout_seconds=30');
    const level = h.sink.records.find((r) => r.event === 'eventsub.session_lost')?.level;
    expect(level).toBe(code === 4001 || code === 4002 ? 'error' : 'warn');
  });

  it('R09 connection refused for 10 simulated minutes: attempts counted, gaps grow to the cap, degraded shown', async () => {
    h = await startHarness({ random: () => 0.999 });
    const port = h.server.port;
    await h.server.close();
    h.client.setDesiredChannels(['1']);
    const gaps: number[] = [];
    const start = h.clock.now();
    while (h.clock.now() - start < 600_000) {
      const failures = gaps.length + 1;
      await eventually(() => h.logEvents().filter((e) => e === 'eventsub.session_lost').length === failures, `failure ${failures}`);
      const next = h.client.status.nextAttemptAt!;
      gaps.push(next - h.clock.now());
      await h.clock.advance(next - h.clock.now());
    }
    await eventually(() => h.logEvents().filter((e) => e === 'eventsub.session_lost').length === gaps.length + 1, 'last failure');
    expect(gaps.length).toBeGreaterThanOrEqual(12);
    expect(gaps.length).toBeLessThanOrEqual(16);
    expect(gaps.slice(0, 6)).toEqual([999, 1998, 3996, 7992, 15984, 31968]);
    expect(gaps.slice(6).every((g) => g === 59_940)).toBe(true);
    expect(h.client.status).toMatchObject({ state: 'degraded', reason: expect.stringContaining('could not connect'), nextAttemptAt: expect.any(Number) });
    expect(h.states.findIndex((s) => s.state === 'degraded')).toBeGreaterThan(0);
    // Twitch is back and the network-online event fires: connect now, no waiting.
    h.server = await TinyEventSubServer.start(port);
    h.server.onSocketClosed = (id) => h.api.disableSession(id);
    h.client.retryNow();
    await eventually(() => isLive(h), 'live');
    expect(h.client.status).toEqual({ state: 'connected' });
  });

  it('retryNow replaces a session that went silent while the system slept', async () => {
    h = await startHarness();
    const first = await connected(h);
    await h.clock.advance(10_500);
    h.client.retryNow();
    expect(await first.closed).toBe(1000);
    const second = await h.server.socket(2);
    await eventually(() => h.api.enabled().some((s) => s.sessionId === second.sessionId), 'resubscribed');
  });

  it('R31 reconnect handover loses and duplicates nothing', async () => {
    h = await startHarness({ keepaliveTimeoutSeconds: 30 });
    const first = await connected(h);
    h.server.autoWelcome = false;
    const reconnectUrl = `${h.server.url}?edge=b&token=opaque`;
    const ours = (id: string) => chatFrame({ chatterUserId: OUR_USER, broadcasterUserId: '1', deliveryId: `d-${id}`, messageId: `m-${id}` });
    first.send(ours('1'));
    first.send(reconnectFrame(first.sessionId, reconnectUrl));
    const second = await h.server.socket(2);
    expect(second.path).toBe('/ws?edge=b&token=opaque');
    // Until the new welcome the old socket stays open and keeps delivering.
    first.send(ours('2'));
    first.send(ours('3'));
    await eventually(() => h.messages.length === 3, 'old socket delivers during handover');
    await settle(20);
    expect(first.open).toBe(true);
    second.welcome({ keepaliveSeconds: 30 });
    second.send(ours('3')); // redelivered on the new socket
    second.send(ours('4'));
    expect(await first.closed).toBe(1000);
    await eventually(() => h.messages.length === 4, 'new socket delivers');
    await settle(20);
    expect(h.messages.map((m) => m.messageId)).toEqual(['m-1', 'm-2', 'm-3', 'm-4']);
    expect(h.api.creates()).toHaveLength(1);
    expect(h.states.map((s) => s.state)).toEqual(['connecting', 'connected']);
    expect(h.client.diagnostics().sockets).toBe(1);
  });

  it('R31 a frame already on the wire when we close the old socket is still delivered', async () => {
    h = await startHarness({ keepaliveTimeoutSeconds: 30 });
    const first = await connected(h);
    h.server.autoWelcome = false;
    const ours = (id: string) => chatFrame({ chatterUserId: OUR_USER, broadcasterUserId: '1', deliveryId: `d-${id}`, messageId: `m-${id}` });
    // Twitch wrote this to the old socket before it saw our close: it reaches us between our
    // close frame and Twitch's. Written raw, ahead of ws's own close reply.
    const raw = (first.ws as unknown as { _socket: Socket })._socket;
    raw.prependListener('data', (chunk: Buffer) => {
      // 0x8: the close opcode of the frame our client just sent.
      if (((chunk[0] ?? 0) & 0x0f) === 0x8) raw.write(textFrame(ours('late')));
    });
    first.send(reconnectFrame(first.sessionId, h.server.url));
    const second = await h.server.socket(2);
    second.welcome({ keepaliveSeconds: 30 });
    expect(await first.closed).toBe(1000);
    await eventually(() => h.messages.length === 1, 'the late frame of the old socket');
    expect(h.messages.map((m) => m.messageId)).toEqual(['m-late']);
    await eventually(() => h.client.diagnostics().sockets === 1, 'the old socket gone');
  });

  it('a failed handover (new socket refused) falls back to a fresh session and resubscribes', async () => {
    h = await startHarness();
    const first = await connected(h);
    const dead = await TinyEventSubServer.start();
    const deadUrl = dead.url;
    await dead.close();
    first.send(reconnectFrame(first.sessionId, deadUrl));
    expect(await first.closed).toBe(1000);
    await eventually(() => h.client.status.nextAttemptAt, 'reconnect scheduled');
    await h.clock.advance(500);
    const second = await h.server.socket(2);
    expect(second.path).toBe('/ws');
    await eventually(() => h.api.enabled().some((s) => s.sessionId === second.sessionId), 'resubscribed');
  });

  it('R08 notifications interleaved with reconnect + keepalive: every one handled', async () => {
    h = await startHarness();
    const first = await connected(h);
    h.server.autoWelcome = false;
    const expected: string[] = [];
    let second: Awaited<ReturnType<typeof h.server.socket>> | undefined;
    for (let i = 0; i < 300; i += 1) {
      const target = i < 200 || !second ? first : second;
      if (i % 3 === 0) target.send(chatFrame({ chatterUserId: '777', messageId: `other-${i}` }));
      if (i % 7 === 0) target.send(keepaliveFrame());
      target.send(chatFrame({ chatterUserId: OUR_USER, messageId: `m-${i}`, deliveryId: `d-${i}` }));
      expected.push(`m-${i}`);
      if (i === 100) {
        first.send(reconnectFrame(first.sessionId, h.server.url));
        second = await h.server.socket(2);
      }
      if (i === 200) second!.welcome();
      if (i % 20 === 0) {
        await settle(1);
        await h.clock.advance(1_000);
      }
    }
    await eventually(() => h.messages.length === expected.length, 'all handled');
    await settle(20);
    expect(h.messages.map((m) => m.messageId).sort()).toEqual([...expected].sort());
    expect(new Set(h.messages.map((m) => m.deliveryId)).size).toBe(expected.length);
    expect(h.api.creates()).toHaveLength(1);
    expect(h.client.status.state).toBe('connected');
  });
});

/** An unmasked server-to-client WebSocket text frame. */
function textFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const header = payload.length < 126 ? Buffer.from([0x81, payload.length]) : Buffer.from([0x81, 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([header, payload]);
}
