import { describe, expect, it } from 'vitest';
import type { ChannelView } from '../../src-core/ipc/snapshot.js';
import { waitFor } from '../support/wait-for.js';
import { accountOf, channelOf, snapshotOf } from './support/fixtures.js';
import { screenshots } from './support/harness.js';
import { TWITCH_ROUND_TRIPS_MS, channelRow, useRealCore } from './support/real-core.js';
import { promptly, textOf, useUi } from './support/suite.js';

/**
 * A channel row says what is true for the user (issues 16, 17.4, 20.1): listening, connecting
 * with its next attempt, the account's condition (waiting for login, paused), or why Twitch
 * will not deliver the chat, with Remove where the channel no longer exists. Screens are saved
 * as test/artifacts/renderer-channel-states-*.png.
 */
const ui = useUi();
const real = useRealCore();

const MINUTE = 60_000;

function rowsOf(channels: ChannelView[], overrides: Parameters<typeof accountOf>[0] = {}) {
  const account = accountOf({ channels, ...overrides });
  return { account, snapshot: snapshotOf({ accounts: [account] }) };
}

describe('channel rows (scripted core)', () => {
  it('each state in its words: a problem says its reason, a retry its next attempt, a gone channel offers Remove', async () => {
    const now = Date.now();
    const { account, snapshot } = rowsOf([
      channelOf('ada_lovelace'),
      channelOf('babbage_streams', { subscription: 'pending', state: 'connecting', reason: 'Connecting to Twitch chat', nextAttemptAt: now + 42_000 }),
      channelOf('closed_channel', { subscription: 'error', state: 'gone', reason: 'This channel no longer exists on Twitch', error: 'This channel no longer exists on Twitch' }),
      channelOf('strict_mods', { subscription: 'error', state: 'banned', reason: 'You are banned in this chat', error: 'You are banned in this chat', nextAttemptAt: now + 6 * 60 * MINUTE }),
      channelOf('odd_channel', { subscription: 'error', state: 'revoked', reason: 'Twitch stopped delivering this chat (moderator_removed)', error: 'Twitch stopped delivering this chat (moderator_removed)', nextAttemptAt: now + 30_000 }),
      channelOf('quiet_one', { enabled: false, subscription: 'off', state: 'off' }),
    ]);
    const { page, core } = await ui(snapshot);
    const status = (login: string) => textOf(channelRow(page, login).getByTestId('channel-status'));
    await promptly(channelRow(page, 'closed_channel'));
    expect(await status('ada_lovelace')).toBe('Listening');
    expect(await status('babbage_streams')).toMatch(/^Connecting… · next attempt in 0:[0-4]\d$/);
    expect(await status('closed_channel')).toBe('This channel no longer exists on Twitch');
    expect(await status('strict_mods')).toMatch(/^You are banned in this chat · next attempt in 5:5\d:\d\d$/);
    expect(await status('odd_channel')).toMatch(/^Twitch stopped delivering this chat \(moderator_removed\) · next attempt in 0:[0-3]\d$/);
    expect(await status('quiet_one')).toBe('Off');
    expect(await channelRow(page, 'closed_channel').getAttribute('data-state')).toBe('gone');
    expect(await channelRow(page, 'closed_channel').getAttribute('data-subscription')).toBe('error');
    // Remove is offered only where it is the fix.
    expect(await page.getByRole('button', { name: /which no longer exists on Twitch/ }).count()).toBe(1);
    await screenshots(page, 'channel-states');

    await page.getByRole('button', { name: 'Remove #closed_channel, which no longer exists on Twitch' }).click();
    await page.getByRole('dialog', { name: 'Remove #closed_channel?' }).getByRole('button', { name: 'Remove channel' }).click();
    await expect.poll(() => core.callsOf('removeChannel')).toEqual([[account.id, 'closed_channel']]);
  });

  it('17.4 while the account needs a login its rows say "Waiting for login"; while all is paused they say "Paused", and only the banner says why', async () => {
    const waiting = (login: string) => channelOf(login, { subscription: 'off', state: 'waiting_for_login', reason: 'Waiting for login' });
    const { account, snapshot } = rowsOf([waiting('ada_lovelace'), waiting('babbage_streams')], { state: 'needs_login', reason: 'The app was disconnected from this Twitch account; log in again' });
    const { page, core } = await ui(snapshot);
    await promptly(page.getByRole('button', { name: 'Log in again' }));
    for (const login of ['ada_lovelace', 'babbage_streams']) expect(await textOf(channelRow(page, login).getByTestId('channel-status'))).toBe('Waiting for login');
    expect(await page.getByText('Listening').count()).toBe(0);
    await screenshots(page, 'channel-states-waiting-for-login');

    core.change((state) => {
      state.paused = true;
      const target = state.accounts.find((a) => a.id === account.id);
      if (!target) return;
      // As the core says it: the app-wide pause is the app's cause, not repeated per account.
      Object.assign(target, { state: 'paused', reason: null });
      for (const channel of target.channels) Object.assign(channel, { subscription: 'live', state: 'paused', reason: 'All accounts are paused' });
    });
    await promptly(channelRow(page, 'ada_lovelace').getByText('Paused', { exact: true }));
    expect(await textOf(channelRow(page, 'babbage_streams').getByTestId('channel-status'))).toBe('Paused');
    expect(await channelRow(page, 'ada_lovelace').getAttribute('data-subscription')).toBe('off');
    expect(await page.getByText('All automatic color changes are paused.').count()).toBe(1);
    expect(await page.getByTestId('state-reason').isVisible()).toBe(false);
    expect(await page.getByText('Listening').count()).toBe(0);
    await screenshots(page, 'channel-states-paused');
  });

  it('an app-wide notice (Twitch retired the chat event) is said once, above every page', async () => {
    const notice = 'Twitch retired the chat event this version uses; update the app';
    const unsupported = channelOf('ada_lovelace', { subscription: 'error', state: 'unsupported', reason: notice, error: notice });
    const { snapshot } = rowsOf([unsupported]);
    const { page } = await ui({ ...snapshot, notices: [notice] });
    await promptly(page.getByTestId('app-notices'));
    expect(await textOf(page.getByTestId('app-notices'))).toBe(notice);
  });
});

