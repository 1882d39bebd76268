import { describe, expect, it } from 'vitest';
import { accountOf, channelOf, snapshotOf } from './support/fixtures.js';
import { screenshots, scrollToCard } from './support/harness.js';
import { useUi } from './support/suite.js';

/**
 * Every screen, light and dark, saved as test/artifacts/renderer-<screen>-<scheme>.png
 * (git-ignored) for a person to look at; each also checks the screen shows what it is for.
 */
const ui = useUi();

const MINUTE = 60_000;

describe('screens', () => {
  it('first run, and its client id error', async () => {
    const { page } = await ui(snapshotOf({ settings: { clientId: null, startOnBoot: false, startHidden: false, startOnBootSupported: true, startHiddenSupported: true } }));
    await page.getByRole('heading', { name: 'Connect your Twitch application' }).waitFor();
    await screenshots(page, 'first-run');
    await page.getByRole('textbox', { name: 'Client ID' }).fill('not-a-client-id');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('A client ID has only letters and digits', { exact: false }).waitFor();
    await screenshots(page, 'first-run-error');
  });

  it('home without accounts', async () => {
    const { page } = await ui();
    await page.getByRole('heading', { name: 'Add your Twitch account' }).waitFor();
    await screenshots(page, 'home');
  });

  it('account: channels, colors, removal; needs login; retrying; just added', async () => {
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
          accountOf({ login: 'grace_hopper', displayName: 'GraceHopper', state: 'needs_login', reason: 'Twitch no longer accepts this account’s login (the refresh token was revoked). Log in again to continue.', currentColor: 'hot_pink', recentColors: [{ color: 'hot_pink', at: now - 2 * MINUTE }] }),
          accountOf({ login: 'alan_turing', displayName: 'alan_turing', state: 'degraded', reason: 'Twitch could not be reached (timeout after 10 s).', nextAttemptAt: now + 50_000, currentColor: '#2E8B57' }),
          accountOf({ login: 'new_streamer', displayName: 'New_Streamer', state: 'starting', prime: 'unknown', currentColor: null, recentColors: [], channels: [] }),
        ],
      }),
    );
    await page.getByRole('heading', { name: 'Ada_Lovelace' }).waitFor();
    await screenshots(page, 'account');
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
    await page.getByText(/Next attempt in 0:\d\d/).waitFor();
    await screenshots(page, 'account-degraded');
    await page.getByRole('button', { name: 'New_Streamer, Starting' }).click();
    await page.getByText('No channels yet.', { exact: false }).waitFor();
    await screenshots(page, 'account-new');
  });

  it('account: palette mode, home color, an inline error', async () => {
    const { page } = await ui(
      snapshotOf({
        accounts: [accountOf({ color: { mode: 'palette', palette: ['#9146FF', 'sea_green', '#FF7F50', 'golden_rod', '#1E90FF'], paletteOrder: 'sequential', minIntervalSec: 30 }, home: { restore: true, color: '#9146FF' } })],
      }),
    );
    await page.getByRole('heading', { name: 'Ada_Lovelace' }).waitFor();
    const input = page.getByRole('textbox', { name: 'Add a channel' });
    await input.fill('nobody_here_404');
    await input.press('Enter');
    await page.getByText('Twitch has no channel named', { exact: false }).waitFor();
    await screenshots(page, 'account-channel-error');
    await scrollToCard(page, 'Colors');
    await screenshots(page, 'account-palette');
  });

  it('login dialog: waiting, then expired', async () => {
    const { page, core } = await ui();
    await page.getByRole('button', { name: 'Log in with Twitch' }).click();
    await page.getByTestId('user-code').waitFor();
    await screenshots(page, 'login-waiting');
    core.endLogin('login-1', 'expired', 'Nobody entered the code at twitch.tv/activate within 30 minutes.');
    await page.getByRole('button', { name: 'Get a new code' }).waitFor();
    await screenshots(page, 'login-expired');
  });

  it('settings, paused, tokens not encrypted', async () => {
    const { page } = await ui(
      snapshotOf({
        paused: true,
        settings: { clientId: 'gp762nuuoqcoxypju8c569th9wz7q5', startOnBoot: true, startHidden: true, startOnBootSupported: true, startHiddenSupported: true },
        secrets: { encryptedAtRest: false, description: 'No system keyring was found (basic_text backend): tokens are stored unencrypted, readable only by your user (file mode 0600).' },
        accounts: [accountOf()],
      }),
    );
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await screenshots(page, 'settings');
    await scrollToCard(page, 'Storage');
    await screenshots(page, 'settings-bottom');
  });

  it('narrow window', async () => {
    const { page } = await ui(snapshotOf({ accounts: [accountOf(), accountOf({ login: 'grace_hopper', displayName: 'GraceHopper' })] }));
    await page.setViewportSize({ width: 520, height: 760 });
    await page.getByRole('heading', { name: 'Ada_Lovelace' }).waitFor();
    await screenshots(page, 'narrow');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });
});

import { afterAll } from 'vitest';
import { contrastReports } from './support/harness.js';
afterAll(() => {
  for (const r of contrastReports) console.log('CONTRAST', r.screen, r.checked, JSON.stringify(r.lowest), JSON.stringify(r.failures.map((f) => [f.text, f.ratio, f.color, f.background, f.where])));
});
