import { describe, expect, it } from 'vitest';
import { createLogger, MemoryLogSink } from '../../../../src-core/runtime/logger.js';
import { FrameDispatcher } from '../../../../src-core/twitch/eventsub/frame-dispatcher.js';
import type { EventSubFrame } from '../../../../src-core/twitch/eventsub/frames.js';
import { chatEvent, chatFrame, keepaliveFrame, notificationFrame, revocationFrame, welcomeFrame } from './support/frames.js';

function setup(userId = '42') {
  const sink = new MemoryLogSink();
  const frames: EventSubFrame[] = [];
  const dispatcher = new FrameDispatcher({ userId, logger: createLogger(sink), onFrame: (f) => frames.push(f) });
  return { sink, frames, dispatcher };
}

describe('FrameDispatcher', () => {
  it("skips other chatters' messages on the raw bytes and keeps ours", () => {
    const { frames, dispatcher } = setup('42');
    dispatcher.dispatch(Buffer.from(chatFrame({ chatterUserId: '4242' })));
    dispatcher.dispatch(Buffer.from(chatFrame({ chatterUserId: '4' })));
    dispatcher.dispatch(Buffer.from(chatFrame({ chatterUserId: '42', text: 'mine' })));
    expect(dispatcher.skipped).toBe(2);
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ kind: 'chat_message', message: { text: 'mine', chatterUserId: '42' } });
  });

  it('is not fooled by our id quoted inside the message text', () => {
    const { frames, dispatcher } = setup('42');
    dispatcher.dispatch(chatFrame({ chatterUserId: '7', text: '"chatter_user_id":"42"' }));
    expect(frames).toHaveLength(0);
    expect(dispatcher.skipped).toBe(1);
  });

  it('falls back to a parse when the JSON is not compact, and still finds our messages', () => {
    const { frames, dispatcher } = setup('42');
    const pretty = (text: string) => JSON.stringify(JSON.parse(text), null, 2);
    dispatcher.dispatch(pretty(chatFrame({ chatterUserId: '42' })));
    dispatcher.dispatch(pretty(chatFrame({ chatterUserId: '43' })));
    expect(frames.map((f) => f.kind)).toEqual(['chat_message']);
    expect(dispatcher.skipped).toBe(1);
  });

  it('keeps our message when another occurrence of the key carries someone else', () => {
    const { frames, dispatcher } = setup('42');
    const event = { future: { chatter_user_id: '7' }, ...chatEvent({ chatterUserId: '42' }) };
    dispatcher.dispatch(notificationFrame(event));
    expect(frames).toHaveLength(1);
  });

  it('passes control frames through the full parse', () => {
    const { frames, dispatcher } = setup();
    dispatcher.dispatch(welcomeFrame('s1'));
    dispatcher.dispatch(keepaliveFrame());
    dispatcher.dispatch(revocationFrame('sub', 'user_removed', '7'));
    expect(frames.map((f) => f.kind)).toEqual(['welcome', 'keepalive', 'revocation']);
  });

  it('R33 logs and ignores malformed frames and unknown types, and keeps working', () => {
    const { sink, frames, dispatcher } = setup();
    const unknownType = JSON.parse(keepaliveFrame());
    unknownType.metadata.message_type = 'brand_new';
    const inputs = ['', '{', 'null', '[]', '{"metadata":1}', JSON.stringify(unknownType), '\u0000\u00ff garbage', chatFrame({ chatterUserId: '42' }).replace('"text":"hello there"', '"text":5')];
    for (const input of inputs) expect(() => dispatcher.dispatch(input)).not.toThrow();
    expect(dispatcher.rejected).toBe(inputs.length);
    expect(sink.records.filter((r) => r.event === 'eventsub.frame_ignored')).toHaveLength(inputs.length);
    dispatcher.dispatch(chatFrame({ chatterUserId: '42' }));
    expect(frames).toHaveLength(1);
  });

  it('R33 limits the log lines a flood of bad frames can cause', () => {
    const { sink, dispatcher } = setup();
    for (let i = 0; i < 5_000; i += 1) dispatcher.dispatch('not json');
    expect(dispatcher.rejected).toBe(5_000);
    expect(sink.records.length).toBeLessThan(40);
  });

  it('R10 a flood of binary frames is counted, and logged no more than bad text frames', () => {
    const { sink, dispatcher } = setup();
    for (let i = 0; i < 5_000; i += 1) dispatcher.rejectBinary(16);
    expect(dispatcher.rejected).toBe(5_000);
    expect(sink.records.length).toBeLessThan(40);
  });

  it('never logs the text of a chat message it rejects', () => {
    const { sink, dispatcher } = setup();
    dispatcher.dispatch(chatFrame({ chatterUserId: '42', text: 'secret-ish words' }).replace('"message_id":', '"message_idx":'));
    expect(dispatcher.rejected).toBe(1);
    expect(JSON.stringify(sink.records)).not.toContain('secret-ish');
  });
});
