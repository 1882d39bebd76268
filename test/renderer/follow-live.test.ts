import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { REASON_TEXT } from '../../src-core/accounts/account-reasons.js';
import { IpcFailure } from '../../src-core/ipc/result.js';
import { settleAccount } from '../support/account-gates.js';
import { accountOf, channelOf, followLiveOf, snapshotOf } from './support/fixtures.js';
import { screenshots, screenshotsAtBothSizes, scrollToCard } from './support/harness.js';
import { TWITCH_ROUND_TRIPS_MS, useRealCore } from './support/real-core.js';
import { liveStreamOf } from './support/scripted-follows.js';
import { promptly, textOf, useUi } from './support/suite.js';

/**
 * Issue 18 on the account page: "Live channels I follow" (switch, cap, viewers filter, what
 * it is doing) and its group "Following, live now". The scripted core chooses the followed
 * channels with the real core's selection (scripted-follows.ts) and settles them as the real
 * core reports them. Screens: test/artifacts/renderer-follow-live*-{light,dark}.png.
 */
const ui = useUi();
const real = useRealCore();
const FOLLOWS_SCOPES = ['user:read:chat', 'user:manage:chat_color', 'user:read:follows'];

const MINUTE = 60_000;

function followingAccount(follow: Parameters<typeof followLiveOf>[0] = {}) {
  const account = accountOf({
    channels: [channelOf('ada_lovelace'), channelOf('babbage_streams')],
    followLive: followLiveOf({ enabled: true, state: 'checking', reason: REASON_TEXT.checking_login, ...follow }),
  });
  return { account, snapshot: snapshotOf({ accounts: [account] }) };
}

/** Twitch's answer: live followed channels, most viewers first. */
function liveNow(now = Date.now()) {
  return [
    liveStreamOf('speedrun_sara', 12_480, now - 80 * MINUTE),
    liveStreamOf('cozy_corner', 85, now - 35 * MINUTE),
    liveStreamOf('night_owl_art', 42, now - 3 * 60 * MINUTE - 5 * MINUTE),
  ];
}

const card = (page: Page) => page.getByRole('region', { name: 'Live channels I follow' });
const group = (page: Page) => page.getByTestId('following-live-now');
const followedRow = (page: Page, login: string) => group(page).locator(`li.channel[data-login="${login}"]`);
const rowStatus = (page: Page, login: string) => textOf(followedRow(page, login).getByTestId('channel-status'));
const summary = (page: Page) => textOf(page.getByTestId('follow-live-status'));

