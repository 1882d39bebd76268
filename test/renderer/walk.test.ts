import { describe, expect, it } from 'vitest';
import { REASON_TEXT } from '../../src-core/accounts/account-reasons.js';
import { NAMED_COLORS as CORE_NAMED_COLORS } from '../../src-core/color/palette.js';
import { IpcFailure } from '../../src-core/ipc/result.js';
import { type AccountReasonCode, type AccountState, accountReasonCodeSchema } from '../../src-core/ipc/snapshot.js';
import { NAMED_COLORS } from '../../renderer/format.js';
import { accountOf, snapshotOf } from './support/fixtures.js';
import { scrollToCard } from './support/harness.js';
import { promptly, textOf, useUi } from './support/suite.js';

/**
 * Issues 17 and 20: the UI as a new user meets it, item by item, against the scripted core
 * over the real bridge in Chromium. Each test names the item it holds.
 */
const ui = useUi();

function account(overrides: Parameters<typeof accountOf>[0] = {}) {
  const view = accountOf(overrides);
  return { view, snapshot: snapshotOf({ accounts: [view] }) };
}

/** The state the core reports each reason with (account-status.ts). */
const STATE_OF: Record<AccountReasonCode, AccountState> = {
  login_pending: 'authorizing',
  login_required: 'needs_login',
  login_expired: 'needs_login',
  login_revoked: 'needs_login',
  login_scope: 'needs_login',
  login_other_app: 'needs_login',
  login_secret: 'needs_login',
  login_unreadable: 'needs_login',
  not_running: 'stopped',
  checking_login: 'starting',
  offline: 'degraded',
  twitch_trouble: 'degraded',
  rate_limited: 'degraded',
  twitch_refused: 'degraded',
  chat_silent: 'degraded',
  chat_dropped: 'degraded',
  unexpected: 'degraded',
  changes_off: 'paused',
  no_channels: 'active',
  connecting: 'starting',
};

describe('17.3 reasons in a person’s words', () => {
  it('walks every reason the core can report: its sentence, "Details" with the technical text, and the action that helps', async () => {
    const { view, snapshot } = account();
    const { page, core } = await ui(snapshot);
    await page.getByRole('heading', { name: view.displayName, level: 1 }).waitFor();
    const reason = page.getByTestId('state-reason');
    const details = page.locator('.account-details');
    const relogin = page.getByRole('button', { name: 'Log in again' });
    const retry = page.getByRole('button', { name: 'Retry now' });
    for (const code of accountReasonCodeSchema.options) {
      const state = STATE_OF[code];
      const detail = state === 'degraded' ? `technical detail of ${code}: connect ECONNREFUSED 127.0.0.1:47111` : null;
      core.changeAccount(view.id, (target) => {
        target.state = state;
        target.enabled = code !== 'changes_off';
        target.reason = REASON_TEXT[code];
        target.reasonCode = code;
        target.reasonDetail = detail;
        target.nextAttemptAt = state === 'degraded' ? Date.now() + 60_000 : null;
      });
      await expect.poll(() => textOf(reason), { message: code }).toBe(REASON_TEXT[code]);
      expect(await details.isVisible(), code).toBe(detail !== null);
      if (detail) {
        await details.locator('summary').click();
        expect(await textOf(details.locator('code')), code).toBe(detail);
        await details.locator('summary').click();
      }
      expect(await relogin.isVisible(), code).toBe(state === 'needs_login');
      expect(await retry.isVisible(), code).toBe(state === 'degraded');
      expect(await page.getByText(/ECONNREFUSED/).isVisible(), code).toBe(false);
    }
  });

  it('"Retry now" asks the core to retry the account at once', async () => {
    const { view, snapshot } = account({ state: 'degraded', reason: REASON_TEXT.offline, reasonCode: 'offline', reasonDetail: 'could not connect: connect ECONNREFUSED 127.0.0.1:47111', nextAttemptAt: Date.now() + 40_000 });
    const { page, core } = await ui(snapshot);
    await page.getByRole('button', { name: 'Retry now' }).click();
    await expect.poll(() => core.callsOf('retryAccount')).toEqual([[view.id]]);
    expect(await textOf(page.getByTestId('state-reason'))).toBe('Can’t reach Twitch. Check your internet connection.');
  });
});

