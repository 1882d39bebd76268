import { afterEach, describe, expect, it } from 'vitest';
import { settleIo, waitFor } from '../support/wait-for.js';
import { AbortListenerGauge } from './support/abort-gauge.js';
import { isLive, startCoreRig, type CoreRig } from './support/core-rig.js';

let rig: CoreRig | undefined;
const gauge = new AbortListenerGauge();
afterEach(async () => {
  gauge.uninstall();
  await rig?.close();
  rig = undefined;
});

describe('the whole core', () => {
  it('R16 stopping the app leaves no socket, timer or abort listener, and Twitch hears nothing more', async () => {
    gauge.install();
    const r = await startCoreRig();
    rig = r;
    const a = await r.addAccount({ login: 'alice', channels: ['alice', 'dave'], resolved: true });
    const b = await r.addAccount({ login: 'bob', channels: ['bob', 'erin'] });
    await r.until(() => isLive(r.account(a.accountId)) && isLive(r.account(b.accountId)), { message: 'both accounts live' });
    r.fake.say({ channel: 'dave', chatter: 'alice', text: 'hello' });
    await waitFor(() => r.fake.log.colorChanges(a.userId).length === 1);
    expect(r.clock.pending).toBeGreaterThan(0);
    expect(gauge.count()).toBeGreaterThan(0);

    await r.core.stop({ restoreHome: false });
    await waitFor(() => r.fake.sessions().every((s) => s.state === 'closed'), { message: 'every EventSub socket closed' });
    await settleIo(20);
    // The fake's timers run on the same clock; with every socket closed it holds none either.
    expect(r.clock.pending).toBe(0);
    expect(gauge.count()).toBe(0);
    const requests = r.fake.log.requests().length;
    await r.advance(6 * 3600_000, 600_000);
    expect(r.fake.log.requests().length).toBe(requests);
    expect(r.fake.sessions().filter((s) => s.state !== 'closed')).toHaveLength(0);
  });

  it('R19 a TypeError thrown by a core listener reaches the log with its stack; the color still changes and other listeners still hear', async () => {
    const r = await startCoreRig();
    rig = r;
    const heard: string[] = [];
    r.core.subscribe((event) => {
      if (event.type === 'color:changed') {
        const broken = undefined as unknown as { color: string };
        heard.push(broken.color);
      }
    });
    r.core.subscribe((event) => {
      if (event.type === 'color:changed') heard.push(event.payload.color);
    });
    const { accountId, userId } = await r.addAccount({ login: 'alice', channels: ['alice'], resolved: true });
    await r.until(() => isLive(r.account(accountId)));
    r.fake.say({ channel: 'alice', chatter: 'alice', text: 'one' });
    await waitFor(() => r.fake.log.colorChanges(userId).length === 1 && heard.length === 1, { message: 'first change heard' });

    const line = r.logs.records.find((l) => l.level === 'error' && l.event === 'listener.failed');
    expect(line, 'the TypeError was logged').toBeDefined();
    const error = line?.fields.error as { name?: string; stack?: string };
    expect(error.name).toBe('TypeError');
    expect(error.stack).toMatch(/TypeError: Cannot read properties of undefined/);
    r.fake.say({ channel: 'alice', chatter: 'alice', text: 'two' });
    await waitFor(() => r.fake.log.colorChanges(userId).length === 2 && heard.length === 2, { message: 'second change heard' });
  });

  it('R19 a TypeError in a store listener during a chat command is logged with its stack; the command still takes effect', async () => {
    const r = await startCoreRig();
    rig = r;
    const { accountId } = await r.addAccount({ login: 'alice', channels: ['alice'], resolved: true });
    await r.until(() => isLive(r.account(accountId)));
    r.store.subscribe((state) => {
      if (state.accounts.some((a) => !a.enabled)) (null as unknown as { boom(): void }).boom();
    });
    r.fake.say({ channel: 'alice', chatter: 'alice', text: 'ccd' });
    await waitFor(() => r.account(accountId).state === 'paused', { message: 'ccd took effect' });
    const line = r.logs.records.find((l) => l.level === 'error' && l.event === 'store.listener_failed');
    expect((line?.fields.error as { stack?: string } | undefined)?.stack).toMatch(/TypeError/);
  });
});
