import type { FakeTwitch } from '../../fake-twitch/index.js';
import { otherChatter, type ChatFrameFactory, type FrameTarget } from './chat-frames.js';

/** A pre-serialized notification and the session it goes to. */
export interface OutgoingFrame {
  sessionId: string;
  /** A string, so the fake sends a text frame as Twitch does (a Buffer would go out binary). */
  data: string;
}

/**
 * Other chatters' frames spread round-robin over every target (channel subscription),
 * cycling through the message variants and a few thousand chatters. Built once, so the
 * sender spends its time sending.
 */
export function buildFramePool(factory: ChatFrameFactory, targets: readonly FrameTarget[], size: number): OutgoingFrame[] {
  if (targets.length === 0) throw new Error('bench: no subscriptions to send frames to');
  const pool: OutgoingFrame[] = [];
  for (let i = 0; i < size; i += 1) {
    const target = targets[i % targets.length] as FrameTarget;
    const variant = Math.floor(i / targets.length) + i;
    pool.push({ sessionId: target.sessionId, data: factory.build(target, otherChatter(i % 5_000), variant) });
  }
  return pool;
}

/** Average frame size in bytes. */
export function averageBytes(pool: readonly OutgoingFrame[]): number {
  return pool.reduce((n, f) => n + Buffer.byteLength(f.data), 0) / Math.max(1, pool.length);
}

/**
 * Sends the pool through the fake's sockets at a steady rate (frames per second), as a
 * busy chat would, until stopped. Ticks every millisecond and catches up on what is due.
 */
export class PacedSender {
  #sent = 0;
  #timer: NodeJS.Timeout | undefined;
  #startedAt = 0;

  constructor(
    private readonly fake: FakeTwitch,
    private readonly pool: readonly OutgoingFrame[],
    private readonly ratePerSecond: number,
  ) {}

  get sent(): number {
    return this.#sent;
  }

  start(): void {
    this.#startedAt = performance.now();
    const base = this.#sent;
    const tick = (): void => {
      const due = base + Math.floor(((performance.now() - this.#startedAt) * this.ratePerSecond) / 1000);
      while (this.#sent < due) this.#sendOne();
      this.#timer = setTimeout(tick, 1);
    };
    this.#timer = setTimeout(tick, 1);
  }

  /** Sends `count` frames at once (warm-up, bursts). */
  burst(count: number): void {
    for (let i = 0; i < count; i += 1) this.#sendOne();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #sendOne(): void {
    const frame = this.pool[this.#sent % this.pool.length] as OutgoingFrame;
    this.fake.sendRaw(frame.sessionId, frame.data);
    this.#sent += 1;
  }
}
