/**
 * How many EventSub notifications per second one socket's dispatcher gets through.
 * Almost every notification is another chatter's message, so that row is the one that
 * matters. Run: npx vitest bench --run --config test/vitest.config.ts test/bench/eventsub-dispatch.bench.ts
 * (ops/sec = notifications/second).
 */
import { bench, describe } from 'vitest';
import { createLogger, silentSink } from '../../src-core/runtime/logger.js';
import { FrameDispatcher } from '../../src-core/twitch/eventsub/frame-dispatcher.js';
import { parseFrame } from '../../src-core/twitch/eventsub/frames.js';
import { chatFrame } from '../core/twitch/eventsub/support/frames.js';

const OUR_USER = '42';
const COUNT = 1_000;

function frames(chatter: (i: number) => string, pretty = false): Buffer[] {
  return Array.from({ length: COUNT }, (_, i) => {
    const text = chatFrame({ chatterUserId: chatter(i), broadcasterUserId: '1000', text: `message number ${i} with some words in it` });
    return Buffer.from(pretty ? JSON.stringify(JSON.parse(text), null, 1) : text);
  });
}

const others = frames((i) => String(100_000 + i));
const othersPretty = frames((i) => String(100_000 + i), true);
const ours = frames(() => OUR_USER);

let delivered = 0;
const dispatcher = new FrameDispatcher({ userId: OUR_USER, logger: createLogger(silentSink), onFrame: () => (delivered += 1) });

function cycle(list: Buffer[], fn: (frame: Buffer) => void): () => void {
  let i = 0;
  return () => {
    fn(list[i]!);
    i = (i + 1) % list.length;
  };
}

describe('EventSub dispatch (notifications/second)', () => {
  bench("others' messages: raw-byte skip", cycle(others, (f) => dispatcher.dispatch(f)));
  bench("others' messages, non-compact JSON: JSON.parse + property check", cycle(othersPretty, (f) => dispatcher.dispatch(f)));
  bench('our messages: JSON.parse + full schema', cycle(ours, (f) => dispatcher.dispatch(f)));
  bench("baseline without the pre-check: full schema for others' messages", cycle(others, (f) => void parseFrame(JSON.parse(f.toString('utf8')))));
});

process.on('exit', () => {
  if (delivered < 0) console.log(delivered);
});
