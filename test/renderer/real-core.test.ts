import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CoreHarness } from '../support/core-harness.js';
import { waitFor } from '../support/wait-for.js';
import { screenshots } from './support/harness.js';
import { TWITCH_ROUND_TRIPS_MS, backgroundHex, channelRow, ringHex, useRealCore } from './support/real-core.js';
import { textOf } from './support/suite.js';

/**
 * The real renderer, IPC handlers, WebSocket bridge and core, with the fake Twitch behind
 * them. Each test acts as the user in the page and checks both what the page shows and
 * what Twitch saw. Screens are saved as test/artifacts/renderer-real-core-*.png.
 */
const open = useRealCore();

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

function enabledSubscriptions(h: CoreHarness, broadcaster: string): number {
  const id = h.fake.user(broadcaster).id;
  return h.fake.subscriptions().filter((s) => s.status === 'enabled' && s.broadcasterUserId === id && s.type === 'channel.chat.message').length;
}

async function seedAlice(h: CoreHarness, channels = ['alice', 'bob']): Promise<void> {
  const { accountId } = await h.addAccount({ login: 'alice', channels });
  await h.waitForAccount(accountId, (a) => a.state === 'active' && a.channels.every((c) => c.subscription === 'live'), 'alice live');
}

describe('the renderer against the real core and the fake Twitch', () => {
  it('device login end to end: the code in the dialog is approved at Twitch, the dialog closes and the account appears with its channel live', async () => {
    const { page, h, opened } = await open();
    const zoe = h.fake.createUser({ login: 'zoe_streams' });
    await page.getByRole('heading', { name: 'Add your Twitch account' }).waitFor();
    await page.getByRole('main').getByRole('button', { name: 'Add account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add account' });
    const code = await textOf(dialog.getByTestId('user-code').filter({ hasText: /\S/ }));
    expect(h.fake.deviceLogins().map((login) => [login.userCode, login.state])).toEqual([[code, 'pending']]);

    // A link to the fake's activation page, which it serves like twitch.tv/activate; it opens in a new tab.
    const [tab] = await Promise.all([page.context().waitForEvent('page'), dialog.getByRole('link', { name: 'Open twitch.tv/activate' }).click()]);
    await tab.waitForLoadState();
    expect(tab.url()).toBe(`${h.fake.urls.auth.replace('/oauth2', '')}/activate?public=true&device-code=${code}`);
    await tab.close();
    expect(opened).toEqual([]);
    await screenshots(page, 'real-core-login');

    h.fake.approveDevice(code, zoe.id);
    await dialog.waitFor({ state: 'hidden', timeout: TWITCH_ROUND_TRIPS_MS });
    await page.getByRole('heading', { name: 'zoe_streams', level: 1, exact: true }).waitFor();
    const row = channelRow(page, 'zoe_streams');
    await row.getByText('Listening').waitFor({ timeout: TWITCH_ROUND_TRIPS_MS });
    expect(await page.getByRole('button', { name: 'zoe_streams, Active', exact: true }).isVisible()).toBe(true);
    expect(await textOf(page.getByTestId('state-badge'))).toBe('Active');

    expect(h.fake.log.requests({ method: 'POST', grantType: DEVICE_GRANT, status: 200 })).toHaveLength(1);
    expect(h.fake.subscriptions().filter((s) => s.status === 'enabled').map((s) => [s.broadcasterUserId, s.userId])).toEqual([[zoe.id, zoe.id]]);
    await screenshots(page, 'real-core-account');
  });

  it('R07 a channel toggle deletes the subscription at Twitch and creates it again', async () => {
    const { page, h } = await open({ seed: (h) => seedAlice(h) });
    const row = channelRow(page, 'bob');
    const toggle = row.getByRole('switch', { name: 'Listen in #bob' });
    await row.getByText('Listening').waitFor();
    expect(enabledSubscriptions(h, 'bob')).toBe(1);

    await toggle.click();
    await row.getByText('Off', { exact: true }).waitFor({ timeout: TWITCH_ROUND_TRIPS_MS });
    expect(await toggle.isChecked()).toBe(false);
    expect(enabledSubscriptions(h, 'bob')).toBe(0);
    expect(h.fake.log.requests({ method: 'DELETE', path: '/helix/eventsub/subscriptions', status: 204 })).toHaveLength(1);
    expect(enabledSubscriptions(h, 'alice')).toBe(1);

    await toggle.press('Space');
    await row.getByText('Listening').waitFor({ timeout: TWITCH_ROUND_TRIPS_MS });
    expect(await toggle.isChecked()).toBe(true);
    expect(enabledSubscriptions(h, 'bob')).toBe(1);
  });

  it('adding a channel Twitch does not know is an inline error and subscribes to nothing; a real one goes live', async () => {
    const { page, h } = await open({ seed: (h) => seedAlice(h, ['alice']) });
    await channelRow(page, 'alice').getByText('Listening').waitFor();
    const subscriptionsBefore = h.fake.subscriptions().length;
    const input = page.getByRole('textbox', { name: 'Add a channel' });
    await input.fill('#Nobody_Here_404');
    await input.press('Enter');
    const error = page.getByText('Twitch has no channel named "nobody_here_404"', { exact: false });
    await error.waitFor();
    expect(await input.getAttribute('aria-describedby')).toContain(await error.getAttribute('id'));
    expect(await page.locator('li.channel').count()).toBe(1);
    expect(h.fake.log.requests({ method: 'GET', path: '/helix/users' }).some((r) => r.query.login?.includes('nobody_here_404'))).toBe(true);
    expect(h.fake.subscriptions()).toHaveLength(subscriptionsBefore);
    await screenshots(page, 'real-core-channel-error');

    h.fake.createUser({ login: 'dave' });
    await input.fill('Dave');
    await page.getByRole('button', { name: 'Add channel' }).click();
    await channelRow(page, 'dave').getByText('Listening').waitFor({ timeout: TWITCH_ROUND_TRIPS_MS });
    expect(await error.isVisible()).toBe(false);
    expect(enabledSubscriptions(h, 'dave')).toBe(1);
  });

  it('a color change made after the user’s own message at Twitch appears first in the recent colors', async () => {
    const { page, h } = await open({ seed: (h) => seedAlice(h) });
    await channelRow(page, 'bob').getByText('Listening').waitFor();
    const userId = h.fake.user('alice').id;
    const history = page.getByTestId('history').locator('li');
    expect(await history.count()).toBe(0);

    h.fake.say({ channel: 'bob', chatter: 'alice', text: 'hello chat' });
    const [change] = await waitFor(() => (h.fake.log.colorChanges(userId).length === 1 ? h.fake.log.colorChanges(userId) : null), { timeoutMs: TWITCH_ROUND_TRIPS_MS });
    await expect.poll(() => history.count(), { timeout: 1000 }).toBe(1);
    expect(await history.first().getAttribute('aria-label')).toMatch(/, just now$/);
    expect(await backgroundHex(history.first().locator('.swatch'))).toBe(change?.hex);
    expect(await ringHex(page.getByRole('img', { name: /^Current color / }))).toBe(change?.hex);

    h.fake.say({ channel: 'alice', chatter: 'alice', text: 'and again' });
    await waitFor(() => h.fake.log.colorChanges(userId).length === 2, { timeoutMs: TWITCH_ROUND_TRIPS_MS });
    await expect.poll(() => history.count(), { timeout: 1000 }).toBe(2);
    expect(await backgroundHex(history.first().locator('.swatch'))).toBe(h.fake.log.colorChanges(userId)[1]?.hex);
    await page.getByRole('heading', { name: 'Colors' }).evaluate((heading) => heading.closest('section')?.scrollIntoView({ block: 'start' }));
    await screenshots(page, 'real-core-colors');
  });

  it('shows the Twitch profile picture the core fetched and cached, served by the app, in a ring of the current color (issue 17)', async () => {
    const { page, h, served } = await open({ seed: (h) => seedAlice(h) });
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(served.bridge.origin) && !request.url().startsWith('ws://')) elsewhere.push(request.url());
    });
    const picture = page.locator('.account-header .avatar-img');
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: TWITCH_ROUND_TRIPS_MS }).toBe(300);
    const src = await picture.evaluate((img: HTMLImageElement) => img.src);
    expect(src).toMatch(new RegExp(`^${served.bridge.origin}/avatars/${h.fake.user('alice').id}-[0-9a-f]{12}\\.png$`));
    expect(readdirSync(join(h.dataDir, 'avatars'))).toEqual([src.split('/').at(-1)]);
    // The picture came from the fake's CDN to the core, never to the page.
    expect(h.fake.log.requests({ method: 'GET', path: /^\/jtv_user_pictures\// })).toHaveLength(1);

    h.fake.say({ channel: 'alice', chatter: 'alice', text: 'hi' });
    const userId = h.fake.user('alice').id;
    const [change] = await waitFor(() => (h.fake.log.colorChanges(userId).length === 1 ? h.fake.log.colorChanges(userId) : null), { timeoutMs: TWITCH_ROUND_TRIPS_MS });
    await expect.poll(() => ringHex(page.getByRole('img', { name: /^Current color / })), { timeout: 2000 }).toBe(change?.hex);
    await screenshots(page, 'real-core-avatar');
    expect(elsewhere).toEqual([]);
  });

  it('revoked tokens show "Log in again", and logging in again brings the subscriptions back', async () => {
    const { page, h } = await open({ seed: (h) => seedAlice(h, ['alice']) });
    await channelRow(page, 'alice').getByText('Listening').waitFor();
    h.fake.revokeUserTokens('alice');

    const relogin = page.getByRole('button', { name: 'Log in again' });
    await relogin.waitFor({ timeout: TWITCH_ROUND_TRIPS_MS });
    expect(await textOf(page.getByTestId('state-badge'))).toBe('Needs login');
    expect(await textOf(page.getByTestId('state-reason'))).toMatch(/log in again/i);
    expect(await page.getByRole('button', { name: 'alice, Needs login', exact: true }).isVisible()).toBe(true);
    expect(enabledSubscriptions(h, 'alice')).toBe(0);
    await screenshots(page, 'real-core-needs-login');

    await relogin.click();
    const code = await textOf(page.getByRole('dialog').getByTestId('user-code').filter({ hasText: /\S/ }));
    h.fake.approveDevice(code, 'alice');
    await page.getByRole('button', { name: 'Log in again' }).waitFor({ state: 'hidden', timeout: TWITCH_ROUND_TRIPS_MS });
    await channelRow(page, 'alice').getByText('Listening').waitFor({ timeout: TWITCH_ROUND_TRIPS_MS });
    expect(await textOf(page.getByTestId('state-badge'))).toBe('Active');
    expect(enabledSubscriptions(h, 'alice')).toBe(1);
    expect(h.core.snapshot().accounts).toHaveLength(1);
  });

  it('the login window (#login) opens the device-code dialog at once and closes itself when the login succeeds or is cancelled', async () => {
    // Electron closes the BrowserWindow on window.close(); a browser tab would ignore it, so the calls are counted.
    const countCloses = (): void => {
      const scope = window as unknown as { closeCalls: number };
      scope.closeCalls = 0;
      window.close = () => void (scope.closeCalls += 1);
    };
    const { page, h } = await open({ page: { hash: '#login', viewport: { width: 520, height: 640 }, initScript: countCloses } });
    const ana = h.fake.createUser({ login: 'ana_codes' });
    const closeCalls = (): Promise<number> => page.evaluate(() => (window as unknown as { closeCalls: number }).closeCalls);
    const dialog = page.getByRole('dialog', { name: 'Add account' });
    const code = await textOf(dialog.getByTestId('user-code').filter({ hasText: /\S/ }));
    await screenshots(page, 'real-core-login-window');

    h.fake.approveDevice(code, ana.id);
    await expect.poll(closeCalls, { timeout: TWITCH_ROUND_TRIPS_MS }).toBe(1);
    expect(await dialog.isVisible()).toBe(false);
    expect(await page.evaluate(() => location.hash)).toBe('');
    expect(h.core.snapshot().accounts.map((a) => a.login)).toEqual(['ana_codes']);
    // Where the window stays open (a browser tab), it is the ordinary app on the new account.
    await page.getByRole('heading', { name: 'ana_codes', level: 1, exact: true }).waitFor();

    await page.evaluate(() => {
      location.hash = '#login';
    });
    await page.reload();
    await dialog.getByTestId('user-code').filter({ hasText: /\S/ }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(closeCalls).toBe(1);
    await expect.poll(() => h.events.filter((e) => e.type === 'login:progress' && e.payload.status === 'cancelled').length).toBe(1);
    expect(h.fake.deviceLogins().map((login) => login.state)).toEqual(['used', 'pending']);
  });

  it('R33 the bridge refuses a page or a WebSocket without its token, and nothing reaches the core', async () => {
    const { page, h, served, errors } = await open({ seed: (h) => seedAlice(h, ['alice']) });
    await channelRow(page, 'alice').getByText('Listening').waitFor();
    const { bridge, logs } = served;

    // A browser that never opened the bridge's URL has no token cookie either.
    const stranger = await page.context().browser()?.newContext();
    const strangerPage = await stranger?.newPage();
    expect((await strangerPage?.goto(`${bridge.origin}/`))?.status()).toBe(403);
    expect((await strangerPage?.goto(`${bridge.origin}/?token=${'x'.repeat(bridge.token.length)}`))?.status()).toBe(403);
    await stranger?.close();

    // From the bridge's own page (right origin, cookie set): a socket without the token, then one with it.
    const tryPause = (url: string): Promise<string> =>
      page.evaluate(
        (target) =>
          new Promise<string>((resolve) => {
            const socket = new WebSocket(target);
            socket.onopen = () => socket.send(JSON.stringify({ id: 1, command: 'app:set-paused', payload: { paused: true } }));
            socket.onmessage = (message) => {
              const data = JSON.parse(String(message.data)) as { id?: number; result?: { ok: boolean } };
              if (data.id === 1) {
                socket.close();
                resolve(`answered:${String(data.result?.ok)}`);
              }
            };
            socket.onclose = (event) => resolve(`closed:${event.code}`);
          }),
        url,
      );
    const wsUrl = new URL(bridge.wsUrl);
    wsUrl.search = '';
    // Refused before the upgrade (HTTP 403), so the page's socket fails without ever opening.
    expect(await tryPause(wsUrl.href)).toBe('closed:1006');
    wsUrl.searchParams.set('token', 'y'.repeat(bridge.token.length));
    expect(await tryPause(wsUrl.href)).toBe('closed:1006');
    expect(h.core.snapshot().paused).toBe(false);
    // Chromium reports each refused handshake on the console; these two were asked for.
    const refusedHandshakes = errors.filter((line) => /WebSocket connection to .* failed.*403/.test(line));
    expect(refusedHandshakes).toHaveLength(2);
    errors.splice(0, errors.length, ...errors.filter((line) => !refusedHandshakes.includes(line)));
    // (The stranger's browser also asked for /favicon.ico, refused the same way.)
    const refused = logs.records.filter((r) => r.event === 'bridge.refused' && r.fields?.path !== '/favicon.ico');
    expect(refused.map((r) => [r.fields?.transport, r.fields?.reason])).toEqual([
      ['http', 'missing_token'],
      ['http', 'bad_token'],
      ['ws', 'missing_token'],
      ['ws', 'bad_token'],
    ]);
    expect(JSON.stringify(logs.records)).not.toContain(bridge.token);

    // The same request with the token does reach the core, and the page shows it.
    expect(await tryPause(bridge.wsUrl)).toBe('answered:true');
    expect(h.core.snapshot().paused).toBe(true);
    await page.getByText('All automatic color changes are paused.').waitFor({ timeout: 1000 });
  });
});
