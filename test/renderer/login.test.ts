import { describe, expect, it } from 'vitest';
import { IpcFailure } from '../../src-core/ipc/result.js';
import { accountOf, snapshotOf } from './support/fixtures.js';
import { textOf, useUi, promptly } from './support/suite.js';

const ui = useUi();

describe('device-code login', () => {
  it('shows the code large with the activation address and a countdown, links to the activation page, and on success the account appears', async () => {
    const { page, core, context } = await ui();
    // There is no Twitch here: the tab the link opens gets a stand-in page.
    await context.route('https://www.twitch.tv/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>activate</title>' }));
    await page.getByRole('main').getByRole('button', { name: 'Add account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add account' });
    const code = dialog.getByTestId('user-code');
    await code.waitFor();
    const [login] = [...core.logins.values()];
    expect(login).toBeDefined();
    expect(await textOf(code)).toBe(login?.userCode);
    // The address reads whole (no query to break in the middle of) and is a link, like the button (issue 20).
    const address = dialog.getByRole('link', { name: 'www.twitch.tv/activate' });
    expect(await address.getAttribute('href')).toBe(login?.verificationUri);
    expect(await textOf(dialog.getByText(/The code expires in/))).toMatch(/^The code expires in (30:00|29:[0-5]\d)$/);

    const open = dialog.getByRole('link', { name: 'Open twitch.tv/activate' });
    expect(await open.getAttribute('target')).toBe('_blank');
    expect(await open.getAttribute('rel')).toBe('noopener noreferrer');
    const [tab] = await Promise.all([context.waitForEvent('page'), open.click()]);
    await tab.waitForLoadState();
    expect(tab.url()).toBe(login?.verificationUri);
    // noopener: the activation page gets no handle on this one.
    expect(await tab.evaluate(() => window.opener)).toBeNull();
    await tab.close();

    const copy = dialog.getByRole('button', { name: /^Copy the code/ });
    await copy.click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(login?.userCode);
    await promptly(copy.getByText('Copied'));

    core.approveLogin(login?.loginId ?? '', { login: 'new_streamer', displayName: 'New_Streamer' });
    await promptly(page.getByRole('heading', { name: 'New_Streamer', level: 1 }));
    expect(await dialog.isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'New_Streamer, Active' }).isVisible()).toBe(true);
    await promptly(page.getByText('Logged in as new_streamer.'));
  });

  it('a success heard before the snapshot with the new account still ends on that account', async () => {
    const { page, core } = await ui(snapshotOf({ accounts: [accountOf()] }));
    await page.getByRole('navigation').getByRole('button', { name: 'Add account' }).click();
    await page.getByRole('dialog').getByTestId('user-code').waitFor();
    const loginId = [...core.logins.keys()][0] ?? '';
    const added = accountOf({ login: 'late_snapshot', displayName: 'Late_Snapshot', channels: [] });
    core.emit({ type: 'login:progress', payload: { loginId, status: 'success', accountId: added.id, login: added.login } });
    await page.getByRole('dialog').waitFor({ state: 'hidden', timeout: 1000 });
    core.change((state) => {
      state.accounts.push(added);
    });
    await promptly(page.getByRole('heading', { name: 'Late_Snapshot', level: 1 }));
  });

  it('R21 an expired code says why and offers a new code at once, one keypress away', async () => {
    const { page, core } = await ui();
    await page.getByRole('main').getByRole('button', { name: 'Add account' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('user-code').waitFor();
    const first = [...core.logins.values()][0];
    core.endLogin(first?.loginId ?? '', 'expired', 'The code expired before it was entered at twitch.tv/activate.');

    const alert = dialog.getByRole('alert');
    await promptly(alert);
    expect(await textOf(alert)).toContain('The code expired');
    expect(await textOf(alert)).toContain('The code expired before it was entered at twitch.tv/activate.');
    const again = dialog.getByRole('button', { name: 'Get a new code' });
    expect(await again.evaluate((el) => el === document.activeElement)).toBe(true);

    await page.keyboard.press('Enter');
    await dialog.getByTestId('user-code').waitFor();
    const second = [...core.logins.values()].at(-1);
    expect(second?.loginId).not.toBe(first?.loginId);
    expect(await textOf(dialog.getByTestId('user-code'))).toBe(second?.userCode);
    expect(core.callsOf('startLogin')).toHaveLength(2);
  });

  it('a denied or failed login shows the core’s reason in words', async () => {
    const { page, core } = await ui();
    await page.getByRole('main').getByRole('button', { name: 'Add account' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('user-code').waitFor();
    core.endLogin([...core.logins.keys()][0] ?? '', 'denied', 'You pressed “Cancel” at Twitch, so no access was given.');
    await promptly(dialog.getByText('Twitch says access was denied'));
    expect(await dialog.getByText('You pressed “Cancel” at Twitch, so no access was given.').isVisible()).toBe(true);

    await dialog.getByRole('button', { name: 'Get a new code' }).click();
    await dialog.getByTestId('user-code').waitFor();
    core.endLogin([...core.logins.keys()].at(-1) ?? '', 'failed', 'Twitch could not be reached (timeout after 10 s). Check your connection.');
    await promptly(dialog.getByText('The login failed'));
    expect(await dialog.getByText('Twitch could not be reached (timeout after 10 s). Check your connection.').isVisible()).toBe(true);
  });

  it('cancel and Escape stop the login at the core and close the dialog', async () => {
    const { page, core } = await ui();
    await page.getByRole('main').getByRole('button', { name: 'Add account' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('user-code').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => core.callsOf('cancelLogin')).toEqual([['login-1']]);

    await page.getByRole('main').getByRole('button', { name: 'Add account' }).click();
    await dialog.getByTestId('user-code').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => core.callsOf('cancelLogin')).toEqual([['login-1'], ['login-2']]);
  });

  it('a login that cannot start says why, with a way to try again', async () => {
    const { page, core } = await ui();
    core.failNext.set('startLogin', new IpcFailure('network', 'Twitch could not be reached. Check your internet connection and try again.'));
    await page.getByRole('main').getByRole('button', { name: 'Add account' }).click();
    const dialog = page.getByRole('dialog');
    await promptly(dialog.getByText('Could not start the login'));
    expect(await dialog.getByText('Twitch could not be reached. Check your internet connection and try again.').isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Get a new code' }).click();
    await dialog.getByTestId('user-code').waitFor();
  });

  it('needs_login shows the reason and "Log in again", which starts a login', async () => {
    const account = accountOf();
    const { page, core } = await ui(snapshotOf({ accounts: [account] }));
    await page.getByRole('heading', { name: account.displayName }).waitFor();
    expect(await page.getByRole('button', { name: 'Log in again' }).isVisible()).toBe(false);

    core.changeAccount(account.id, (target) => {
      target.state = 'needs_login';
      target.reason = 'Twitch revoked this app’s access (you disconnected it in your Twitch settings). Log in again to continue.';
    });
    const relogin = page.getByRole('button', { name: 'Log in again' });
    await promptly(relogin);
    expect(await textOf(page.getByTestId('state-badge'))).toBe('Needs login');
    expect(await textOf(page.getByTestId('state-reason'))).toBe('Twitch revoked this app’s access (you disconnected it in your Twitch settings). Log in again to continue.');
    expect(await page.getByRole('button', { name: `${account.displayName}, Needs login` }).isVisible()).toBe(true);

    await relogin.click();
    await page.getByRole('dialog').getByTestId('user-code').waitFor();
    expect(core.callsOf('startLogin')).toHaveLength(1);
  });
});
