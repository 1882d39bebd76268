import { describe, expect, it } from 'vitest';
import { ManualClock } from '../support/manual-clock.js';
import { advanceInSteps, waitFor } from '../support/wait-for.js';

describe('waitFor (test/support)', () => {
  it('returns the first truthy value, polling through falsy values and throws', async () => {
    let calls = 0;
    const value = await waitFor(() => {
      calls += 1;
      if (calls < 3) throw new Error('not yet');
      return calls >= 5 ? `done after ${calls}` : undefined;
    }, { intervalMs: 1 });
    expect(value).toBe('done after 5');
  });

  it('awaits async predicates', async () => {
    expect(await waitFor(async () => 42)).toBe(42);
  });

  it('times out with the message and the last error as cause', async () => {
    const failure = await waitFor(() => {
      throw new Error('still broken');
    }, { timeoutMs: 20, message: 'socket never closed' }).catch((e: unknown) => e as Error);
    expect(failure.message).toBe('waitFor timed out after 20 ms: socket never closed');
    expect((failure.cause as Error).message).toBe('still broken');
  });
});

describe('advanceInSteps (test/support)', () => {
  it('advances the clock in steps and lets real I/O run between them', async () => {
    const clock = new ManualClock();
    const seen: number[] = [];
    const tick = (): void => {
      clock.setTimeout(() => {
        // A real-time hop, like a frame crossing a socket, before the next timer is armed.
        setTimeout(() => {
          seen.push(clock.now());
          tick();
        }, 0);
      }, 1000);
    };
    tick();
    const start = clock.now();
    await advanceInSteps(clock, 3000, { stepMs: 1000 });
    expect(seen.map((t) => t - start)).toEqual([1000, 2000, 3000]);
  });
});
