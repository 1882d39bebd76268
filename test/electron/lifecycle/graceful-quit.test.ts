import { describe, expect, it } from 'vitest';
import { QUIT_TIMEOUT_MS, installGracefulQuit } from '../../../electron/lifecycle/graceful-quit.js';
import { MemoryLogSink, createLogger } from '../../../src-core/runtime/logger.js';
import { app, resetFakeElectron } from '../../fakes/electron.js';
import { ManualClock } from '../../support/manual-clock.js';

function setup(stop: () => Promise<void>) {
  resetFakeElectron();
  const clock = new ManualClock();
  const sink = new MemoryLogSink();
  let quittingHooks = 0;
  let flushes = 0;
  const flush = async (): Promise<void> => {
    flushes += 1;
  };
  const quit = installGracefulQuit({ app, stop, flush, clock, logger: createLogger(sink), onQuitting: () => (quittingHooks += 1) });
  return { clock, sink, quit, hooks: () => quittingHooks, flushes: () => flushes };
}

describe('graceful quit', () => {
  it('holds the quit until the core has stopped, then quits for real', async () => {
    let finish: () => void = () => {};
    const stopped = new Promise<void>((resolve) => (finish = resolve));
    let stopCalls = 0;
    const { clock, quit, hooks } = setup(() => {
      stopCalls += 1;
      return stopped;
    });
    app.quit();
    expect(quit.quitting).toBe(true);
    expect(hooks()).toBe(1);
    expect(stopCalls).toBe(1);
    expect(app.quitted).toBe(false);
    app.quit(); // a second request while stopping changes nothing
    expect(stopCalls).toBe(1);
    await clock.advance(1000);
    expect(app.quitted).toBe(false);
    finish();
    await clock.advance(0);
    expect(app.quitted).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('quits anyway when the core does not stop in time, and says so in the log; the store is saved at the start and again at the end', async () => {
    const { clock, sink, flushes } = setup(() => new Promise<void>(() => {}));
    app.quit();
    expect(flushes()).toBe(1);
    await clock.advance(QUIT_TIMEOUT_MS - 1);
    expect(app.quitted).toBe(false);
    await clock.advance(1);
    expect(app.quitted).toBe(true);
    expect(flushes()).toBe(2);
    expect(sink.records.map((r) => r.event)).toContain('app.stop_timeout');
  });

  it('quits when stopping fails, with the failure logged', async () => {
    const { clock, sink } = setup(async () => {
      throw new Error('flush failed: disk full');
    });
    app.quit();
    await clock.advance(0);
    expect(app.quitted).toBe(true);
    expect(sink.records.find((r) => r.event === 'app.stop_failed')?.fields).toMatchObject({ error: { message: 'flush failed: disk full' } });
  });
});