describe('Live channels I follow (scripted core)', () => {
  it('the group lists the live followed channels with since when and viewers, in the hand-listed rows’ words, apart from the channels listed by hand and never removable', async () => {
    const { account, snapshot } = followingAccount({ max: 2 });
    const { page, core } = await ui(snapshot);
    await promptly(card(page));
    expect(await summary(page)).toBe('Checking the login with Twitch.');
    expect(await textOf(page.getByTestId('follow-live-badge'))).toBe('Checking');

    core.pollFollowed(account.id, liveNow());
    await promptly(followedRow(page, 'cozy_corner'));
    // The cap of 2 takes the two with most viewers.
    expect(await group(page).locator('li.channel').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-login')))).toEqual(['speedrun_sara', 'cozy_corner']);
    expect(await rowStatus(page, 'speedrun_sara')).toBe('Listening · live for 1 h 20 min · 12,480 viewers');
    expect(await rowStatus(page, 'cozy_corner')).toBe('Listening · live for 35 min · 85 viewers');
    expect(await followedRow(page, 'speedrun_sara').getAttribute('data-state')).toBe('listening');
    expect(await summary(page)).toBe('Listening in 2 live channels you follow. 1 more left out by the limit of 2 channels.');
    expect(await textOf(page.getByTestId('follow-live-badge'))).toBe('Active');

    // Hand-listed channels keep their own group with remove; followed rows offer none.
    const listed = page.getByRole('list', { name: 'Channels' });
    expect(await listed.locator('li.channel').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-login')))).toEqual(['ada_lovelace', 'babbage_streams']);
    expect(await listed.getByRole('button', { name: 'Remove #ada_lovelace' }).count()).toBe(1);
    expect(await group(page).getByRole('button').count()).toBe(0);
    expect(await group(page).getByRole('list', { name: 'Following, live now' }).count()).toBe(1);

    await scrollToCard(page, 'Live channels I follow');
    await screenshotsAtBothSizes(page, 'follow-live');
  });

  it('a followed channel switched off sends channels:set-enabled, shows off, says it stays off, and stays off when it goes live again', async () => {
    const { account, snapshot } = followingAccount();
    const { page, core } = await ui(snapshot);
    core.pollFollowed(account.id, liveNow());
    const toggle = followedRow(page, 'cozy_corner').getByRole('switch', { name: 'Listen in #cozy_corner' });
    await promptly(toggle);
    expect(await toggle.isChecked()).toBe(true);

    await toggle.click();
    await expect.poll(() => core.callsOf('setChannelEnabled')).toEqual([[account.id, 'cozy_corner', false]]);
    await promptly(followedRow(page, 'cozy_corner').getByText(/^Off · stays off when it goes live again · live for 35 min · 85 viewers$/));
    expect(await toggle.isChecked()).toBe(false);
    expect(await followedRow(page, 'cozy_corner').getAttribute('data-subscription')).toBe('off');
    expect(await summary(page)).toBe('Listening in 2 live channels you follow.');

    // It goes offline and comes back: the switch wins.
    core.pollFollowed(account.id, liveNow().filter((s) => s.login !== 'cozy_corner'));
    await followedRow(page, 'cozy_corner').waitFor({ state: 'detached' });
    core.pollFollowed(account.id, liveNow());
    await promptly(followedRow(page, 'cozy_corner'));
    expect(await rowStatus(page, 'cozy_corner')).toMatch(/^Off · stays off when it goes live again/);
    expect(await followedRow(page, 'cozy_corner').getByRole('switch').isChecked()).toBe(false);

    await followedRow(page, 'cozy_corner').getByRole('switch').press('Space');
    await expect.poll(() => core.callsOf('setChannelEnabled').at(-1)).toEqual([account.id, 'cozy_corner', true]);
    await promptly(followedRow(page, 'cozy_corner').getByText('Listening · live for 35 min · 85 viewers'));
  });

  it('a channel that went offline says when it is let go, and a failed switch shows the core’s words under it', async () => {
    const { account, snapshot } = followingAccount();
    const { page, core } = await ui(snapshot);
    core.pollFollowed(account.id, liveNow());
    await promptly(followedRow(page, 'night_owl_art'));
    expect(await rowStatus(page, 'night_owl_art')).toBe('Listening · live for 3 h 5 min · 42 viewers');
    core.pollFollowed(account.id, liveNow().filter((s) => s.login !== 'night_owl_art'));
    await promptly(followedRow(page, 'night_owl_art').getByText(/^Listening · went offline, let go in (10:00|9:5\d)$/));

    core.failNext.set('setChannelEnabled', new IpcFailure('network', 'The app could not be reached; the channel stays as it was.'));
    await followedRow(page, 'speedrun_sara').getByRole('switch').click();
    await promptly(followedRow(page, 'speedrun_sara').getByRole('alert'));
    expect(await textOf(followedRow(page, 'speedrun_sara').getByRole('alert'))).toBe('The app could not be reached; the channel stays as it was.');
    expect(await followedRow(page, 'speedrun_sara').getByRole('switch').isChecked()).toBe(true);
  });

  it('the switch, the cap and the viewers filter send channels:set-follow-live with checked values and refuse bad ones in the page', async () => {
    const account = accountOf({ channels: [channelOf('ada_lovelace')] });
    const { page, core } = await ui(snapshotOf({ accounts: [account] }));
    core.followsOf(account.id).live = liveNow();
    const sw = card(page).getByRole('switch', { name: 'Listen in live channels I follow' });
    await promptly(sw);
    expect(await sw.isChecked()).toBe(false);
    expect(await summary(page)).toBe('Off: only the channels listed by hand are listened in.');
    expect(await group(page).isVisible()).toBe(false);

    await sw.press('Space');
    await expect.poll(() => core.callsOf('setFollowLive')).toEqual([[account.id, { enabled: true }]]);
    await promptly(followedRow(page, 'night_owl_art'));
    expect(await sw.isChecked()).toBe(true);
    expect(await summary(page)).toBe('Listening in 3 live channels you follow.');

    const max = card(page).getByRole('spinbutton', { name: 'At most this many live channels I follow' });
    expect(await max.inputValue()).toBe('50');
    for (const bad of ['0', '501', '2.5', '']) {
      await max.fill(bad);
      await max.press('Enter');
      await max.blur();
      await promptly(card(page).getByText('Use a whole number of channels from 1 to 500.'));
      expect(await max.getAttribute('aria-invalid')).toBe('true');
    }
    expect(core.callsOf('setFollowLive')).toHaveLength(1);
    await max.fill('1');
    await max.blur();
    await expect.poll(() => core.callsOf('setFollowLive').at(-1)).toEqual([account.id, { max: 1 }]);
    await followedRow(page, 'cozy_corner').waitFor({ state: 'detached' });
    expect(await summary(page)).toBe('Listening in 1 live channel you follow. 2 more left out by the limit of 1 channel.');
    expect(await card(page).getByText('Use a whole number of channels').count()).toBe(0);
    expect(await max.getAttribute('aria-invalid')).toBeNull();

    const viewers = card(page).getByRole('textbox', { name: 'Skip channels with more than this many viewers' });
    expect(await viewers.inputValue()).toBe('');
    for (const bad of ['lots', '-5', '0', '1.5']) {
      await viewers.fill(bad);
      await viewers.blur();
      await promptly(card(page).getByText('Use a whole number of viewers from 1 up, or leave it empty for no limit.'));
    }
    expect(core.callsOf('setFollowLive')).toHaveLength(2);
    await max.fill('50');
    await max.blur();
    await viewers.fill('5,000');
    await viewers.blur();
    await expect.poll(() => core.callsOf('setFollowLive').slice(2)).toEqual([
      [account.id, { max: 50 }],
      [account.id, { maxViewers: 5000 }],
    ]);
    await followedRow(page, 'speedrun_sara').waitFor({ state: 'detached' });
    expect(await summary(page)).toBe('Listening in 2 live channels you follow. 1 channel skipped for more than 5,000 viewers.');
    expect(await viewers.inputValue()).toBe('5000');

    await viewers.fill('');
    await viewers.blur();
    await expect.poll(() => core.callsOf('setFollowLive').at(-1)).toEqual([account.id, { maxViewers: null }]);
    await promptly(followedRow(page, 'speedrun_sara'));

    // The core's refusal shows under the field, in its words.
    core.failNext.set('setFollowLive', new IpcFailure('internal', 'The change could not be saved: the disk is full.'));
    await max.fill('20');
    await max.blur();
    await promptly(card(page).getByText('The change could not be saved: the disk is full.'));

    await sw.click();
    await expect.poll(() => core.callsOf('setFollowLive').at(-1)).toEqual([account.id, { enabled: false }]);
    await group(page).waitFor({ state: 'hidden' });
    expect(await page.locator('li.channel[data-source="followed-live"]').count()).toBe(0);
    expect(await summary(page)).toBe('Off: only the channels listed by hand are listened in.');
  });

  it('a login without the follows scope: "Needs a new login" and a button that starts the device login; the rest of the page works', async () => {
    const { account, snapshot } = followingAccount();
    const { page, core } = await ui(snapshot);
    core.followsOf(account.id).scopeMissing = true;
    core.pollFollowed(account.id, liveNow());
    await promptly(card(page).getByText('Needs a new login', { exact: true }));
    expect(await summary(page)).toBe('Needs a new login. Log in again to allow following live channels.');
    expect(await group(page).locator('li.channel').count()).toBe(0);
    // A screen reader hears it with the switch.
    const sw = card(page).getByRole('switch', { name: 'Listen in live channels I follow' });
    const description = await sw.evaluate((el) => (el.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
    expect(description).toContain('Needs a new login');
    // The account itself works: its header offers no login, its channels listen and switch.
    expect(await textOf(page.getByTestId('state-badge'))).toBe('Active');
    expect(await page.getByRole('button', { name: 'Log in again' }).count()).toBe(1);
    await scrollToCard(page, 'Live channels I follow');
    await screenshots(page, 'follow-live-needs-login');

    await page.getByRole('list', { name: 'Channels' }).getByRole('switch', { name: 'Listen in #babbage_streams' }).click();
    await expect.poll(() => core.callsOf('setChannelEnabled')).toEqual([[account.id, 'babbage_streams', false]]);

    await card(page).getByRole('button', { name: 'Log in again' }).click();
    await page.getByRole('dialog').getByTestId('user-code').waitFor();
    expect(core.callsOf('startLogin')).toHaveLength(1);
  });

  it('its state in words: paused with the app, retrying with the next attempt, not running while the account waits for its login', async () => {
    const { account, snapshot } = followingAccount();
    const { page, core } = await ui(snapshot);
    core.pollFollowed(account.id, liveNow());
    await promptly(followedRow(page, 'cozy_corner'));

    await core.setPaused(true);
    await promptly(card(page).getByText('Not looking for live channels while changes are paused.'));
    expect(await textOf(page.getByTestId('follow-live-badge'))).toBe('Paused');
    expect(await rowStatus(page, 'cozy_corner')).toBe('Paused · live for 35 min · 85 viewers');
    await core.setPaused(false);
    await promptly(card(page).getByText('Listening in 3 live channels you follow.'));

    // A poll failed: what it found before stays listened in meanwhile (followed-live.ts #failed).
    core.changeAccount(account.id, (target) => {
      Object.assign(target.followLive, { state: 'retrying', reason: `Could not get the live channels you follow: ${REASON_TEXT.offline}`, reasonDetail: 'fetch failed', nextPollAt: Date.now() + 45_000 });
    });
    await promptly(card(page).getByText(`Could not get the live channels you follow: ${REASON_TEXT.offline}`));
    expect(await textOf(card(page).locator('.account-retry'))).toMatch(/^Next attempt in 0:4\d\.$/);
    expect(await textOf(page.getByTestId('follow-live-badge'))).toBe('Retrying');
    await card(page).getByRole('button', { name: 'Retry now' }).click();
    await expect.poll(() => core.callsOf('retryAccount')).toEqual([[account.id]]);

    // Twitch no longer accepts the login: nothing of the account runs, followed channels included.
    core.changeAccount(account.id, (target) => {
      Object.assign(target, { state: 'needs_login', reason: REASON_TEXT.login_expired, reasonCode: 'login_expired' });
      settleAccount(target, core.state.paused);
    });
    await promptly(card(page).getByText('Not looking for live channels: waiting for login.'));
    expect(await group(page).locator('li.channel').count()).toBe(0);
    expect(await textOf(page.getByTestId('follow-live-badge'))).toBe('Not running');
  });
});

describe('Live channels I follow against the real core and the fake Twitch', () => {
  it('a followed channel going live appears in the group listening; switched off in the page, its subscription goes and the store remembers it', async () => {
    const { page, h } = await real({
      seed: async (h) => {
        const { accountId } = await h.addAccount({ login: 'alice', channels: ['alice'], scopes: FOLLOWS_SCOPES, followLive: true });
        h.fake.createUser({ login: 'speedy' });
        h.fake.createUser({ login: 'cozy' });
        h.fake.follow('alice', 'speedy', 'cozy');
        h.fake.startStream('speedy', { viewers: 1200, startedAt: Date.now() - 80 * MINUTE });
        await h.waitForAccount(accountId, (a) => a.channels.some((c) => c.login === 'speedy' && c.state === 'listening'), 'speedy listening');
      },
    });
    const speedy = followedRow(page, 'speedy');
    await speedy.getByText('Listening · live for 1 h 20 min · 1,200 viewers').waitFor();
    expect(await summary(page)).toBe('Listening in 1 live channel you follow.');
    expect(await page.getByRole('list', { name: 'Channels' }).locator('li.channel').count()).toBe(1);
    const subscribed = () => h.fake.subscriptions().filter((s) => s.status === 'enabled' && s.broadcasterUserId === h.fake.user('speedy').id).length;
    expect(subscribed()).toBe(1);

    await speedy.getByRole('switch', { name: 'Listen in #speedy' }).click();
    await speedy.getByText(/^Off · stays off when it goes live again/).waitFor({ timeout: TWITCH_ROUND_TRIPS_MS });
    await expect.poll(subscribed, { timeout: TWITCH_ROUND_TRIPS_MS }).toBe(0);
    expect(h.store.get().accounts[0]?.followLive.off.map((c) => c.login)).toEqual(['speedy']);
  });

  it('a login from before the feature: "Needs a new login", and its button’s device login grants the scope and the followed channels come', async () => {
    const { page, h } = await real({
      seed: async (h) => {
        const { accountId } = await h.addAccount({ login: 'alice', channels: ['alice'], followLive: true });
        h.fake.createUser({ login: 'cozy' });
        h.fake.follow('alice', 'cozy');
        h.fake.startStream('cozy', { viewers: 85 });
        await h.waitForAccount(accountId, (a) => a.followLive.state === 'needs_login', 'follow scope missing');
      },
    });
    await card(page).getByText('Needs a new login', { exact: true }).waitFor();
    expect(await textOf(page.getByTestId('state-badge'))).toBe('Active');
    await page.getByRole('list', { name: 'Channels' }).getByText('Listening').waitFor();

    await card(page).getByRole('button', { name: 'Log in again' }).click();
    const code = await textOf(page.getByRole('dialog').getByTestId('user-code').filter({ hasText: /\S/ }));
    h.fake.approveDevice(code, 'alice');
    await followedRow(page, 'cozy').getByText(/^Listening · live for/).waitFor({ timeout: TWITCH_ROUND_TRIPS_MS });
    expect(await textOf(page.getByTestId('follow-live-badge'))).toBe('Active');
    expect(h.core.snapshot().accounts).toHaveLength(1);
  });
});
