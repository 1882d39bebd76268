import { createLogger, silentSink } from '../../../src-core/runtime/logger.js';
import { FrameDispatcher } from '../../../src-core/twitch/eventsub/frame-dispatcher.js';
import { parseFrame } from '../../../src-core/twitch/eventsub/frames.js';
import { otherChatter, type ChatFrameFactory, type FrameTarget } from '../support/chat-frames.js';
import type { Row } from '../support/report.js';
import { round } from '../support/stats.js';

const OUR_USER = '42';
const POOL = 2_000;

/**
 * The EventSub hot path on its own, in this process: how many frames per second one
 * FrameDispatcher gets through, without sockets. Sets the ceiling for measurement 1 and
 * shows what the raw-byte pre-check saves over decoding and validating every frame.
 */
export function dispatcherAlone(factory: ChatFrameFactory, durationMs: number): { rows: Row[]; details: Record<string, unknown> } {
  const target: FrameTarget = { sessionId: 'AQoQbenchsession', subscriptionId: 'c0ffee00-0000-4000-8000-000000000001', readerUserId: OUR_USER, broadcaster: { id: '1000', login: 'busy_channel', name: 'Busy_Channel' } };
  const others = Array.from({ length: POOL }, (_, i) => Buffer.from(factory.build(target, otherChatter(i), i)));
  const ours = Array.from({ length: POOL }, (_, i) => Buffer.from(factory.build(target, { id: OUR_USER, login: 'me', name: 'Me' }, i)));
  let delivered = 0;
  const dispatcher = new FrameDispatcher({ userId: OUR_USER, logger: createLogger(silentSink), onFrame: () => (delivered += 1) });
  const skipRate = rate(others, durationMs, (f) => dispatcher.dispatch(f));
  const fullRate = rate(others, durationMs, (f) => void parseFrame(JSON.parse(f.toString('utf8'))));
  const oursRate = rate(ours, durationMs / 2, (f) => dispatcher.dispatch(f));
  if (delivered === 0) throw new Error('bench: the dispatcher delivered none of our own frames');
  return {
    rows: [
      { id: '1d', measurement: 'FrameDispatcher alone, others\' frames (in-process, no socket)', value: skipRate, unit: 'frames/s' },
      { id: '1e', measurement: 'same frames through JSON.parse + full schema (no pre-check)', value: fullRate, unit: 'frames/s' },
    ],
    details: { othersPerSecond: round(skipRate, 0), fullParsePerSecond: round(fullRate, 0), ownPerSecond: round(oursRate, 0) },
  };
}

function rate(frames: readonly Buffer[], durationMs: number, fn: (frame: Buffer) => void): number {
  // Warm-up so the measurement sees optimised code.
  for (let i = 0; i < frames.length * 5; i += 1) fn(frames[i % frames.length] as Buffer);
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < durationMs) {
    for (let i = 0; i < 1_000; i += 1) fn(frames[(n + i) % frames.length] as Buffer);
    n += 1_000;
    elapsed = performance.now() - start;
  }
  return (n / elapsed) * 1000;
}
