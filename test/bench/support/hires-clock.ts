import { systemClock, type Clock } from '../../../src-core/runtime/clock.js';

/**
 * Epoch milliseconds with sub-millisecond resolution. The fake Twitch runs on it in the
 * benchmarks, so its request log stamps a PUT's arrival as finely as we stamp the send.
 */
export const hiresClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (fn, ms) => systemClock.setTimeout(fn, ms),
};
