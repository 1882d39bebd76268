import { describe, expect, it } from 'vitest';
import { type AccountAlert, AccountAlerts } from '../../../electron/notifications/account-alerts.js';
import { CHANNEL_FAILING_ALERT_AFTER_MS } from '../../../electron/notifications/channel-alerts.js';
import type { ChannelView } from '../../../src-core/ipc/snapshot.js';
import { ManualClock } from '../../support/manual-clock.js';
import { makeAccount, makeChannel, makeSnapshot } from '../support/snapshots.js';

/** Desktop notifications of channel states (issue 16), through the same tracker as account states. */
function setup() {
  const clock = new ManualClock();
  const alerts: AccountAlert[] = [];
  const controller = new AbortController();
  const tracker = new AccountAlerts({ clock, signal: controller.signal, notify: (alert) => alerts.push(alert) });
  const show = (channels: Partial<ChannelView>[], options: { enabled?: boolean; notices?: string[] } = {}): void =>
    tracker.update(
      makeSnapshot({
        accounts: [makeAccount({ enabled: options.enabled ?? true, channels: channels.map((c) => makeChannel({ login: 'bob', id: '2002', ...c })) })],
        notices: options.notices ?? [],
      }),
    );
  return { clock, alerts, controller, tracker, show };
}

const gone = { state: 'gone', subscription: 'error', reason: 'This channel no longer exists on Twitch' } as const;
const banned = { state: 'banned', subscription: 'error', reason: 'You are banned in this chat', nextAttemptAt: 1 } as const;

describe('channel notifications', () => {
  it('tell once when a channel stops existing on Twitch, and once when the user is banned there', () => {
    const { alerts, show } = setup();
    show([{ state: 'listening' }]);
    show([gone]);
    show([gone]);
    show([{ state: 'connecting' }]);
    show([banned]);
    show([banned]);
    expect(alerts).toEqual([
      { accountId: 'acc-1', kind: 'channel', title: '#bob no longer exists on Twitch', body: 'Alice: This channel no longer exists on Twitch. Remove it, or keep it: it is looked up again every day.' },
      { accountId: 'acc-1', kind: 'channel', title: 'You are banned in #bob', body: 'Alice: You are banned in this chat. Colors are not changed for messages there; the app tries again every few hours.' },
    ]);
  });

  it('a channel Twitch keeps refusing is told after a while, once, and not at all when it recovers before', async () => {
    const { clock, alerts, show } = setup();
    const revoked = { state: 'revoked', subscription: 'error', reason: 'Twitch stopped delivering this chat (moderator_removed)' } as const;
    show([revoked]);
    await clock.advance(CHANNEL_FAILING_ALERT_AFTER_MS - 1);
    show([{ state: 'listening' }]);
    await clock.advance(CHANNEL_FAILING_ALERT_AFTER_MS);
    expect(alerts).toEqual([]);
    show([revoked]);
    show([{ state: 'error', subscription: 'error', reason: 'Could not create subscription: 409' }]);
    await clock.advance(CHANNEL_FAILING_ALERT_AFTER_MS);
    show([revoked]);
    await clock.advance(CHANNEL_FAILING_ALERT_AFTER_MS);
    expect(alerts.map((a) => a.title)).toEqual(['#bob: Twitch is not delivering this chat']);
  });

  it('states the account explains (waiting for login, paused, changes off) and passing ones never notify; a disabled account stays quiet', async () => {
    const { clock, alerts, show } = setup();
    for (const state of ['waiting_for_login', 'paused', 'changes_off', 'connecting', 'off', 'stopped', 'listening'] as const) show([{ state }]);
    show([gone], { enabled: false });
    await clock.advance(CHANNEL_FAILING_ALERT_AFTER_MS * 2);
    expect(alerts).toEqual([]);
  });

  it('a rename is the same channel (same Twitch id): no second notification', () => {
    const { alerts, show } = setup();
    show([banned]);
    show([{ ...banned, login: 'robert' }]);
    expect(alerts).toHaveLength(1);
  });

  it('Twitch retiring the chat event is one app-wide notification, however many channels say it', () => {
    const { alerts, show } = setup();
    const notice = 'Twitch retired the chat event this version uses; update the app';
    const unsupported = { state: 'unsupported', subscription: 'error', reason: notice } as const;
    show([unsupported, { ...unsupported, login: 'carol', id: '3003' }], { notices: [notice] });
    show([unsupported], { notices: [notice] });
    expect(alerts).toEqual([{ accountId: '', kind: 'update', title: 'Twitch ColorChanger needs an update', body: notice }]);
  });

  it('R14 forgets removed channels and accounts, and stops its timers with the app', async () => {
    const { clock, tracker, show, controller, alerts } = setup();
    show([{ state: 'revoked', subscription: 'error', reason: 'x' }]);
    expect(tracker.channelCount).toBe(1);
    show([]);
    expect(tracker.channelCount).toBe(0);
    show([{ state: 'error', subscription: 'error', reason: 'x' }]);
    controller.abort();
    expect(tracker.channelCount).toBe(0);
    await clock.advance(CHANNEL_FAILING_ALERT_AFTER_MS);
    expect(clock.pending).toBe(0);
    expect(alerts).toEqual([]);
  });
});
