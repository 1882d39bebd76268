import { describe, expect, it } from 'vitest';
import { IpcFailure } from '../../src-core/ipc/result.js';
import { accountOf, snapshotOf } from './support/fixtures.js';
import { useUi, promptly } from './support/suite.js';

const ui = useUi();

const noClientId = () =>
  snapshotOf({ settings: { clientId: null, startOnBoot: false, startHidden: false, startOnBootSupported: true, builtInClientId: null, checkForUpdates: true, startHiddenSupported: true } });

describe('first run', () => {
  it('checks the client id before sending it, then moves on to logging in', async () => {
    const { page, core } = await ui(noClientId());
    const field = page.getByRole('textbox', { name: 'Client ID' });
    await field.waitFor();
    // The first screen puts the cursor where the user has to act.
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
    const continueButton = page.getByRole('button', { name: 'Continue' });

    await continueButton.click();
    await promptly(page.getByText('Paste the Client ID of your Twitch application.'));
    expect(await field.getAttribute('aria-invalid')).toBe('true');

    await field.fill('abc123');
    await field.press('Enter');
    await promptly(page.getByText('A Twitch client ID is about 30 letters and digits; this one has 6.'));

    await field.fill('gp762nuuoq coxypju8c569th9wz7q5');
    await field.press('Enter');
    await promptly(page.getByText('A client ID has no spaces.'));
    expect(core.callsOf('setClientId')).toEqual([]);

    core.failNext.set('setClientId', new IpcFailure('internal', 'Your settings could not be saved (read-only file system).'));
    await field.fill('  gp762nuuoqcoxypju8c569th9wz7q5 ');
    await field.press('Enter');
    await promptly(page.getByText('Your settings could not be saved (read-only file system).'));

    await continueButton.click();
    await promptly(page.getByRole('heading', { name: 'Add your Twitch account' }));
    expect(core.callsOf('setClientId')).toEqual([['gp762nuuoqcoxypju8c569th9wz7q5'], ['gp762nuuoqcoxypju8c569th9wz7q5']]);
  });

  it('imports the old Python bot’s file: its text goes to the core and the accounts appear', async () => {
    const { page, core } = await ui(noClientId());
    const bad = 'this is not json';
    await page.locator('input[type=file]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(bad) });
    await promptly(page.getByText('This is not the old bot’s settings file', { exact: false }));

    const contents = JSON.stringify({ users: [{ username: 'OldBotUser', client_id: 'x', channels: ['oldbotuser'] }] });
    await page.locator('input[type=file]').setInputFiles({ name: 'twitch_colorchanger.conf', mimeType: 'application/json', buffer: Buffer.from(contents) });
    await promptly(page.getByRole('heading', { name: 'OldBotUser', level: 1 }));
    expect(core.callsOf('importLegacy')).toEqual([[bad], [contents]]);
    await promptly(page.getByText('Imported oldbotuser.'));
  });
});

describe('settings', () => {
  it('start on boot, start hidden and pause all call the API; paused shows everywhere and can be resumed', async () => {
    const { page, core } = await ui(snapshotOf({ accounts: [accountOf()] }));
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(await page.getByTestId('version').textContent()).toBe('Version 0.1.0');

    await page.getByRole('switch', { name: 'Start on boot' }).click();
    await page.getByRole('switch', { name: 'Start hidden in the tray' }).click();
    await expect.poll(() => core.callsOf('updateSettings')).toEqual([[{ startOnBoot: false }], [{ startHidden: true }]]);

    await page.getByRole('switch', { name: 'Pause all' }).click();
    await expect.poll(() => core.callsOf('setPaused')).toEqual([[true]]);
    // Why is said once, by the banner above every page (issue 17); the account, as the core
    // reports it, is just "Paused" beside its name, with no reason of its own.
    await promptly(page.getByText('All automatic color changes are paused.'));
    await promptly(page.getByRole('button', { name: 'Ada_Lovelace, Paused' }));
    expect((await page.getByText(/paused/i).allTextContents()).sort()).toEqual(['All automatic color changes are paused.', 'Paused']);

    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => core.callsOf('setPaused')).toEqual([[true], [false]]);
    await page.getByText('All automatic color changes are paused.').waitFor({ state: 'hidden', timeout: 1000 });
    await promptly(page.getByRole('button', { name: 'Ada_Lovelace, Active' }));
    expect(await page.getByRole('switch', { name: 'Pause all' }).isChecked()).toBe(false);
  });

  it('shows where data and logs are, opens them through the core, and says whether tokens are encrypted', async () => {
    const snapshot = snapshotOf({
      secrets: { encryptedAtRest: false, description: 'No keyring: tokens are stored unencrypted, readable only by you (mode 0600).' },
      settings: { clientId: 'gp762nuuoqcoxypju8c569th9wz7q5', startOnBoot: false, startHidden: false, startOnBootSupported: false, builtInClientId: null, checkForUpdates: true, startHiddenSupported: false },
      store: { writeError: 'ENOSPC: no space left on device', recoveredCorruptFile: null, loadProblem: null },
      accounts: [accountOf()],
    });
    const { page, core } = await ui(snapshot);
    await promptly(page.getByText('Your settings could not be saved. Changes may be lost when the app closes.'));
    await page.getByRole('button', { name: 'Details' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(await page.getByText('Settings could not be saved: ENOSPC: no space left on device').isVisible()).toBe(true);
    expect(await page.getByText(snapshot.paths.dataDir, { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText('Stored unencrypted', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText('No keyring: tokens are stored unencrypted, readable only by you (mode 0600).').isVisible()).toBe(true);
    // Offered only where it applies (issue 17): no switch that cannot work, and words for what to use instead.
    expect(await page.getByRole('switch', { name: 'Start on boot' }).isVisible()).toBe(false);
    expect(await page.getByText('this machine’s service manager', { exact: false }).isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Open the data folder' }).click();
    await page.getByRole('button', { name: 'Open the logs folder' }).click();
    await expect.poll(() => core.opened).toEqual([snapshot.paths.dataDir, snapshot.paths.logDir]);
  });
});

describe('keyboard and access', () => {
  it('is usable from the keyboard with a visible focus ring', async () => {
    const { page, core } = await ui();
    await page.getByRole('heading', { name: 'Add your Twitch account' }).waitFor();
    let focused = '';
    for (let i = 0; i < 8 && focused !== 'Add account'; i += 1) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    }
    expect(focused).toBe('Add account');
    const outline = await page.evaluate(() => {
      const el = document.activeElement;
      return el ? getComputedStyle(el).outlineStyle : 'none';
    });
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').getByTestId('user-code').waitFor();
    expect(await page.getByRole('link', { name: 'Open twitch.tv/activate' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => core.callsOf('cancelLogin')).toHaveLength(1);
  });

  it('every form control has a name a screen reader can say', async () => {
    const { page } = await ui(snapshotOf({ accounts: [accountOf({ color: { mode: 'palette', palette: ['#9146FF'], paletteOrder: 'random', minIntervalSec: 0 }, home: { restore: true, color: null } })] }));
    await page.getByRole('heading', { name: 'Ada_Lovelace' }).waitFor();
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('input:not([type=file]), button, select, textarea')]
        .filter((el) => el.offsetParent !== null || el.matches('.switch-input, .segmented input'))
        .filter((el) => {
          const labelled = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (el as HTMLInputElement).labels?.length;
          return !labelled && !(el.textContent ?? '').trim();
        })
        .map((el) => el.outerHTML.slice(0, 120)),
    );
    expect(unnamed).toEqual([]);
  });

  it('the bridge serves nothing to a page without its token', async () => {
    const { harness, context } = await ui();
    const other = await context.browser()?.newContext();
    const page = await other?.newPage();
    const response = await page?.goto(`${harness.bridge.origin}/`);
    expect(response?.status()).toBe(403);
    await other?.close();
  });

  it('defect 7: a login item waiting for the user’s approval shows as on, with how to approve it; a dev run says why it cannot', async () => {
    const note = 'macOS needs your approval: open System Settings › General › Login Items and allow Twitch ColorChanger.';
    const snapshot = snapshotOf({
      settings: { clientId: 'gp762nuuoqcoxypju8c569th9wz7q5', builtInClientId: null, checkForUpdates: true, startOnBoot: true, startHidden: false, startOnBootSupported: true, startHiddenSupported: true, startOnBootStatus: { state: 'needs-approval', note } },
      accounts: [accountOf()],
    });
    const { page, core } = await ui(snapshot);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await promptly(page.getByText(note));
    expect(await page.getByRole('switch', { name: 'Start on boot' }).isChecked()).toBe(true);

    const why = 'Start on boot needs the installed app: in a development run macOS would open Electron itself at login, not Twitch ColorChanger.';
    core.change((state) => {
      state.settings = { ...state.settings, startOnBoot: false, startOnBootSupported: false, startOnBootStatus: { state: 'unavailable', note: why } };
    });
    await promptly(page.getByText(why));
    expect(await page.getByRole('switch', { name: 'Start on boot' }).isDisabled()).toBe(true);
  });
});
