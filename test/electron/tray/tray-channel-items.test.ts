import { describe, expect, it } from 'vitest';
import { buildTrayMenu } from '../../../electron/tray/tray-menu.js';
import { channelStateSchema, type ChannelView } from '../../../src-core/ipc/snapshot.js';
import { makeAccount, makeChannel, makeSnapshot } from '../support/snapshots.js';

/** The tray's channel items say the state the core derived (issue 16, 17.4, 20.1), as the window does. */
function itemFor(channel: Partial<ChannelView>): { label: string; checked: boolean } {
  const items = buildTrayMenu(makeSnapshot({ accounts: [makeAccount({ channels: [makeChannel({ login: 'bob', ...channel })] })] }));
  const account = items.find((item) => item.id === 'account:acc-1');
  if (account?.type !== 'submenu') throw new Error('no account submenu');
  const item = account.submenu.find((entry) => entry.id === 'account:acc-1:channel:bob');
  if (item?.type !== 'checkbox') throw new Error('no channel item');
  return { label: item.label, checked: item.checked };
}

describe('tray channel items', () => {
  it.each<[ChannelView['state'], string | null, string]>([
    ['listening', null, '#bob'],
    ['off', null, '#bob'],
    ['connecting', 'Connecting to Twitch chat', '#bob (connecting…)'],
    ['paused', 'All accounts are paused', '#bob (paused)'],
    ['changes_off', 'Color changes are off for this account', '#bob (changes off)'],
    ['waiting_for_login', 'Waiting for login', '#bob (waiting for login)'],
    ['stopped', 'Not running', '#bob (not running)'],
    ['gone', 'This channel no longer exists on Twitch', '#bob (no longer on Twitch)'],
    ['banned', 'You are banned in this chat', '#bob (banned in this chat)'],
    ['unsupported', 'Twitch retired the chat event this version uses; update the app', '#bob (needs an app update)'],
    ['revoked', 'Twitch stopped delivering this chat (moderator_removed)', '#bob (Twitch stopped delivering this chat (moderator_removed))'],
    ['error', 'Twitch allows at most 900 channels per account', '#bob (Twitch allows at most 900 channels per account)'],
  ])('%s reads as the core says', (state, reason, label) => {
    expect(itemFor({ state, reason, enabled: state !== 'off' })).toEqual({ label, checked: state !== 'off' });
  });

  it('every channel state has its words (a new state must be given some)', () => {
    for (const state of channelStateSchema.options) expect(itemFor({ state, reason: 'why' }).label).toMatch(/^#bob/);
  });

  it('20.1 after the login is revoked no channel item says it listens', () => {
    const account = makeAccount({
      state: 'needs_login',
      channels: ['a', 'b', 'c'].map((login) => makeChannel({ login, state: 'waiting_for_login', subscription: 'off', reason: 'Waiting for login' })),
    });
    const items = buildTrayMenu(makeSnapshot({ accounts: [account] }));
    const submenu = items.find((item) => item.id === 'account:acc-1');
    if (submenu?.type !== 'submenu') throw new Error('no account submenu');
    expect(submenu.submenu.filter((item) => item.id.includes(':channel:')).map((item) => (item.type === 'checkbox' ? item.label : ''))).toEqual([
      '#a (waiting for login)',
      '#b (waiting for login)',
      '#c (waiting for login)',
    ]);
  });
});
