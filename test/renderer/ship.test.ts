import { describe, expect, it } from 'vitest';
import type { AppSnapshot } from '../../src-core/ipc/snapshot.js';
import { accountOf, snapshotOf } from './support/fixtures.js';
import { promptly, useUi } from './support/suite.js';

/**
 * Issue 19 in the real renderer (Chromium, over the bridge): a build that carries its own
 * Twitch client ID, and the Settings page's update controls.
 */
const ui = useUi();

const BUILT_IN = 'b3u1tinc1ient1d0f7h1sbu1ld000a';
const OWN = 'gp762nuuoqcoxypju8c569th9wz7q5';

const builtInBuild = (overrides: Partial<AppSnapshot['settings']> = {}, rest: Partial<AppSnapshot> = {}) =>
  snapshotOf({
    settings: { clientId: null, builtInClientId: BUILT_IN, startOnBoot: false, startHidden: false, startOnBootSupported: true, checkForUpdates: true, startHiddenSupported: true, ...overrides },
    ...rest,
  });

describe('a build with its own client ID', () => {
  it('skips the client-ID step: "Add your Twitch account", and one click shows the device code', async () => {
    const { page, core } = await ui(builtInBuild());
    await promptly(page.getByRole('heading', { name: 'Add your Twitch account' }));
    expect(await page.getByRole('textbox', { name: 'Client ID' }).count()).toBe(0);
    expect(await page.getByText('Connect your Twitch application').count()).toBe(0);
    await page.getByRole('main').getByRole('button', { name: 'Add account' }).click();
    await promptly(page.getByRole('dialog').getByTestId('user-code'));
    expect(core.callsOf('startLogin')).toHaveLength(1);
    expect(core.callsOf('setClientId')).toEqual([]);
  });

  it('Settings: new logins use the built-in application; an own ID is an advanced option with a way back', async () => {
    const { page, core } = await ui(builtInBuild({}, { accounts: [accountOf()] }));
    await page.getByRole('button', { name: 'Settings' }).click();
    await promptly(page.getByText('New logins use the Twitch application this app comes with. Nothing to set up.'));
    expect(await page.getByTestId('built-in-client-id').textContent()).toBe(`Built-in Client ID: ${BUILT_IN}`);
    const field = page.getByRole('textbox', { name: 'Client ID' });
    expect(await field.isVisible()).toBe(false);

    await page.getByText('Use your own Twitch application (advanced)').click();
    await field.fill(OWN);
    await page.getByRole('button', { name: 'Save' }).click();
    await promptly(page.getByText('New logins use your own Twitch application (below) instead of the one this app comes with.'));
    await page.getByRole('button', { name: 'Use the built-in application' }).click();
    await promptly(page.getByText('New logins use the Twitch application this app comes with. Nothing to set up.'));
    expect(core.callsOf('setClientId')).toEqual([[OWN], [null]]);
    expect(await page.getByRole('button', { name: 'Use the built-in application' }).isVisible()).toBe(false);
  });
});

describe('Settings: updates', () => {
  it('a build without an update feed says updates are off for it, and offers no switch to flip', async () => {
    const { page } = await ui(snapshotOf({ accounts: [accountOf()] }));
    await page.getByRole('button', { name: 'Settings' }).click();
    await promptly(page.getByText('Updates are off for this build: it was built without an update feed. Install newer versions by hand.'));
    expect(await page.getByRole('switch', { name: 'Check for updates' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Check now' }).isVisible()).toBe(false);
  });

  it('shows each step; "Check now", the switch and "Restart to update to v1.2.0" go to the app', async () => {
    const idle: AppSnapshot['updates'] = { state: 'idle', version: null, percent: null, checkedAt: Date.UTC(2026, 0, 5, 12, 0), error: null };
    const { page, core } = await ui(snapshotOf({ accounts: [accountOf()], updates: idle }));
    await page.getByRole('button', { name: 'Settings' }).click();
    const status = page.getByTestId('update-status');
    await promptly(page.getByText('Up to date. Last checked', { exact: false }));
    expect(await page.getByRole('switch', { name: 'Check for updates' }).isChecked()).toBe(true);

    await page.getByRole('button', { name: 'Check now' }).click();
    await promptly(page.getByText('Checking for a new version…'));
    expect(core.callsOf('checkForUpdates')).toHaveLength(1);

    core.change((state) => {
      state.updates = { state: 'downloading', version: '1.2.0', percent: 42.7, checkedAt: idle.checkedAt, error: null };
    });
    await expect.poll(() => status.textContent()).toBe('Downloading version 1.2.0 in the background (42 %)…');

    core.change((state) => {
      state.updates = { state: 'ready', version: '1.2.0', percent: null, checkedAt: idle.checkedAt, error: null };
    });
    await promptly(page.getByText('Version 1.2.0 is downloaded. It installs when you quit ColorChanger, or restart now.'));
    await page.getByRole('button', { name: 'Restart to update to v1.2.0' }).click();
    await expect.poll(() => core.callsOf('restartToUpdate')).toHaveLength(1);

    core.change((state) => {
      state.updates = { state: 'error', version: null, percent: null, checkedAt: idle.checkedAt, error: 'the update server answered HTTP 500' };
    });
    await promptly(page.getByText('The last update attempt failed: the update server answered HTTP 500. It is tried again later.'));

    await page.getByRole('switch', { name: 'Check for updates' }).click();
    await expect.poll(() => core.callsOf('updateSettings')).toEqual([[{ checkForUpdates: false }]]);
  });
});
