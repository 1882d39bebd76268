import { describe, expect, it, vi } from 'vitest';
import { AbortedError, childController, sleep } from '../../../src-core/runtime/abort.js';
import { Backoff } from '../../../src-core/runtime/backoff.js';
import { systemClock } from '../../../src-core/runtime/clock.js';
import { RetryExhaustedError } from '../../../src-core/runtime/errors.js';
import { MemoryLogSink, SecretRegistry, createLogger } from '../../../src-core/runtime/logger.js';
import { retry } from '../../../src-core/runtime/retry.js';
import { ManualClock } from '../../support/manual-clock.js';

describe('sleep and abort conventions', () => {
  it('resolves after the time passes on the given clock', async () => {
    const clock = new ManualClock();
    let done = false;
    void sleep(clock, 1000).then(() => (done = true));
    await clock.advance(999);
    expect(done).toBe(false);
    await clock.advance(1);
    expect(done).toBe(true);
  });

  it('rejects with AbortedError and leaves no timer when aborted', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const waiting = sleep(clock, 60_000, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
    expect(clock.pending).toBe(0);
  });

  it('the system clock follows vitest fake timers because it looks globals up at call time', async () => {
    vi.useFakeTimers();
    try {
      let fired = false;
      systemClock.setTimeout(() => (fired = true), 5000);
      vi.advanceTimersByTime(5000);
      expect(fired).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a child controller follows its parent and detaches its listener when it ends first', () => {
    const parent = new AbortController();
    const child = childController(parent.signal);
    parent.abort();
    expect(child.signal.aborted).toBe(true);

    const parent2 = new AbortController();
    const removed = vi.spyOn(parent2.signal, 'removeEventListener');
    childController(parent2.signal).abort();
    expect(removed).toHaveBeenCalledTimes(1);
    expect(parent2.signal.aborted).toBe(false);
  });
});

describe('backoff with full jitter', () => {
  it('R09 delays grow exponentially and stop at the 60 s cap', () => {
    const backoff = new Backoff({ random: () => 0.999999 });
    const delays = Array.from({ length: 12 }, () => backoff.next());
    expect(delays.slice(0, 4)).toEqual([999, 1999, 3999, 7999]);
    expect(Math.max(...delays)).toBeLessThan(60_000);
    expect(delays.at(-1)).toBe(59_999);
  });

  it('jitter spreads delays over the whole window', () => {
    const backoff = new Backoff({ random: () => 0 });
    expect(backoff.next()).toBe(0);
    backoff.reset();
    expect(backoff.attempts).toBe(0);
  });
});

describe('retry', () => {
  it('R20 an exhausted retry throws RetryExhaustedError with attempts and the last cause', async () => {
    const clock = new ManualClock();
    const causes = [new Error('one'), new Error('two'), new Error('three')];
    let calls = 0;
    const result = retry(
      async () => {
        throw causes[calls++];
      },
      { operation: 'lookup', attempts: 3, clock, retryable: () => true, random: () => 0 },
    );
    const settled = result.catch((error: unknown) => error);
    await clock.advance(10);
    const error = await settled;
    expect(error).toBeInstanceOf(RetryExhaustedError);
    expect((error as RetryExhaustedError).attempts).toBe(3);
    expect((error as RetryExhaustedError).lastError).toBe(causes[2]);
    expect(calls).toBe(3);
  });

  it('rethrows a non-retryable error at once, without further attempts', async () => {
    const clock = new ManualClock();
    const fatal = new TypeError('bug');
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls += 1;
          throw fatal;
        },
        { operation: 'x', attempts: 5, clock, retryable: () => false },
      ),
    ).rejects.toBe(fatal);
    expect(calls).toBe(1);
  });

  it('honours a delay the error asks for', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const done = retry(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('rate limited');
        return 'ok';
      },
      { operation: 'x', attempts: 2, clock, retryable: () => true, delayFor: () => 30_000 },
    );
    await clock.advance(29_999);
    expect(calls).toBe(1);
    await clock.advance(1);
    await expect(done).resolves.toBe('ok');
  });
});

describe('logger', () => {
  it('R34 masks registered secrets, bearer headers and secret-named fields', () => {
    const sink = new MemoryLogSink();
    const secrets = new SecretRegistry();
    secrets.add('abcdefghijklmnop');
    const log = createLogger(sink, { secrets }).child({ account: 'alice' });
    log.error('refresh.failed', 'token abcdefghijklmnop was refused', {
      header: 'Bearer abcdefghijklmnop',
      refreshToken: 'zzzzzzzzzzzzzzzz',
      nested: { client_secret: 'ssssssssssss', status: 400 },
      error: new Error('bad abcdefghijklmnop'),
    });
    const text = JSON.stringify(sink.records);
    expect(text).not.toContain('abcdefghijklmnop');
    expect(text).not.toContain('zzzzzzzzzzzzzzzz');
    expect(text).not.toContain('ssssssssssss');
    expect(sink.records[0]?.fields).toMatchObject({ account: 'alice', nested: { status: 400 } });
  });

  it('a throwing sink does not throw into the caller', () => {
    const log = createLogger({ write: () => { throw new Error('disk full'); } });
    expect(() => log.info('x', 'y')).not.toThrow();
  });
});

describe('EventHub', () => {
  it('R12 a throwing listener is logged and the others still receive the event', async () => {
    const { EventHub } = await import('../../../src-core/runtime/event-hub.js');
    const sink = new MemoryLogSink();
    const hub = new EventHub<number>(createLogger(sink), 'test');
    const seen: number[] = [];
    hub.subscribe(() => {
      throw new TypeError('listener bug');
    });
    hub.subscribe((n) => seen.push(n));
    hub.emit(1);
    expect(seen).toEqual([1]);
    expect(sink.records.some((r) => r.event === 'listener.failed' && r.level === 'error')).toBe(true);
  });

  it('R18 events emitted from inside a listener are delivered after the current one, in order', async () => {
    const { EventHub } = await import('../../../src-core/runtime/event-hub.js');
    const hub = new EventHub<string>(createLogger(new MemoryLogSink()), 'test');
    const a: string[] = [];
    const b: string[] = [];
    hub.subscribe((e) => {
      a.push(e);
      if (e === 'first') hub.emit('second');
    });
    hub.subscribe((e) => b.push(e));
    hub.emit('first');
    expect(a).toEqual(['first', 'second']);
    expect(b).toEqual(['first', 'second']);
  });
});
