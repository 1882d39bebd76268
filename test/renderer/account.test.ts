import { describe, expect, it } from 'vitest';
import { IpcFailure } from '../../src-core/ipc/result.js';
import { accountOf, channelOf, snapshotOf } from './support/fixtures.js';
import { textOf, useUi, promptly } from './support/suite.js';

const ui = useUi();

function oneAccount() {
  const account = accountOf({ channels: [channelOf('ada_lovelace'), channelOf('babbage_streams')] });
  return { account, snapshot: snapshotOf({ accounts: [account] }) };
}

describe('channels', () => {
  it('R07 a channel toggle calls the API and the row follows the core: off at once, then connecting, then listening again', async () => {
    const { account, snapshot } = oneAccount();
    const { page, core } = await ui(snapshot);
    const row = page.locator('li.channel[data-login="babbage_streams"]');
    const status = row.getByTestId('channel-status');
    const toggle = row.getByRole('switch', { name: 'Listen in #babbage_streams' });
    expect(await textOf(status)).toBe('Listening');
    expect(await toggle.isChecked()).toBe(true);

    await toggle.click();
    await expect.poll(() => core.callsOf('setChannelEnabled')).toEqual([[account.id, 'babbage_streams', false]]);
    await promptly(row.getByText('Off', { exact: true }));
    expect(await toggle.isChecked()).toBe(false);
    expect(await row.getAttribute('data-subscription')).toBe('off');

    await toggle.press('Space');
    await expect.poll(() => core.callsOf('setChannelEnabled').at(-1)).toEqual([account.id, 'babbage_streams', true]);
    await promptly(row.getByText('Connecting…'));
    // Twitch confirms the subscription.
    core.changeAccount(account.id, (target) => {
      const channel = target.channels.find((c) => c.login === 'babbage_streams');
      if (channel) Object.assign(channel, { subscription: 'live', state: 'listening' });
    });
    await promptly(row.getByText('Listening'));
    expect(await toggle.isChecked()).toBe(true);
  });

  it('a failed toggle shows the core’s words beside the channel and the switch shows the core’s value again', async () => {
    const { snapshot } = oneAccount();
    const { page, core } = await ui(snapshot);
    core.failNext.set('setChannelEnabled', new IpcFailure('network', 'Twitch could not be reached; the channel stays as it was.'));
    const row = page.locator('li.channel[data-login="ada_lovelace"]');
    const toggle = row.getByRole('switch');
    await toggle.click();
    await promptly(row.getByRole('alert'));
    expect(await textOf(row.getByRole('alert'))).toBe('Twitch could not be reached; the channel stays as it was.');
    expect(await toggle.isChecked()).toBe(true);
  });

  it('an unknown channel is an inline error under the field; a good one is added and shows as pending', async () => {
    const { account, snapshot } = oneAccount();
    const { page, core } = await ui(snapshot);
    const input = page.getByRole('textbox', { name: 'Add a channel' });
    await input.fill('Nobody_Here_404');
    await input.press('Enter');
    const error = page.getByText('Twitch has no channel named "nobody_here_404". Check the spelling.');
    await promptly(error);
    expect(await input.getAttribute('aria-describedby')).toContain(await error.getAttribute('id'));
    expect(await input.inputValue()).toBe('Nobody_Here_404');
    expect(await page.locator('li.channel').count()).toBe(2);

    await input.fill('#Lovelace_Fan');
    await page.getByRole('button', { name: 'Add channel' }).click();
    await expect.poll(() => core.callsOf('addChannel').at(-1)).toEqual([account.id, 'lovelace_fan']);
    const added = page.locator('li.channel[data-login="lovelace_fan"]');
    await promptly(added);
    expect(await textOf(added.getByTestId('channel-status'))).toBe('Connecting…');
    expect(await error.isVisible()).toBe(false);
    expect(await input.inputValue()).toBe('');
  });

  it('removing a channel asks first and then calls the API', async () => {
    const { account, snapshot } = oneAccount();
    const { page, core } = await ui(snapshot);
    await page.getByRole('button', { name: 'Remove #babbage_streams' }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove #babbage_streams?' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(core.callsOf('removeChannel')).toEqual([]);

    await page.getByRole('button', { name: 'Remove #babbage_streams' }).click();
    await confirm.getByRole('button', { name: 'Remove channel' }).click();
    await expect.poll(() => core.callsOf('removeChannel')).toEqual([[account.id, 'babbage_streams']]);
    await page.locator('li.channel[data-login="babbage_streams"]').waitFor({ state: 'detached', timeout: 1000 });
  });
});

describe('colors and the account', () => {
  it('a color change appears in the history and the swatch at once, from the event and from the snapshot', async () => {
    const { account, snapshot } = oneAccount();
    const { page, core } = await ui(snapshot);
    const newest = page.getByTestId('history').locator('li').first();
    expect(await newest.getAttribute('aria-label')).toBe('Dodger blue, 1 minute ago');

    core.changeColor(account.id, '#12AB34');
    await expect.poll(() => newest.getAttribute('aria-label'), { timeout: 1000 }).toBe('#12AB34, just now');
    expect(await page.getByRole('img', { name: 'Current color #12AB34' }).isVisible()).toBe(true);

    // The notification alone (its snapshot not yet sent) is enough to show it.
    core.emit({ type: 'color:changed', payload: { accountId: account.id, login: account.login, color: 'hot_pink', at: Date.now() } });
    await expect.poll(() => newest.getAttribute('aria-label'), { timeout: 1000 }).toBe('Hot pink, just now');
    expect(await page.getByTestId('history').locator('li').count()).toBe(9);
  });

  it('choosing a recent color wears it again now', async () => {
    const { account, snapshot } = oneAccount();
    const { page, core } = await ui(snapshot);
    await page.getByRole('button', { name: /^Use #FF7F40 again/ }).click();
    await expect.poll(() => core.callsOf('setColorNow')).toEqual([[account.id, '#FF7F40']]);
    await expect.poll(() => page.getByTestId('history').locator('li').first().getAttribute('aria-label'), { timeout: 1000 }).toBe('#FF7F40, just now');
  });

  it('a lost connection to the app is said plainly, not left as a frozen window', async () => {
    const { snapshot } = oneAccount();
    const opened = await ui(snapshot);
    await opened.page.getByRole('heading', { name: 'Ada_Lovelace' }).waitFor();
    await opened.harness.stop();
    await promptly(opened.page.getByText('The connection to ColorChanger was lost. Reconnecting…'));
    // The browser reports each failed reconnect attempt; expected here. Closed first, so
    // no attempt can report after the list is cleared.
    await opened.page.close();
    opened.errors.length = 0;
  });

  it('the enabled switch, mode, interval and "check again" call the API; errors are shown in words next to the control', async () => {
    const { account, snapshot } = oneAccount();
    const { page, core } = await ui(snapshot);
    const enabled = page.getByRole('switch', { name: 'Change colors' });
    await enabled.click();
    await expect.poll(() => core.callsOf('setAccountEnabled')).toEqual([[account.id, false]]);
    // One account's own switch reads "Changes off"; "Paused" is only the app-wide pause (issue 20).
    await promptly(page.getByTestId('state-badge').getByText('Changes off'));

    core.failNext.set('setAccountEnabled', new IpcFailure('internal', 'Your settings could not be saved (disk full).'));
    await enabled.click();
    await promptly(page.getByText('Your settings could not be saved (disk full).'));
    expect(await enabled.isChecked()).toBe(false);

    await page.getByRole('radio', { name: 'Rainbow' }).check();
    await expect.poll(() => core.callsOf('setColorOptions').at(-1)).toEqual([account.id, { mode: 'rainbow' }]);

    const interval = page.getByRole('spinbutton', { name: 'Minimum interval in seconds' });
    await interval.fill('45');
    await interval.press('Enter');
    await expect.poll(() => core.callsOf('setColorOptions').at(-1)).toEqual([account.id, { minIntervalSec: 45 }]);
    await interval.fill('-3');
    await interval.press('Tab');
    await promptly(page.getByText('Use a whole number of seconds from 0 to 3600.'));

    await page.getByRole('button', { name: 'Check again' }).click();
    await expect.poll(() => core.callsOf('resetPrime')).toEqual([[account.id]]);
    await promptly(page.getByText(/Not known yet/));
    expect(await page.getByRole('button', { name: 'Check again' }).isDisabled()).toBe(true);
  });

  it('the palette editor adds and removes colors, and a bad color is explained inline', async () => {
    const account = accountOf({ color: { mode: 'palette', palette: ['#9146FF'], paletteOrder: 'random', minIntervalSec: 0 } });
    const { page, core } = await ui(snapshotOf({ accounts: [account] }));
    const input = page.getByRole('textbox', { name: 'Add a color to the palette' });
    await input.fill('sea_green');
    await input.press('Enter');
    await promptly(page.getByRole('button', { name: 'Remove Sea green from the palette' }));
    expect(core.callsOf('setColorOptions').at(-1)).toEqual([account.id, { palette: ['#9146FF', 'sea_green'] }]);

    await input.fill('not a color!');
    await input.press('Enter');
    await promptly(page.getByText('"not a color!" is not a Twitch color.', { exact: false }));

    await page.getByRole('button', { name: 'Remove #9146FF from the palette' }).click();
    await expect.poll(() => core.callsOf('setColorOptions').at(-1)).toEqual([account.id, { palette: ['sea_green'] }]);
    await page.getByRole('radio', { name: 'In order' }).check();
    await expect.poll(() => core.callsOf('setColorOptions').at(-1)).toEqual([account.id, { paletteOrder: 'sequential' }]);
  });

  it('removing an account asks first; afterwards the next account is shown', async () => {
    const first = accountOf();
    const second = accountOf({ login: 'grace_hopper', displayName: 'GraceHopper' });
    const { page, core } = await ui(snapshotOf({ accounts: [first, second] }));
    await page.getByRole('button', { name: 'Remove account…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove Ada_Lovelace?' });
    await confirm.waitFor();
    // The safe choice has focus: Enter alone does not remove anything.
    expect(await confirm.getByRole('button', { name: 'Cancel' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await confirm.getByRole('button', { name: 'Remove account' }).click();
    await expect.poll(() => core.callsOf('removeAccount')).toEqual([[first.id]]);
    await promptly(page.getByRole('heading', { name: 'GraceHopper', level: 1 }));
  });

  it('a state change made elsewhere (degraded with a retry time) shows within a second, with a live countdown', async () => {
    const { account, snapshot } = oneAccount();
    const { page, core } = await ui(snapshot);
    core.changeAccount(account.id, (target) => {
      target.state = 'degraded';
      target.reason = 'Twitch’s chat connection keeps failing (connection refused).';
      target.nextAttemptAt = Date.now() + 20_000;
    });
    await promptly(page.getByText('Twitch’s chat connection keeps failing (connection refused).'));
    expect(await textOf(page.getByTestId('state-badge'))).toBe('Retrying');
    const retry = page.getByText(/^Next attempt in 0:(19|20)\.$/);
    await promptly(retry);
    const first = await textOf(retry);
    // The ticker runs each second: the countdown moves on without any new snapshot.
    await expect.poll(() => textOf(page.getByText(/^Next attempt in/)), { timeout: 2500 }).not.toBe(first);
  });
});