describe('channel rows against the real core and the fake Twitch', () => {
  it('20.1 after the login is revoked every row says "Waiting for login", none "Listening", also after a reload', async () => {
    const { page, h } = await real({
      seed: async (h) => {
        const { accountId } = await h.addAccount({ login: 'alice', channels: ['alice', 'bob', 'carol'] });
        await h.waitForAccount(accountId, (a) => a.channels.every((c) => c.state === 'listening'), 'alice listening');
      },
    });
    await channelRow(page, 'carol').getByText('Listening').waitFor();
    h.fake.revokeUserTokens('alice');
    for (const login of ['alice', 'bob', 'carol']) await channelRow(page, login).getByText('Waiting for login').waitFor({ timeout: TWITCH_ROUND_TRIPS_MS });
    expect(await page.getByText('Listening').count()).toBe(0);
    await page.reload();
    await channelRow(page, 'carol').getByText('Waiting for login').waitFor();
    expect(await page.getByText('Listening').count()).toBe(0);
  });

  it('a channel whose owner is removed says so with Remove, the others keep listening, and Remove deletes it', async () => {
    const { page, h } = await real({
      seed: async (h) => {
        const { accountId } = await h.addAccount({ login: 'alice', channels: ['alice', 'bob'] });
        await h.waitForAccount(accountId, (a) => a.channels.every((c) => c.state === 'listening'), 'alice listening');
      },
    });
    await channelRow(page, 'bob').getByText('Listening').waitFor();
    h.fake.removeUser('bob');
    const row = channelRow(page, 'bob');
    await row.getByText('This channel no longer exists on Twitch').waitFor({ timeout: TWITCH_ROUND_TRIPS_MS });
    expect(await textOf(channelRow(page, 'alice').getByTestId('channel-status'))).toBe('Listening');
    await screenshots(page, 'channel-states-real-gone');
    await row.getByRole('button', { name: /^Remove #bob, which no longer exists/ }).click();
    await page.getByRole('dialog', { name: 'Remove #bob?' }).getByRole('button', { name: 'Remove channel' }).click();
    await row.waitFor({ state: 'detached', timeout: TWITCH_ROUND_TRIPS_MS });
    await waitFor(() => h.store.get().accounts[0]?.channels.map((c) => c.login).join() === 'alice');
  });
});