describe('17.1 recent colors', () => {
  it('remember names: a named color reads and is worn again by its name; an error goes away with the next action', async () => {
    const { view, snapshot } = account({ prime: 'no', recentColors: [{ color: 'sea_green', at: Date.now() - 60_000 }, { color: 'dodger_blue', at: Date.now() - 120_000 }, { color: '#AABBCC', at: Date.now() - 180_000 }] , currentColor: 'sea_green' });
    const { page, core } = await ui(snapshot);
    const use = page.getByRole('button', { name: /^Use Dodger blue again/ });
    expect(await use.getAttribute('title')).toMatch(/^Dodger blue, set /);
    await use.click();
    await expect.poll(() => core.callsOf('setColorNow')).toEqual([[view.id, 'dodger_blue']]);

    // A hex one from when Twitch still took it: refused, and the error stays only until the next action.
    await page.getByRole('button', { name: /^Use #AABBCC again/ }).click();
    const error = page.getByText('#AABBCC is a hex color, which needs Turbo or Prime; use a color name instead.');
    await promptly(error);
    await page.getByRole('radio', { name: 'Rainbow' }).check();
    await expect.poll(() => core.callsOf('setColorOptions').at(-1)).toEqual([view.id, { mode: 'rainbow' }]);
    await error.waitFor({ state: 'hidden', timeout: 1000 });
  });
});

describe('17.2 the palette of an account without Turbo/Prime', () => {
  it('offers the 15 named colors as a grid, marks hex entries and says they are skipped, explains a typo under the field', async () => {
    const { view, snapshot } = account({ prime: 'no', color: { mode: 'palette', palette: ['sea_green', '#AABBCC'], paletteOrder: 'random', minIntervalSec: 0 } });
    const { page, core } = await ui(snapshot);
    await scrollToCard(page, 'Colors');
    const grid = page.getByRole('group', { name: 'Twitch’s colors (anyone can wear these)' });
    expect(await grid.getByRole('button').count()).toBe(15);
    expect(await grid.getByRole('button', { name: 'Sea green' }).getAttribute('aria-pressed')).toBe('true');
    await grid.getByRole('button', { name: 'Coral' }).click();
    await expect.poll(() => core.callsOf('setColorOptions').at(-1)).toEqual([view.id, { palette: ['sea_green', '#AABBCC', 'coral'] }]);

    const hexChip = page.locator('.chip-unusable');
    expect(await textOf(hexChip)).toContain('needs Turbo or Prime');
    expect(await textOf(page.getByTestId('palette-skipped'))).toBe('1 color needs Turbo or Prime and is skipped. Remove it, or pick named colors above.');
    // No hex picker starting on a color this account cannot wear.
    expect(await page.getByLabel('Pick a hex color to add').isVisible()).toBe(false);

    const input = page.getByRole('textbox', { name: 'Add a color to the palette' });
    await input.fill('#112233');
    await input.press('Enter');
    const hexError = page.getByText('#112233 is a hex color, which needs Turbo or Prime.', { exact: false });
    await promptly(hexError);
    // Under the field it is about (described by it), not under another control.
    expect(await input.getAttribute('aria-describedby')).toContain(await hexError.getAttribute('id'));
    const [fieldBox, errorBox] = await Promise.all([input.boundingBox(), hexError.boundingBox()]);
    expect((errorBox?.y ?? 0) - ((fieldBox?.y ?? 0) + (fieldBox?.height ?? 0))).toBeLessThan(40);
    // Typing again is the next action on that field: the error goes.
    await input.fill('sea');
    await hexError.waitFor({ state: 'hidden', timeout: 1000 });
  });

  it('the renderer’s copy of the named colors is the core’s', () => {
    expect([...NAMED_COLORS]).toEqual([...CORE_NAMED_COLORS]);
  });
});

describe('17.5 home color', () => {
  it('shows the home color as a swatch with its name; with none known it asks for one, and picking one saves it', async () => {
    const { view, snapshot } = account({ home: { restore: true, color: null } });
    const { page, core } = await ui(snapshot);
    await scrollToCard(page, 'Colors');
    await promptly(page.getByText('No home color is known yet, so nothing is put back when changes stop. Pick one below.'));
    await page.getByRole('group', { name: 'Pick the home color' }).getByRole('button', { name: 'Hot pink' }).click();
    await expect.poll(() => core.callsOf('setHome')).toEqual([[view.id, true, 'hot_pink']]);
    await expect.poll(() => textOf(page.getByTestId('home-color'))).toBe('Hot pink');
    expect(await page.getByText('No home color is known yet', { exact: false }).isVisible()).toBe(false);
  });
});

describe('17.6 focus and the current color', () => {
  it('marks the current color for assistive tech, looks unlike focus, is one tab stop with arrow keys; "Random" is named alone', async () => {
    const { snapshot } = account();
    const { page } = await ui(snapshot);
    const buttons = page.getByTestId('history').getByRole('button');
    const current = buttons.first();
    expect(await current.getAttribute('aria-current')).toBe('true');
    expect(await buttons.nth(1).getAttribute('aria-current')).toBeNull();
    expect(await buttons.evaluateAll((all) => all.map((b) => (b as HTMLElement).tabIndex))).toEqual([0, -1, -1, -1, -1, -1, -1]);

    await current.focus();
    await page.keyboard.press('ArrowRight');
    expect(await buttons.nth(1).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('End');
    expect(await buttons.last().evaluate((el) => el === document.activeElement)).toBe(true);
    // The focus ring (an outline) and the current marking (its "Now" tag and border) are different things.
    const styles = await buttons.evaluateAll((all) => all.slice(0, 2).map((b) => ({ outline: getComputedStyle(b).outlineStyle, border: getComputedStyle(b).borderStyle })));
    expect(styles[0]).toEqual({ outline: 'none', border: 'dashed' });
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    expect(await buttons.last().evaluate((el) => el === document.activeElement && getComputedStyle(el).outlineStyle)).toBe('solid');

    expect(await page.getByRole('radio', { name: 'Random', exact: true }).count()).toBe(1);
    expect(await page.getByRole('group', { name: 'Mode' }).isVisible()).toBe(true);
  });
});

describe('17.7 toasts', () => {
  it('cover no control and can be dismissed', async () => {
    const { snapshot } = account();
    const { page } = await ui(snapshot);
    await page.setViewportSize({ width: 740, height: 600 });
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('textbox', { name: 'Client ID' }).fill('zyxwvutsrq9876543210abcdefghi');
    await page.getByRole('button', { name: 'Save' }).click();
    const toast = page.getByRole('status').filter({ hasText: 'Client ID saved. New logins use it.' });
    await promptly(toast);
    const box = await toast.boundingBox();
    const covered = await page.evaluate((rect) => {
      if (!rect) return ['no box'];
      const hits: string[] = [];
      for (const el of document.querySelectorAll<HTMLElement>('button, input, a, select, [role=switch]')) {
        if (el.closest('.toasts') || !el.checkVisibility()) continue;
        // The part of the control a person can see: clipped by every scrolling box it sits in.
        const r = el.getBoundingClientRect();
        let [left, top, right, bottom] = [r.left, r.top, r.right, r.bottom];
        for (let box = el.parentElement; box; box = box.parentElement) {
          if (getComputedStyle(box).overflowY === 'visible') continue;
          const c = box.getBoundingClientRect();
          [left, top, right, bottom] = [Math.max(left, c.left), Math.max(top, c.top), Math.min(right, c.right), Math.min(bottom, c.bottom)];
        }
        if (right <= left || bottom <= top) continue;
        const overlaps = left < rect.x + rect.width && right > rect.x && top < rect.y + rect.height && bottom > rect.y;
        if (overlaps) hits.push(el.outerHTML.slice(0, 80));
      }
      return hits;
    }, box);
    expect(covered).toEqual([]);
    await toast.getByRole('button', { name: 'Dismiss' }).click();
    await toast.waitFor({ state: 'detached', timeout: 1000 });
  });
});

describe('17.9 no connection to the app', () => {
  it('puts every control out of reach and says why once, instead of failing after each click', async () => {
    const { snapshot } = account();
    const opened = await ui(snapshot);
    const { page } = opened;
    await page.getByRole('heading', { name: 'Ada_Lovelace', level: 1 }).waitFor();
    await opened.harness.stop();
    await promptly(page.getByText('The connection to ColorChanger was lost. Reconnecting… Until it is back, nothing here can be changed.'));
    expect(await page.locator('#main').evaluate((el) => (el as HTMLElement).inert)).toBe(true);
    expect(await page.getByRole('navigation').evaluate((el) => (el as HTMLElement).inert)).toBe(true);
    expect(await page.getByRole('alert').filter({ hasText: /Not connected|did not answer/ }).count()).toBe(0);
    await page.close();
    opened.errors.length = 0;
  });
});

describe('17.10 settings that apply', () => {
  it('served headless: no "Start hidden", no start-on-boot switch; Save is the main action only when there is a change', async () => {
    const { snapshot } = account();
    snapshot.settings = { ...snapshot.settings, startOnBootSupported: false, startHiddenSupported: false };
    const { page } = await ui(snapshot);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(await page.getByText('Start hidden in the tray').isVisible()).toBe(false);
    expect(await page.getByRole('switch', { name: 'Start on boot' }).isVisible()).toBe(false);
    const save = page.getByRole('button', { name: 'Save' });
    expect(await save.getAttribute('class')).not.toContain('btn-primary');
    expect(await save.isDisabled()).toBe(true);
    await page.getByRole('textbox', { name: 'Client ID' }).fill('zyxwvutsrq9876543210abcdefghi');
    expect(await save.getAttribute('class')).toContain('btn-primary');
  });
});

describe('17.11 the bridge at localhost', () => {
  it('serves the whole app at localhost:PORT, its socket included', async () => {
    const { view, snapshot } = account();
    const { page, harness } = await ui(snapshot);
    await page.goto(`http://localhost:${harness.bridge.port}/?token=${harness.bridge.token}`);
    await page.getByRole('heading', { name: view.displayName, level: 1 }).waitFor();
    await page.getByRole('switch', { name: 'Change colors' }).click();
    await expect.poll(() => harness.core.callsOf('setAccountEnabled')).toEqual([[view.id, false]]);
  });
});

describe('17.12 small things', () => {
  it('"Check again" says in visible words why it is unavailable; every shown error ends with a period', async () => {
    const { snapshot } = account({ prime: 'unknown' });
    const { page, core } = await ui(snapshot);
    await scrollToCard(page, 'Colors');
    const again = page.getByRole('button', { name: 'Check again' });
    expect(await again.isDisabled()).toBe(true);
    expect(await page.getByText('Already finding out: the next color change tells.').isVisible()).toBe(true);
    core.failNext.set('setColorOptions', new IpcFailure('internal', 'your settings could not be saved (disk full)'));
    await page.getByRole('radio', { name: 'Rainbow' }).click();
    await promptly(page.getByText('Your settings could not be saved (disk full).', { exact: true }));
  });
});

describe('20.2 errors go away when their cause does', () => {
  it('the empty channel name, the interval next to a saved value, and a network error after recovery', async () => {
    const { view, snapshot } = account();
    const { page, core } = await ui(snapshot);
    const channel = page.getByRole('textbox', { name: 'Add a channel' });
    await page.getByRole('button', { name: 'Add channel' }).click();
    const empty = page.getByText('Type the name of a Twitch channel.');
    await promptly(empty);
    await channel.fill('dave');
    await empty.waitFor({ state: 'hidden', timeout: 1000 });

    const interval = page.getByRole('spinbutton', { name: 'Minimum interval in seconds' });
    await interval.fill('-3');
    await interval.press('Tab');
    const bad = page.getByText('Use a whole number of seconds from 0 to 3600.');
    await promptly(bad);
    await interval.fill('30');
    await interval.press('Tab');
    await expect.poll(() => core.callsOf('setColorOptions').at(-1)).toEqual([view.id, { minIntervalSec: 30 }]);
    await bad.waitFor({ state: 'hidden', timeout: 1000 });

    core.failNext.set('setChannelEnabled', new IpcFailure('network', 'Can’t reach Twitch. Check your internet connection.'));
    core.changeAccount(view.id, (target) => {
      target.state = 'degraded';
      target.reasonCode = 'offline';
      target.reason = REASON_TEXT.offline;
    });
    await page.locator('li.channel[data-login="babbage_streams"]').getByRole('switch').click();
    const offline = page.locator('li.channel').getByText('Can’t reach Twitch. Check your internet connection.');
    await promptly(offline);
    core.changeAccount(view.id, (target) => {
      target.state = 'active';
      target.reasonCode = null;
      target.reason = null;
    });
    await offline.waitFor({ state: 'hidden', timeout: 2000 });
  });
});

describe('20.3 a wrong client ID', () => {
  it('login: "Change client ID" right in the dialog; the new ID is checked with Twitch, saved, and a code follows', async () => {
    const { page, core } = await ui();
    core.failNext.set('startLogin', new IpcFailure('invalid_client', 'Twitch does not know this client ID (it answered “invalid client”). Copy the Client ID again from your application at dev.twitch.tv/console/apps.'));
    await page.getByRole('main').getByRole('button', { name: 'Add account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add account' });
    const change = dialog.getByRole('button', { name: 'Change client ID' });
    await promptly(change);
    expect(await change.evaluate((el) => el === document.activeElement && el.classList.contains('btn-primary'))).toBe(true);
    await change.click();
    const field = dialog.getByRole('textbox', { name: 'Client ID of your Twitch application' });
    await expect.poll(() => field.inputValue()).toBe('gp762nuuoqcoxypju8c569th9wz7q5');
    await field.fill('abcdefghij0123456789klmnopqrst');
    await dialog.getByRole('button', { name: 'Save and get a code' }).click();
    await dialog.getByTestId('user-code').waitFor();
    expect(core.callsOf('checkClientId')).toEqual([['abcdefghij0123456789klmnopqrst']]);
    expect(core.callsOf('setClientId')).toEqual([['abcdefghij0123456789klmnopqrst']]);
  });

  it('settings: an ID Twitch does not know is refused under the field and not saved', async () => {
    const { snapshot } = account();
    const { page, core } = await ui(snapshot);
    core.unknownClientIds.add('unknownunknownunknown12345');
    await page.getByRole('button', { name: 'Settings' }).click();
    const field = page.getByRole('textbox', { name: 'Client ID' });
    await field.fill('unknownunknownunknown12345');
    await page.getByRole('button', { name: 'Save' }).click();
    const error = page.getByText('Twitch does not know this client ID', { exact: false });
    await promptly(error);
    expect(await field.getAttribute('aria-describedby')).toContain(await error.getAttribute('id'));
    expect(core.callsOf('setClientId')).toEqual([]);
  });
});

describe('20.4 links', () => {
  it('the developer console is a link opening a new tab; Copy says "Copied"', async () => {
    const { page, context } = await ui(snapshotOf({ settings: { clientId: null, builtInClientId: null, checkForUpdates: true, startOnBoot: false, startHidden: false, startOnBootSupported: true, startHiddenSupported: true } }));
    await context.route('https://dev.twitch.tv/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>console</title>' }));
    const link = page.getByRole('link', { name: /Open the Twitch developer console/ });
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await tab.waitForLoadState();
    expect(tab.url()).toBe('https://dev.twitch.tv/console/apps');
    await tab.close();
    const copy = page.getByRole('button', { name: 'Copy the address of the Twitch developer console' });
    await copy.click();
    await promptly(copy.getByText('Copied'));
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('https://dev.twitch.tv/console/apps');
  });
});

describe('20.5 "Paused" and "Changes off"', () => {
  it('the app-wide pause reads "Paused"; one account switched off reads "Changes off", in its badge and the sidebar', async () => {
    const on = accountOf();
    const off = accountOf({ login: 'grace_hopper', displayName: 'GraceHopper', enabled: false, state: 'paused', reasonCode: 'changes_off', reason: REASON_TEXT.changes_off });
    const { page, core } = await ui(snapshotOf({ accounts: [on, off] }));
    expect(await page.getByRole('button', { name: 'GraceHopper, Changes off' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'GraceHopper, Changes off' }).click();
    expect(await textOf(page.getByTestId('state-badge'))).toBe('Changes off');
    core.change((state) => {
      state.paused = true;
      for (const account of state.accounts) if (account.enabled) Object.assign(account, { state: 'paused', reasonCode: null, reason: null });
    });
    await promptly(page.getByRole('button', { name: 'Ada_Lovelace, Paused' }));
    expect(await page.getByRole('button', { name: 'GraceHopper, Changes off' }).isVisible()).toBe(true);
  });
});

describe('20.6 the word "Mode"', () => {
  it('is a group label: clicking it changes nothing', async () => {
    const { snapshot } = account({ color: { mode: 'rainbow', palette: [], paletteOrder: 'random', minIntervalSec: 0 } });
    const { page, core } = await ui(snapshot);
    await page.getByText('Mode', { exact: true }).click();
    expect(await page.getByRole('radio', { name: 'Rainbow' }).isChecked()).toBe(true);
    expect(core.callsOf('setColorOptions')).toEqual([]);
  });
});

describe('20.8 a long display name', () => {
  it('is cut with an ellipsis at 740 px, whole on hover and for assistive tech, and clear of the switch', async () => {
    const long = 'The_Incredibly_Long_Display_Name_Of_A_Streamer';
    const { snapshot } = account({ displayName: long, state: 'degraded', reasonCode: 'chat_dropped', reason: REASON_TEXT.chat_dropped });
    const { page } = await ui(snapshot);
    await page.setViewportSize({ width: 740, height: 600 });
    const heading = page.getByRole('heading', { name: long, level: 1 });
    expect(await heading.getAttribute('title')).toBe(long);
    expect(await heading.evaluate((el) => el.scrollWidth > el.clientWidth && getComputedStyle(el).textOverflow === 'ellipsis')).toBe(true);
    const boxes = await Promise.all([page.getByTestId('state-badge'), heading, page.locator('.account-enable')].map((l) => l.boundingBox()));
    const [badge, name, enable] = boxes.map((b) => b ?? { x: 0, y: 0, width: 0, height: 0 });
    const apart = (a: typeof badge, b: typeof badge) => a!.x + a!.width <= b!.x || b!.x + b!.width <= a!.x || a!.y + a!.height <= b!.y || b!.y + b!.height <= a!.y;
    expect(apart(badge, enable)).toBe(true);
    expect(apart(name, enable)).toBe(true);
    expect(await page.getByRole('button', { name: `${long}, Retrying` }).getAttribute('title')).toBe(long);
  });
});

describe('20.9 recent colors never repeat', () => {
  it('the same color again (a home color put back over itself) replaces the newest instead of showing twice', async () => {
    const { view, snapshot } = account();
    const { page, core } = await ui(snapshot);
    const items = page.getByTestId('history').locator('li');
    expect(await items.count()).toBe(7);
    core.emit({ type: 'color:changed', payload: { accountId: view.id, login: view.login, color: 'dodger_blue', at: Date.now() } });
    await expect.poll(() => items.first().getAttribute('aria-label')).toBe('Dodger blue, just now');
    expect(await items.count()).toBe(7);
  });
});

describe('20.10 each account page opens at its top', () => {
  it('scrolled down on one account, switching to another starts at the top', async () => {
    const { page } = await ui(snapshotOf({ accounts: [accountOf(), accountOf({ login: 'grace_hopper', displayName: 'GraceHopper' })] }));
    await scrollToCard(page, 'Account');
    expect(await page.locator('#main').evaluate((el) => el.scrollTop)).toBeGreaterThan(200);
    await page.getByRole('button', { name: 'GraceHopper, Active' }).click();
    await page.getByRole('heading', { name: 'GraceHopper', level: 1 }).waitFor();
    expect(await page.locator('#main').evaluate((el) => el.scrollTop)).toBe(0);

    // Removing the account at the bottom of its page: the next account's page opens at its top too.
    await scrollToCard(page, 'Account');
    await page.getByRole('button', { name: 'Remove account…' }).click();
    await page.getByRole('dialog', { name: 'Remove GraceHopper?' }).getByRole('button', { name: 'Remove account' }).click();
    await page.getByRole('heading', { name: 'Ada_Lovelace', level: 1 }).waitFor();
    expect(await page.locator('#main').evaluate((el) => el.scrollTop)).toBe(0);
  });
});

describe('20.11 the access token', () => {
  it('leaves the address bar and the history once the page holds it; a reload still connects', async () => {
    const { snapshot, view } = account();
    const { page, harness } = await ui(snapshot);
    await page.getByRole('heading', { name: view.displayName, level: 1 }).waitFor();
    expect(page.url()).toBe(`${harness.bridge.origin}/`);
    // Replaced, not pushed: the entry in the history has no token either.
    await page.goBack();
    expect(page.url()).toBe('about:blank');
    await page.goForward();
    expect(page.url()).toBe(`${harness.bridge.origin}/`);
    await page.reload();
    await page.getByRole('heading', { name: view.displayName, level: 1 }).waitFor();
    expect(page.url()).not.toContain(harness.bridge.token);
  });
});

describe('20.13 one name for one action', () => {
  it('"Add account" everywhere a new account is added; "Log in with Twitch" is not a button', async () => {
    const { page } = await ui();
    await page.getByRole('heading', { name: 'Add your Twitch account' }).waitFor();
    expect(await page.getByRole('button', { name: 'Add account' }).count()).toBe(2);
    expect(await page.getByRole('button', { name: /Log in with Twitch/ }).count()).toBe(0);
    await page.getByRole('main').getByRole('button', { name: 'Add account' }).click();
    expect(await page.getByRole('dialog', { name: 'Add account' }).isVisible()).toBe(true);
  });
});
