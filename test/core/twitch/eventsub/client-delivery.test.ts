import { afterEach, describe, expect, it } from 'vitest';
import { chatFrame, reconnectFrame } from './support/frames.js';
import { OUR_USER, startHarness, type Harness } from './support/harness.js';
import { eventually, settle } from './support/wait.js';

let h: Harness;
afterEach(async () => {
  await h?.cleanup();
});

async function connected(h: Harness, channels = ['1']) {
  h.client.setDesiredChannels(channels);
  const remote = await h.server.socket(1);
  await eventually(() => h.client.channelStatuses().every((s) => s.state === 'live'), 'live');
  return remote;
}

describe('EventSubClient delivery', () => {
  it("delivers our user's messages only", async () => {
    h = await startHarness();
    const remote = await connected(h);
    remote.send(chatFrame({ chatterUserId: '7', text: 'not mine' }));
    remote.send(chatFrame({ chatterUserId: OUR_USER, text: 'mine', broadcasterUserId: '1' }));
    await eventually(() => h.messages.length === 1, 'message');
    await settle(20);
    expect(h.messages).toEqual([expect.objectContaining({ text: 'mine', chatterUserId: OUR_USER, broadcasterUserId: '1' })]);
  });

  it('G10 deduplicates by envelope message_id and by source_message_id ?? message_id', async () => {
    h = await startHarness();
    const remote = await connected(h, ['1', '2']);
    const frames = [
      chatFrame({ chatterUserId: OUR_USER, deliveryId: 'd1', messageId: 'a' }),
      chatFrame({ chatterUserId: OUR_USER, deliveryId: 'd1', messageId: 'a' }), // redelivery
      chatFrame({ chatterUserId: OUR_USER, deliveryId: 'd2', messageId: 'b', broadcasterUserId: '1', sourceMessageId: 'orig' }),
      chatFrame({ chatterUserId: OUR_USER, deliveryId: 'd3', messageId: 'c', broadcasterUserId: '2', sourceMessageId: 'orig' }), // shared chat copy
      chatFrame({ chatterUserId: OUR_USER, deliveryId: 'd4', messageId: 'a' }), // same chat message, new delivery
      chatFrame({ chatterUserId: OUR_USER, deliveryId: 'd5', messageId: 'e' }),
    ];
    for (const frame of frames) remote.send(frame);
    await eventually(() => h.messages.length === 3, 'messages');
    await settle(20);
    expect(h.messages.map((m) => m.deliveryId)).toEqual(['d1', 'd2', 'd5']);
  });

  it('drops notifications older than 10 minutes, judged on Twitch’s clock', async () => {
    h = await startHarness();
    const skew = 3_600_000; // Twitch's clock is an hour ahead of ours
    h.server.autoWelcome = { keepaliveSeconds: 10 };
    h.client.setDesiredChannels(['1']);
    const remote = await h.server.socket(1);
    await eventually(() => h.client.status.state === 'connected', 'connected');
    remote.close(4000);
    await eventually(() => h.client.status.nextAttemptAt, 'retry');
    h.server.autoWelcome = false;
    await h.clock.advance(500);
    const second = await h.server.socket(2);
    second.welcome({ at: h.clock.now() + skew });
    await eventually(() => h.client.status.state === 'connected', 'connected');
    const twitchNow = h.clock.now() + skew;
    second.send(chatFrame({ chatterUserId: OUR_USER, messageId: 'old', at: twitchNow - 11 * 60_000 }));
    second.send(chatFrame({ chatterUserId: OUR_USER, messageId: 'fresh', at: twitchNow - 9 * 60_000 }));
    await eventually(() => h.messages.length === 1, 'message');
    await settle(20);
    expect(h.messages.map((m) => m.messageId)).toEqual(['fresh']);
    expect(h.logEvents()).toContain('eventsub.stale_message');
  });

  it('R10 many messages across many ids: the remembered ids stay bounded', async () => {
    h = await startHarness();
    // Twitch's timestamps on our clock, so simulated time ages the messages too.
    h.server.autoWelcome = { keepaliveSeconds: 600, at: h.clock.now() };
    const remote = await connected(h);
    const total = 12_000;
    let sent = 0;
    while (sent < total) {
      for (let i = 0; i < 2_000; i += 1, sent += 1) remote.send(chatFrame({ chatterUserId: OUR_USER, messageId: `m${sent}`, deliveryId: `d${sent}`, at: h.clock.now() }));
      await eventually(() => h.messages.length === sent, `${sent} delivered`, 10_000);
      expect(h.client.diagnostics().rememberedIds).toBeLessThanOrEqual(20_000);
      await h.clock.advance(1_000);
    }
    expect(h.client.diagnostics().rememberedIds).toBe(20_000);
    await h.clock.advance(10 * 60_000);
    remote.send(chatFrame({ chatterUserId: OUR_USER, at: h.clock.now() }));
    await eventually(() => h.messages.length === total + 1, 'last one');
    expect(h.client.diagnostics().rememberedIds).toBe(2);
  });

  it('R12 a throwing listener is logged and the others still run', async () => {
    h = await startHarness();
    const seen: string[] = [];
    h.client.on('chatMessage', () => {
      throw new TypeError('listener bug');
    });
    h.client.on('chatMessage', (m) => seen.push(m.messageId));
    const remote = await connected(h);
    remote.send(chatFrame({ chatterUserId: OUR_USER, messageId: 'x' }));
    remote.send(chatFrame({ chatterUserId: OUR_USER, messageId: 'y' }));
    await eventually(() => seen.length === 2, 'both delivered');
    const errors = h.sink.records.filter((r) => r.event === 'eventsub.listener_failed');
    expect(errors).toHaveLength(2);
    expect(errors[0]?.message).toContain('listener bug');
    expect(errors[0]?.level).toBe('error');
  });

  it('R16 stop: no timers, sockets or listeners left, no further requests', async () => {
    h = await startHarness({ maxChannelsPerSession: 1 });
    h.client.setDesiredChannels(['1', '2', '3']);
    await eventually(() => h.api.enabled().length === 3, 'live');
    // One connection mid-handover (two sockets), one with a channel retry pending (an unknown revocation status: backoff).
    const first = h.server.sockets[0]!;
    first.send(reconnectFrame(first.sessionId, h.server.url));
    h.server.autoWelcome = false;
    await eventually(() => h.server.sockets.length === 4, 'handover socket');
    const sub = h.api.enabled().find((s) => s.sessionId === h.server.sockets[1]!.sessionId)!;
    h.api.failNext('create', new Error('network down'));
    h.api.subs.delete(sub.id);
    h.server.sockets[1]!.send(`{"metadata":{"message_id":"r","message_type":"revocation","message_timestamp":"${new Date().toISOString()}"},"payload":{"subscription":{"id":"${sub.id}","status":"moderator_removed","type":"channel.chat.message","version":"1","condition":{"broadcaster_user_id":"${sub.broadcasterUserId}"},"transport":{"method":"websocket"}}}}`);
    await eventually(() => h.client.diagnostics().timers > 0, 'retry timer');
    expect(h.client.diagnostics().sockets).toBe(4);

    const callsBefore = h.api.calls.length;
    await h.client.stop();
    expect(h.client.diagnostics()).toEqual({ sockets: 0, timers: 0, channels: 3, rememberedIds: 0, listeners: 0 });
    expect(h.clock.pending).toBe(0);
    await Promise.all(h.server.sockets.map((s) => s.closed));
    expect(h.states.at(-1)).toEqual({ state: 'stopped' });
    await h.clock.advance(3_600_000);
    h.client.setDesiredChannels(['9']);
    h.client.retryNow();
    await settle();
    expect(h.api.calls.length).toBe(callsBefore);
    expect(h.server.sockets).toHaveLength(4);
  });

  it('R16 aborting the owner signal stops the client, also mid-request', async () => {
    const owner = new AbortController();
    h = await startHarness({ signal: owner.signal });
    let release!: () => void;
    h.api.gate = new Promise((resolve) => (release = resolve));
    h.client.setDesiredChannels(['1']);
    const remote = await h.server.socket(1);
    await eventually(() => h.api.calls.length === 1, 'create in flight');
    owner.abort();
    expect(await remote.closed).toBe(1000);
    release();
    await settle();
    expect(h.client.status.state).toBe('stopped');
    expect(h.api.subs.size).toBe(0);
    expect(h.clock.pending).toBe(0);
  });
});
