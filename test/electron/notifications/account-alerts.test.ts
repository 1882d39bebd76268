import { describe, expect, it } from 'vitest';
import { type AccountAlert, AccountAlerts, DEGRADED_ALERT_AFTER_MS } from '../../../electron/notifications/account-alerts.js';
import type { AccountView } from '../../../src-core/ipc/snapshot.js';
import { ManualClock } from '../../support/manual-clock.js';
import { makeAccount, makeSnapshot } from '../support/snapshots.js';

function setup() {
  const clock = new ManualClock();
  const alerts: AccountAlert[] = [];
  const controller = new AbortController();
  const tracker = new AccountAlerts({ clock, signal: controller.signal, notify: (alert) => alerts.push(alert) });
  const show = (...accounts: AccountView[]): void => tracker.update(makeSnapshot({ accounts }));
  return { clock, alerts, controller, tracker, show };
}

describe('account notifications', () => {
  it('tell once when an account starts needing a login, with the reason', () => {
    const { alerts, show } = setup();
    show(makeAccount({ state: 'active' }));
    show(makeAccount({ state: 'needs_login', reason: 'Twitch revoked the authorization' }));
    show(makeAccount({ state: 'needs_login', reason: 'Twitch revoked the authorization' }));
    show(makeAccount({ state: 'needs_login', reason: 'Twitch revoked the authorization', currentColor: '#000000' }));
    expect(alerts).toEqual([
      {
        accountId: 'acc-1',
        kind: 'needs_login',
        title: 'Alice needs to log in again',
        body: 'Twitch revoked the authorization Colors stay unchanged until you log in again.',
      },
    ]);
  });

  it('tell again after the account recovered and lost its login a second time', () => {
    const { alerts, show } = setup();
    show(makeAccount({ state: 'needs_login' }));
    show(makeAccount({ state: 'active' }));
    show(makeAccount({ state: 'needs_login' }));
    expect(alerts.map((a) => a.kind)).toEqual(['needs_login', 'needs_login']);
  });

  it('tell about a failing account only after it has been degraded for a while, once', async () => {
    const { clock, alerts, show } = setup();
    show(makeAccount({ state: 'degraded', reason: 'Twitch cannot be reached' }));
    await clock.advance(DEGRADED_ALERT_AFTER_MS - 1);
    expect(alerts).toEqual([]);
    show(makeAccount({ state: 'degraded', reason: 'Twitch answered 503' }));
    await clock.advance(1);
    expect(alerts).toEqual([
      { accountId: 'acc-1', kind: 'degraded', title: 'Alice: colors are not changing', body: 'Twitch answered 503 The app keeps retrying on its own.' },
    ]);
    await clock.advance(DEGRADED_ALERT_AFTER_MS * 10);
    expect(alerts).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });

  it('stay quiet for a short hiccup that recovers in time', async () => {
    const { clock, alerts, show } = setup();
    show(makeAccount({ state: 'degraded' }));
    await clock.advance(30_000);
    show(makeAccount({ state: 'active' }));
    await clock.advance(DEGRADED_ALERT_AFTER_MS * 2);
    expect(alerts).toEqual([]);
    expect(clock.pending).toBe(0);
  });

  it('stay quiet for disabled accounts, and from the first snapshot only for real trouble', () => {
    const { alerts, show } = setup();
    show(makeAccount({ enabled: false, state: 'needs_login' }), makeAccount({ id: 'acc-2', state: 'active' }));
    expect(alerts).toEqual([]);
    show(makeAccount({ id: 'acc-3', state: 'needs_login' }));
    expect(alerts.map((a) => a.accountId)).toEqual(['acc-3']);
  });

  it('R14 forget removed accounts and cancel their timers', async () => {
    const { clock, alerts, show, tracker } = setup();
    show(makeAccount({ id: 'a', state: 'degraded' }), makeAccount({ id: 'b', state: 'active' }));
    expect(tracker.size).toBe(2);
    show();
    expect(tracker.size).toBe(0);
    expect(clock.pending).toBe(0);
    await clock.advance(DEGRADED_ALERT_AFTER_MS);
    expect(alerts).toEqual([]);
  });

  it('R16 stop with their owner: no timer left, nothing more shown', async () => {
    const { clock, alerts, show, controller } = setup();
    show(makeAccount({ state: 'degraded' }));
    controller.abort();
    expect(clock.pending).toBe(0);
    show(makeAccount({ id: 'other', state: 'needs_login' }));
    await clock.advance(DEGRADED_ALERT_AFTER_MS);
    expect(alerts).toEqual([]);
  });
});
