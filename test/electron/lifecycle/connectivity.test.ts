import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ONLINE_POLL_MS, type RetryReason, watchConnectivity } from '../../../electron/lifecycle/connectivity.js';
import { ManualClock } from '../../support/manual-clock.js';

function setup(online = true) {
  const clock = new ManualClock();
  const powerMonitor = new EventEmitter();
  const net = { online, isOnline: () => net.online };
  const retries: RetryReason[] = [];
  const controller = new AbortController();
  watchConnectivity({ powerMonitor, net, clock, signal: controller.signal, onRetry: (reason) => retries.push(reason) });
  return { clock, powerMonitor, net, retries, controller };
}

describe('reconnect triggers', () => {
  it('the system waking up asks for an immediate retry', () => {
    const { powerMonitor, retries } = setup();
    powerMonitor.emit('resume');
    expect(retries).toEqual(['resume']);
  });

  it('the network coming back asks for an immediate retry, once per outage', async () => {
    const { clock, net, retries } = setup(true);
    await clock.advance(ONLINE_POLL_MS * 3);
    expect(retries).toEqual([]);
    net.online = false;
    await clock.advance(ONLINE_POLL_MS * 2);
    net.online = true;
    await clock.advance(ONLINE_POLL_MS);
    await clock.advance(ONLINE_POLL_MS * 5);
    expect(retries).toEqual(['online']);
  });

  it('starting offline and coming online counts as the network coming back', async () => {
    const { clock, net, retries } = setup(false);
    net.online = true;
    await clock.advance(ONLINE_POLL_MS);
    expect(retries).toEqual(['online']);
  });

  it('R16 leaves no timer or listener behind once its owner stops', async () => {
    const { clock, powerMonitor, net, retries, controller } = setup(false);
    controller.abort();
    expect(clock.pending).toBe(0);
    expect(powerMonitor.listenerCount('resume')).toBe(0);
    net.online = true;
    powerMonitor.emit('resume');
    await clock.advance(ONLINE_POLL_MS * 3);
    expect(retries).toEqual([]);
  });
});
