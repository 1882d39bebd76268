import { describe, expect, it } from 'vitest';
import { hexColor, namedColor, sameColor } from '../../../src-core/color/color-value.js';
import type { ColorValue } from '../../../src-core/color/color-value.js';
import { ColorCycler } from '../../../src-core/color/cycler.js';
import type { ApplyOutcome, ColorCyclerDeps, CyclerOptions } from '../../../src-core/color/cycler.js';
import { sleep } from '../../../src-core/runtime/abort.js';
import { MemoryLogSink, createLogger } from '../../../src-core/runtime/logger.js';
import { ManualClock } from '../../support/manual-clock.js';
import { seededRandom } from './seeded-random.js';

type Respond = (color: ColorValue, call: number, signal: AbortSignal) => Promise<ApplyOutcome | void> | ApplyOutcome | void;

/** A stand-in for PUT chat/color that records what Twitch would have seen. */
class FakeColorApi {
  readonly calls: Array<{ color: ColorValue; at: number }> = [];
  inFlight = 0;
  maxInFlight = 0;
  respond: Respond = () => {};
  constructor(readonly clock: ManualClock) {}

  readonly setColor = async (color: ColorValue, signal: AbortSignal): Promise<ApplyOutcome> => {
    this.calls.push({ color, at: this.clock.now() });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      return (await this.respond(color, this.calls.length, signal)) ?? { kind: 'applied' };
    } finally {
      this.inFlight -= 1;
    }
  };

  get colors(): ColorValue[] {
    return this.calls.map((call) => call.color);
  }
}

/** Twitch without Turbo/Prime on this account: every hex is refused. */
const rejectHex = (color: ColorValue): ApplyOutcome | undefined =>
  color.kind === 'hex' ? { kind: 'hex_refused', message: `Twitch refused ${color.hex}: hex colors need Turbo or Prime` } : undefined;

/** Twitch answered `status` (a 5xx, say). */
const failure = (status: number): ApplyOutcome => ({ kind: 'failed', error: new Error(`Twitch answered ${status}`), status });

function setup(options: Partial<CyclerOptions> = {}, deps: Partial<ColorCyclerDeps> = {}, persistMs = 200) {
  const clock = new ManualClock();
  const sink = new MemoryLogSink();
  const api = new FakeColorApi(clock);
  const state: CyclerOptions = {
    mode: 'random',
    palette: [],
    paletteOrder: 'random',
    minIntervalMs: 0,
    prime: 'no',
    enabled: true,
    ...options,
  };
  const persisted: Array<'yes' | 'no'> = [];
  const changed: Array<{ color: ColorValue; at: number }> = [];
  const failed: unknown[] = [];
  const cycler = new ColorCycler({
    setColor: api.setColor,
    clock,
    logger: createLogger(sink, { now: () => clock.now() }),
    getOptions: () => state,
    onPrimeDetected: async (status) => {
      persisted.push(status);
      await sleep(clock, persistMs); // a store write that takes a while
      state.prime = status;
    },
    onChanged: (color, at) => void changed.push({ color, at }),
    onFailed: (error) => void failed.push(error),
    random: seededRandom(11),
    ...deps,
  });
  return { clock, sink, api, state, persisted, changed, failed, cycler };
}

const events = (sink: MemoryLogSink): string[] => sink.records.map((record) => record.event);

