import { describe, expect, it } from 'vitest';
import { parseFrame, parseTimestamp } from '../../../../src-core/twitch/eventsub/frames.js';
import { chatEvent, chatFrame, notificationFrame, reconnectFrame, revocationFrame, welcomeFrame } from './support/frames.js';

const parse = (text: string) => parseFrame(JSON.parse(text));

describe('parseFrame', () => {
  it('maps a welcome with its keepalive timeout', () => {
    const result = parse(welcomeFrame('abc', { keepaliveSeconds: 30, at: Date.UTC(2026, 0, 1) }));
    expect(result).toMatchObject({ ok: true, frame: { kind: 'welcome', sessionId: 'abc', keepaliveTimeoutSeconds: 30, sentAt: Date.UTC(2026, 0, 1) } });
  });

  it('maps a channel.chat.message notification to a ChatMessage', () => {
    const result = parse(chatFrame({ chatterUserId: '42', broadcasterUserId: '7', deliveryId: 'd1', messageId: 'm1', subscriptionId: 's1', text: 'hi', color: '' }));
    expect(result).toEqual({
      ok: true,
      frame: {
        kind: 'chat_message',
        message: expect.objectContaining({
          deliveryId: 'd1',
          messageId: 'm1',
          sourceMessageId: undefined,
          subscriptionId: 's1',
          broadcasterUserId: '7',
          broadcasterLogin: 'channel7',
          chatterUserId: '42',
          chatterLogin: 'user42',
          text: 'hi',
          color: '',
        }),
      },
    });
  });

  it('accepts a chat event that has only the fields up to `message` (§9)', () => {
    const full = chatEvent({ chatterUserId: '42', sourceMessageId: 'orig' });
    const minimal = Object.fromEntries(
      ['broadcaster_user_id', 'broadcaster_user_login', 'broadcaster_user_name', 'chatter_user_id', 'chatter_user_login', 'chatter_user_name', 'message_id', 'message'].map((k) => [k, full[k]]),
    );
    const result = parse(notificationFrame(minimal));
    expect(result.ok && result.frame.kind === 'chat_message' && result.frame.message.color).toBe('');
    const shared = parse(notificationFrame(full));
    expect(shared.ok && shared.frame.kind === 'chat_message' && shared.frame.message.sourceMessageId).toBe('orig');
  });

  it('maps reconnect and revocation frames', () => {
    expect(parse(reconnectFrame('s', 'wss://edge.example/ws?x=1'))).toMatchObject({ ok: true, frame: { kind: 'reconnect', reconnectUrl: 'wss://edge.example/ws?x=1' } });
    expect(parse(revocationFrame('sub1', 'authorization_revoked', '7'))).toMatchObject({
      ok: true,
      frame: { kind: 'revocation', revocation: { subscriptionId: 'sub1', status: 'authorization_revoked', broadcasterUserId: '7' } },
    });
  });

  it('R33 rejects, without throwing, frames of unknown type, wrong shape or unsafe reconnect URLs', () => {
    const unknown = JSON.parse(welcomeFrame('s'));
    unknown.metadata.message_type = 'session_party';
    expect(parseFrame(unknown)).toMatchObject({ ok: false, problem: 'unknown_type' });
    for (const bad of [null, 42, 'x', [], {}, { metadata: {} }, { metadata: { message_id: 'a', message_type: 'notification', message_timestamp: 'yesterday' } }]) {
      expect(parseFrame(bad)).toMatchObject({ ok: false, problem: 'malformed' });
    }
    const noEvent = JSON.parse(chatFrame({ chatterUserId: '42' }));
    delete noEvent.payload.event.chatter_user_id;
    expect(parseFrame(noEvent)).toMatchObject({ ok: false, problem: 'malformed' });
    expect(parse(reconnectFrame('s', 'ws://evil.example/ws'))).toMatchObject({ ok: false, problem: 'malformed' });
    expect(parse(reconnectFrame('s', 'not a url'))).toMatchObject({ ok: false, problem: 'malformed' });
  });

  it('reads RFC3339 timestamps with nanoseconds', () => {
    expect(parseTimestamp('2022-11-16T10:11:12.464757833Z')).toBe(Date.UTC(2022, 10, 16, 10, 11, 12, 464));
    expect(parseTimestamp('2022-11-16T10:11:12Z')).toBe(Date.UTC(2022, 10, 16, 10, 11, 12));
  });
});
