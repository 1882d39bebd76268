import { describe, expect, it } from 'vitest';
import { REASON_TEXT } from '../../src-core/accounts/account-reasons.js';
import { accountOf, channelOf, snapshotOf } from './support/fixtures.js';
import { screenshots, screenshotsAtBothSizes, scrollToCard } from './support/harness.js';
import { useUi } from './support/suite.js';

/**
 * Every screen, light and dark, at 1100x760 and (for most) 740x600, saved as
 * test/artifacts/renderer-<screen>[-740]-<scheme>.png (git-ignored) for a person to look
 * at. Each also checks the screen shows what it is for, and every one is measured for WCAG
 * AA text contrast as it is saved (harness.ts): a screen with text below 4.5:1 fails.
 */
const ui = useUi();

const MINUTE = 60_000;
const noClientId = { clientId: null, builtInClientId: null, checkForUpdates: true, startOnBoot: false, startHidden: false, startOnBootSupported: true, startHiddenSupported: true };

describe('screens', () => {
  it('first run, and its client id error', async () => {
    const { page } = await ui(snapshotOf({ settings: noClientId }));
    await page.getByRole('heading', { name: 'Connect your Twitch application' }).waitFor();
    await screenshotsAtBothSizes(page, 'first-run');
    await page.getByRole('textbox', { name: 'Client ID' }).fill('not-a-client-id');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('A client ID has only letters and digits', { exact: false }).waitFor();
    await screenshots(page, 'first-run-error');
  });

  it('home without accounts', async () => {
    const { page } = await ui();
    await page.getByRole('heading', { name: 'Add your Twitch account' }).waitFor();
    await screenshotsAtBothSizes(page, 'home');
  });

  it('account: channels, colors, removal; needs login; retrying with details; just added', async () => {
    const now = Date.now();
    const { page } = await ui(
      snapshotOf({
        accounts: [
          accountOf({
            channels: [
              channelOf('ada_lovelace'),
              channelOf('babbage_streams', { subscription: 'pending' }),
              channelOf('analytical_engine', { enabled: false, subscription: 'off' }),
              channelOf('difference_engine', { subscription: 'error', error: 'Twitch refused the subscription (403): the token lacks user:read:chat' }),
            ],
          }),
          accountOf({
            login: 'grace_hopper',
            displayName: 'GraceHopper',
            state: 'needs_login',
            reason: REASON_TEXT.login_revoked,
            reasonCode: 'login_revoked',
            reasonDetail: 'The app was disconnected from this Twitch account; log in again',
            currentColor: 'hot_pink',
            recentColors: [{ color: 'hot_pink', at: now - 2 * MINUTE }],
          }),
          accountOf({
            login: 'alan_turing',
            displayName: 'alan_turing',
            state: 'degraded',
            reason: REASON_TEXT.offline,
            reasonCode: 'offline',
            reasonDetail: 'could not connect: connect ECONNREFUSED 127.0.0.1:47111',
            nextAttemptAt: now + 50_000,
            currentColor: 'sea_green',
          }),
          accountOf({ login: 'new_streamer', displayName: 'New_Streamer', state: 'starting', reason: REASON_TEXT.checking_login, reasonCode: 'checking_login', prime: 'unknown', currentColor: null, recentColors: [], channels: [] }),
        ],
      }),
    );
    await page.getByRole('heading', { name: 'Ada_Lovelace' }).waitFor();
    await screenshotsAtBothSizes(page, 'account');
    await scrollToCard(page, 'Colors');
    await screenshots(page, 'account-colors');
    await page.getByRole('button', { name: 'Remove account…' }).click();
    await page.getByRole('dialog', { name: 'Remove Ada_Lovelace?' }).waitFor();
    await screenshots(page, 'account-remove-confirm');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'GraceHopper, Needs login' }).click();
    await page.getByRole('button', { name: 'Log in again' }).waitFor();
    await screenshots(page, 'account-needs-login');
    await page.getByRole('button', { name: 'alan_turing, Retrying' }).click();
    await page.getByText(/Next attempt in 0:\d\d\./).waitFor();
    await page.locator('summary', { hasText: 'Details' }).click();
    await page.getByText('connect ECONNREFUSED 127.0.0.1:47111', { exact: false }).waitFor();
    await screenshotsAtBothSizes(page, 'account-degraded');
    await page.getByRole('button', { name: 'New_Streamer, Starting' }).click();
    await page.getByText('No channels yet.', { exact: false }).waitFor();
    await screenshots(page, 'account-new');
  });

  it('account: palette mode, home color, an inline error', async () => {
    const { page } = await ui(
      snapshotOf({
        accounts: [accountOf({ color: { mode: 'palette', palette: ['#9146FF', 'sea_green', 'coral', 'golden_rod', 'dodger_blue'], paletteOrder: 'sequential', minIntervalSec: 30 }, home: { restore: true, color: '#9146FF' } })],
      }),
    );
    await page.getByRole('heading', { name: 'Ada_Lovelace' }).waitFor();
    const input = page.getByRole('textbox', { name: 'Add a channel' });
    await input.fill('nobody_here_404');
    await input.press('Enter');
    await page.getByText('Twitch has no channel named', { exact: false }).waitFor();
    await screenshots(page, 'account-channel-error');
    await scrollToCard(page, 'Colors');
    await screenshotsAtBothSizes(page, 'account-palette');
  });

  it('account without Turbo/Prime: named colors to pick, hex entries marked, no home color yet', async () => {
    const { page } = await ui(
      snapshotOf({
        accounts: [accountOf({ prime: 'no', color: { mode: 'palette', palette: ['sea_green', '#AABBCC', 'red'], paletteOrder: 'random', minIntervalSec: 0 }, home: { restore: true, color: null } })],
      }),
    );
    await page.getByRole('heading', { name: 'Ada_Lovelace' }).waitFor();
    await page.locator('.chip-unusable').getByText('needs Turbo or Prime').waitFor();
    await scrollToCard(page, 'Colors');
    await screenshotsAtBothSizes(page, 'account-no-prime');
    await page.getByTestId('home-field').scrollIntoViewIfNeeded();
    await screenshots(page, 'account-no-home-color');
  });

  it('a long display name at 740 px: cut with an ellipsis, clear of the switch', async () => {
    const long = 'The_Incredibly_Long_Display_Name_Of_A_Streamer';
    const { page } = await ui(snapshotOf({ accounts: [accountOf({ displayName: long, login: long.toLowerCase(), state: 'degraded', reason: REASON_TEXT.chat_dropped, reasonCode: 'chat_dropped', nextAttemptAt: Date.now() + 30_000 })] }));
    const heading = page.getByRole('heading', { name: long, level: 1 });
    await heading.waitFor();
    await screenshotsAtBothSizes(page, 'account-long-name');
  });

  it('login dialog: waiting, then expired; a client ID Twitch does not know', async () => {
    const { page, core } = await ui();
    const add = page.getByRole('main').getByRole('button', { name: 'Add account' });
    await add.click();
    await page.getByTestId('user-code').waitFor();
    await screenshotsAtBothSizes(page, 'login-waiting');
    core.endLogin('login-1', 'expired', 'The code expired before it was approved; get a new code');
    await page.getByRole('button', { name: 'Get a new code' }).waitFor();
    await screenshots(page, 'login-expired');
    await page.keyboard.press('Escape');

    const { IpcFailure } = await import('../../src-core/ipc/result.js');
    core.failNext.set('startLogin', new IpcFailure('invalid_client', 'Twitch does not know this client ID (it answered “invalid client”). Copy the Client ID again from your application at dev.twitch.tv/console/apps.'));
    await add.click();
    await page.getByRole('button', { name: 'Change client ID' }).click();
    await screenshots(page, 'login-invalid-client');
  });

  it('settings, paused, tokens not encrypted; headless settings', async () => {
    const { page } = await ui(
      snapshotOf({
        paused: true,
        settings: { clientId: 'gp762nuuoqcoxypju8c569th9wz7q5', startOnBoot: true, startHidden: true, startOnBootSupported: true, builtInClientId: null, checkForUpdates: true, startHiddenSupported: true },
        secrets: { encryptedAtRest: false, description: 'No system keyring was found (basic_text backend): tokens are stored unencrypted, readable only by your user (file mode 0600).' },
        accounts: [accountOf({ state: 'paused', reason: null, reasonCode: null })],
      }),
    );
    await screenshots(page, 'account-paused');
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await screenshotsAtBothSizes(page, 'settings');
    await scrollToCard(page, 'Storage');
    await screenshots(page, 'settings-bottom');
  });

  it('a toast sits under the page and covers nothing; the lost connection greys out every control', async () => {
    const opened = await ui(snapshotOf({ accounts: [accountOf()] }));
    const { page } = opened;
    await page.getByRole('heading', { name: 'Ada_Lovelace' }).waitFor();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('textbox', { name: 'Client ID' }).fill('zyxwvutsrq9876543210abcdefghi');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Client ID saved. New logins use it.').waitFor();
    await screenshots(page, 'toast');
    await opened.harness.stop();
    await page.getByText('The connection to ColorChanger was lost.', { exact: false }).waitFor();
    await screenshots(page, 'offline');
    await page.close();
    opened.errors.length = 0;
  });

  it('narrow window', async () => {
    const { page } = await ui(snapshotOf({ accounts: [accountOf(), accountOf({ login: 'grace_hopper', displayName: 'GraceHopper' })] }));
    await page.setViewportSize({ width: 520, height: 760 });
    await page.getByRole('heading', { name: 'Ada_Lovelace' }).waitFor();
    await screenshots(page, 'narrow');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });

  it('the bridge’s refusal page, in the app’s look', async () => {
    const { page, harness, errors } = await ui();
    await page.goto(`http://localhost:${harness.bridge.port}/`);
    await page.getByRole('heading', { name: 'This page needs ColorChanger’s access token' }).waitFor();
    await screenshots(page, 'bridge-refused');
    // Chromium logs the 403 of the page itself; that refusal is what this screen is.
    expect(errors.splice(0)).toEqual([expect.stringMatching(/403/)]);
  });
});