describe('ColorCycler', () => {
  it('changes the color once per message and reports it', async () => {
    const { clock, api, changed, cycler } = setup({ mode: 'rainbow' }, { currentColor: namedColor('red') });
    cycler.trigger();
    await clock.advance(0);
    expect(api.colors).toEqual([namedColor('firebrick')]);
    expect(changed).toEqual([{ color: namedColor('firebrick'), at: clock.now() }]);
    expect(cycler.current).toEqual(namedColor('firebrick'));
  });

  it('a color learned after the start is avoided by the next change, unless a change came first', async () => {
    for (let seed = 1; seed <= 40; seed += 1) {
      const { clock, api, cycler } = setup({}, { random: seededRandom(seed) });
      cycler.learnCurrent(namedColor('dodger_blue'));
      cycler.trigger();
      await clock.advance(0);
      expect(api.colors[0], `seed ${seed}`).not.toEqual(namedColor('dodger_blue'));
    }
    const { clock, cycler } = setup({ mode: 'rainbow' }, { currentColor: namedColor('red') });
    cycler.learnCurrent(namedColor('blue'));
    expect(cycler.current).toEqual(namedColor('red'));
    cycler.trigger();
    await clock.advance(0);
    cycler.learnCurrent(namedColor('blue'));
    expect(cycler.current).toEqual(namedColor('firebrick'));
  });

  it('a message arriving just as the cycler goes idle still changes the color', async () => {
    for (let depth = 0; depth < 12; depth += 1) {
      const { clock, api, cycler } = setup();
      cycler.trigger();
      let pending = Promise.resolve();
      for (let i = 0; i < depth; i += 1) pending = pending.then(() => undefined);
      void pending.then(() => cycler.trigger());
      await clock.advance(1_000);
      expect(api.calls, `second message after ${depth} microtasks`).toHaveLength(2);
    }
  });

  it('coalesces: 10 messages during a slow PUT give exactly 2 PUTs, and the newest settings win', async () => {
    const { clock, api, state, changed, cycler } = setup();
    api.respond = (_color, _call, signal) => sleep(clock, 5_000, signal);
    for (let i = 0; i < 10; i += 1) {
      cycler.trigger();
      if (i === 9) Object.assign(state, { mode: 'palette', palette: [namedColor('hot_pink')] });
      await clock.advance(100);
    }
    await clock.advance(20_000);
    expect(api.calls).toHaveLength(2);
    expect(api.maxInFlight).toBe(1);
    expect(api.colors[1]).toEqual(namedColor('hot_pink'));
    expect(changed.at(-1)?.color).toEqual(namedColor('hot_pink'));
  });

  it('R05 concurrent hex rejections flip prime status once, persisted once', async () => {
    // The store write outlasts several PUTs: the status must hold before it is persisted.
    const { clock, api, persisted, changed, cycler } = setup({ prime: 'unknown' }, {}, 2_000);
    api.respond = async (color, _call, signal) => {
      await sleep(clock, 300, signal);
      return rejectHex(color);
    };
    cycler.trigger();
    const manual = [cycler.setNow(hexColor('#123456')), cycler.setNow(hexColor('#654321'))];
    for (let i = 0; i < 20; i += 1) {
      cycler.trigger();
      await clock.advance(50);
    }
    const late = cycler.setNow(hexColor('#ABCDEF'));
    await clock.advance(10_000);

    expect(persisted).toEqual(['no']);
    expect(api.colors.filter((color) => color.kind === 'hex')).toHaveLength(1);
    expect(cycler.prime).toBe('no');
    const results = await Promise.all([...manual, late]);
    expect(results.map((result) => result.outcome)).toEqual(['superseded', 'refused', 'refused']);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((change) => change.color.kind === 'named')).toBe(true);
  });

  it('R05 a rejected automatic hex change is redone with a named color at once', async () => {
    const { clock, api, persisted, changed, cycler } = setup({ prime: 'unknown' });
    api.respond = rejectHex;
    cycler.trigger();
    await clock.advance(0);
    expect(api.calls).toHaveLength(2);
    expect(api.calls[0]?.color.kind).toBe('hex');
    expect(api.calls[1]?.color.kind).toBe('named');
    expect(api.calls[1]?.at).toBe(api.calls[0]?.at);
    expect(changed.map((change) => change.color)).toEqual([api.colors[1]]);
    expect(persisted).toEqual(['no']);
  });

  it('the first hex success sets Turbo/Prime to yes, once', async () => {
    const { clock, api, persisted, cycler } = setup({ prime: 'unknown' });
    for (let i = 0; i < 5; i += 1) {
      cycler.trigger();
      await clock.advance(1_000);
    }
    expect(api.calls).toHaveLength(5);
    expect(api.colors.every((color) => color.kind === 'hex')).toBe(true);
    expect(persisted).toEqual(['yes']);
  });

  it('after the user resets the status to unknown, hex is tried again', async () => {
    const { clock, api, state, persisted, cycler } = setup({ prime: 'unknown' });
    api.respond = rejectHex;
    cycler.trigger();
    await clock.advance(1_000);
    expect(state.prime).toBe('no');
    state.prime = 'unknown';
    api.respond = () => {};
    cycler.trigger();
    await clock.advance(1_000);
    expect(api.calls.at(-1)?.color.kind).toBe('hex');
    expect(persisted).toEqual(['no', 'yes']);
  });

  it('R12 a throwing onChanged listener is logged and the color still changes', async () => {
    const { clock, api, sink, cycler } = setup({}, {
      onChanged: () => {
        throw new TypeError('listener bug');
      },
    });
    cycler.trigger();
    await clock.advance(0);
    cycler.trigger();
    await clock.advance(0);
    expect(api.calls).toHaveLength(2);
    expect(cycler.current).toEqual(api.colors[1]);
    const failures = sink.records.filter((record) => record.event === 'color.listener_failed');
    expect(failures).toHaveLength(2);
    expect(failures[0]?.message).toMatch(/listener bug/);
  });

  it('R12 rejecting prime and failure listeners are logged, not unhandled', async () => {
    const { clock, api, sink, cycler } = setup({ prime: 'unknown' }, {
      onPrimeDetected: () => Promise.reject(new Error('disk full')),
      onFailed: () => {
        throw new Error('ui gone');
      },
    });
    api.respond = (color) => (color.kind === 'named' ? failure(500) : rejectHex(color));
    cycler.trigger();
    await clock.advance(0);
    const messages = sink.records.filter((record) => record.event === 'color.listener_failed').map((r) => r.message);
    expect(messages.join('\n')).toMatch(/disk full/);
    expect(messages.join('\n')).toMatch(/ui gone/);
  });

  it('a change that hits 429 waits until the reset and is then retried, not dropped', async () => {
    const { clock, api, changed, failed, cycler } = setup();
    const retryAt = clock.now() + 30_000;
    api.respond = (_color, call) => (call === 1 ? { kind: 'rate_limited', until: retryAt } : undefined);
    cycler.trigger();
    await clock.advance(0);
    cycler.trigger(); // a message during the wait does not add a second change
    await clock.advance(29_999);
    expect(api.calls).toHaveLength(1);
    await clock.advance(1);
    expect(api.calls).toHaveLength(2);
    expect(api.calls[1]?.at).toBe(retryAt);
    expect(api.colors[1]).toEqual(api.colors[0]);
    expect(changed).toHaveLength(1);
    expect(failed).toEqual([]);
    await clock.advance(60_000);
    expect(api.calls).toHaveLength(2);
  });

  it('a ccc that hits 429 is retried after the reset and resolves as changed', async () => {
    const { clock, api, cycler } = setup();
    api.respond = (_color, call) => (call === 1 ? { kind: 'rate_limited', until: clock.now() + 10_000 } : undefined);
    const result = cycler.setNow(namedColor('coral'));
    await clock.advance(10_000);
    await expect(result).resolves.toEqual({ outcome: 'changed', color: namedColor('coral') });
    expect(api.colors).toEqual([namedColor('coral'), namedColor('coral')]);
  });

  it('a 429 without a reset time still waits, with growing gaps', async () => {
    const { clock, api, cycler } = setup({}, { random: () => 0.5 });
    api.respond = () => ({ kind: 'rate_limited', until: undefined });
    cycler.trigger();
    await clock.advance(20_000);
    const gaps = api.calls.slice(1).map((call, i) => call.at - (api.calls[i]?.at ?? 0));
    expect(gaps.slice(0, 4)).toEqual([1_500, 2_000, 3_000, 5_000]);
    await cycler.stop();
  });

  it('other errors are reported with context and not retried in a loop', async () => {
    const { clock, api, sink, failed, cycler } = setup({}, { random: () => 0.5 });
    api.respond = () => failure(500);
    cycler.trigger();
    await clock.advance(600_000);
    expect(api.calls).toHaveLength(1);
    expect(failed).toHaveLength(1);
    const line = sink.records.find((record) => record.event === 'color.change_failed');
    expect(line?.fields).toMatchObject({ operation: 'set_color', trigger: 'automatic', status: 500 });

    // A chatty user on a broken Twitch: one message every 100 ms for 5 s.
    for (let i = 0; i < 50; i += 1) {
      cycler.trigger();
      await clock.advance(100);
    }
    expect(api.calls.length).toBeLessThan(8);
  });

  it('keeps a minimum interval between automatic changes, deferring and coalescing messages inside it', async () => {
    const { clock, api, cycler } = setup({ minIntervalMs: 10_000 });
    cycler.trigger();
    await clock.advance(1_000);
    cycler.trigger();
    await clock.advance(1_000);
    cycler.trigger();
    await clock.advance(7_999);
    expect(api.calls).toHaveLength(1);
    await clock.advance(1);
    expect(api.calls).toHaveLength(2);
    expect(api.calls[1]?.at).toBe((api.calls[0]?.at ?? 0) + 10_000);
    await clock.advance(60_000);
    expect(api.calls).toHaveLength(2);
  });

  it('ccc bypasses the minimum interval and being disabled', async () => {
    const { clock, api, state, cycler } = setup({ minIntervalMs: 60_000 });
    cycler.trigger();
    await clock.advance(1_000);
    cycler.trigger(); // deferred by the interval, then replaced by the ccc
    const result = cycler.setNow(namedColor('chocolate'));
    await clock.advance(0);
    await expect(result).resolves.toMatchObject({ outcome: 'changed' });
    expect(api.calls).toHaveLength(2);
    expect(api.calls[1]?.at).toBe((api.calls[0]?.at ?? 0) + 1_000);

    state.enabled = false;
    cycler.trigger();
    await clock.advance(120_000);
    expect(api.calls).toHaveLength(2);
    await expect(cycler.setNow(namedColor('coral'))).resolves.toMatchObject({ outcome: 'changed' });
    expect(api.colors.at(-1)).toEqual(namedColor('coral'));
  });

  it('disabling while a change is deferred drops it', async () => {
    const { clock, api, state, cycler } = setup({ minIntervalMs: 10_000 });
    cycler.trigger();
    await clock.advance(1_000);
    cycler.trigger();
    state.enabled = false;
    await clock.advance(20_000);
    expect(api.calls).toHaveLength(1);
  });

  it('ccc waits for the change in flight and replaces automatic changes asked for before it', async () => {
    const { clock, api, cycler } = setup();
    api.respond = (_color, _call, signal) => sleep(clock, 1_000, signal);
    cycler.trigger();
    await clock.advance(100);
    cycler.trigger();
    const first = cycler.setNow(namedColor('green'));
    const second = cycler.setNow(namedColor('blue'));
    cycler.trigger(); // after the ccc: still changes the color afterwards
    await clock.advance(10_000);
    expect(api.maxInFlight).toBe(1);
    expect(api.colors.slice(1, 2)).toEqual([namedColor('blue')]);
    expect(api.calls).toHaveLength(3);
    await expect(first).resolves.toEqual({ outcome: 'superseded' });
    await expect(second).resolves.toEqual({ outcome: 'changed', color: namedColor('blue') });
  });

  it('ccc with hex is refused without a request when the account has no Turbo/Prime', async () => {
    const { clock, api, cycler } = setup({ prime: 'no' });
    const result = await cycler.setNow(hexColor('#9146FF'));
    await clock.advance(0);
    expect(result).toMatchObject({ outcome: 'refused' });
    expect(api.calls).toHaveLength(0);
  });

  it('ccc with hex when unknown is tried; a 400 sets no and changes nothing else', async () => {
    const { clock, api, persisted, changed, cycler } = setup({ prime: 'unknown' });
    api.respond = rejectHex;
    const result = cycler.setNow(hexColor('#9146FF'));
    await clock.advance(1_000);
    await expect(result).resolves.toMatchObject({ outcome: 'hex_rejected' });
    expect(api.colors).toEqual([hexColor('#9146FF')]);
    expect(persisted).toEqual(['no']);
    expect(changed).toEqual([]);
  });

  it('ccc failing for another reason is reported', async () => {
    const { clock, api, failed, cycler } = setup();
    const error = new Error('Twitch answered 500');
    api.respond = () => ({ kind: 'failed', error, status: 500 });
    const result = cycler.setNow(namedColor('red'));
    await clock.advance(0);
    await expect(result).resolves.toEqual({ outcome: 'failed', error });
    expect(failed).toEqual([error]);
  });

  it('a client that throws instead of answering (a bug) is reported as a failure, and the next message works', async () => {
    const { clock, api, sink, failed, cycler } = setup();
    const bug = new TypeError("Cannot read properties of undefined (reading 'color')");
    api.respond = (_color, call) => {
      if (call === 1) throw bug;
    };
    cycler.trigger();
    await clock.advance(0);
    expect(failed).toEqual([bug]);
    expect(sink.records.find((record) => record.event === 'color.change_failed')?.level).toBe('error');
    await clock.advance(60_000);
    cycler.trigger();
    await clock.advance(0);
    expect(api.calls).toHaveLength(2);
  });

  it('never sends the color the account already has', async () => {
    const { clock, api, cycler } = setup({ mode: 'palette', palette: [namedColor('red'), namedColor('blue')], paletteOrder: 'random' }, {
      currentColor: namedColor('red'),
    });
    for (let i = 0; i < 50; i += 1) {
      cycler.trigger();
      await clock.advance(10);
    }
    api.colors.forEach((color, i) => expect(sameColor(color, i === 0 ? namedColor('red') : api.colors[i - 1])).toBe(false));
  });

  it('stop aborts the change in flight and every wait, leaving no timers', async () => {
    const { clock, api, sink, failed, cycler } = setup({ minIntervalMs: 30_000 });
    api.respond = (_color, _call, signal) => sleep(clock, 5_000, signal);
    cycler.trigger();
    await clock.advance(100);
    cycler.trigger();
    const manual = cycler.setNow(namedColor('red'));
    await cycler.stop();
    await expect(manual).resolves.toEqual({ outcome: 'stopped' });
    expect(clock.pending).toBe(0);
    expect(failed).toEqual([]);
    expect(events(sink)).not.toContain('color.change_failed');
    cycler.trigger();
    await expect(cycler.setNow(namedColor('blue'))).resolves.toEqual({ outcome: 'stopped' });
    await clock.advance(60_000);
    expect(api.calls).toHaveLength(1);
  });

  it('stops with its owner, even if the client ignores the signal', async () => {
    const owner = new AbortController();
    const { clock, api, cycler } = setup({ minIntervalMs: 30_000 }, { signal: owner.signal });
    api.respond = () => new Promise<void>(() => {});
    cycler.trigger();
    await clock.advance(0);
    owner.abort();
    await cycler.stop();
    expect(cycler.stopped).toBe(true);
    expect(clock.pending).toBe(0);
  });
});
