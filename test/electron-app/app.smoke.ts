import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ElectronApplication, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectTraySupport } from '../../electron/tray/tray-support.js';
import type { ColorChangerApi } from '../../src-core/ipc/api-shape.js';
import { type FakeTwitch, startFakeTwitch } from '../fake-twitch/index.js';
import { TWITCH_ROUND_TRIPS_MS, channelRow } from '../renderer/support/real-core.js';
import { textOf } from '../renderer/support/suite.js';
import { waitFor } from '../support/wait-for.js';
import { findProjectElectron } from './electron-binary.js';
import { inspectDataDir } from './support/data-dir-check.js';
import { type LaunchInput, exitOf, isRunning, launchApp, launchSecondInstance, visibleWindowCount } from './support/electron-app.js';

/**
 * The built app under a real Electron (`npm run test:electron`, never `npm test`): a fresh
 * data folder, the fake Twitch on 127.0.0.1 behind the TWITCH_* variables, and the user's
 * path through it: the window, the preload's API, a device login, a channel switched off
 * and on, the tray keeping the app alive with its window closed, a second launch bringing
 * the window back, and a quit that exits 0 leaving a valid store and no temp files.
 * The steps share one app and run in order.
 */
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

let fake: FakeTwitch;
let clientId: string;
let launch: LaunchInput;
let app: ElectronApplication;
let page: Page;
/** The data folder as the app names it (its control socket's path derives from this spelling). */
let appDataDir = '';
const pageErrors: string[] = [];

function enabledChatSubscriptions(login: string): number {
  const id = fake.user(login).id;
  return fake.subscriptions().filter((s) => s.status === 'enabled' && s.broadcasterUserId === id && s.type === 'channel.chat.message').length;
}

function environment(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
  return { ...env, ...extra };
}

beforeAll(async () => {
  const binary = findProjectElectron(PROJECT_ROOT, process.env);
  if (!binary.found) throw new Error(`No Electron binary: ${binary.reason}`);
  fake = await startFakeTwitch({ timings: { deviceIntervalSeconds: 0.05 } });
  clientId = fake.registerClient({ type: 'public' }).clientId;
  const dataDir = mkdtempSync(join(tmpdir(), 'tcc-electron-'));
  launch = {
    projectRoot: PROJECT_ROOT,
    dataDir,
    env: environment({ TWITCH_AUTH_URL: fake.urls.auth, TWITCH_API_URL: fake.urls.api, TWITCH_EVENTSUB_URL: fake.urls.eventsub }),
  };
  app = await launchApp(launch);
  page = await app.firstWindow();
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
});

afterAll(async () => {
  if (app && isRunning(app)) await app.close().catch(() => {});
  await fake?.close();
  // Chromium's helper processes may hold the profile a moment longer on Windows.
  if (launch) rmSync(launch.dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

describe('the built app under Electron', () => {
  it('opens its window on our page, with the sandboxed preload’s API answering', async () => {
    await page.waitForLoadState('domcontentloaded');
    expect(page.url()).toBe('app://colorchanger/index.html');
    const answer = await page.evaluate(() => (window as unknown as { colorChanger: ColorChangerApi }).colorChanger.app.snapshot({}));
    expect(answer).toMatchObject({ ok: true, data: { accounts: [] } });
    // Chromium makes the --user-data-dir path absolute its own way (macOS /var -> /private/var, Windows 8.3 names).
    appDataDir = answer.ok ? answer.data.paths.dataDir : '';
    expect(realpathSync.native(appDataDir)).toBe(realpathSync.native(launch.dataDir));
    // contextIsolation + sandbox: the page sees the bridge object and nothing of Node.
    expect(await page.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe('undefined');
  });

  it('logs in with the device code through the fake Twitch', async () => {
    const zoe = fake.createUser({ login: 'zoe_streams' });
    const field = page.getByRole('textbox', { name: 'Client ID' });
    await field.fill(clientId);
    await field.press('Enter');
    await page.getByRole('heading', { name: 'Add your Twitch account' }).waitFor();
    await page.getByRole('main').getByRole('button', { name: 'Add account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add account' });
    const code = await textOf(dialog.getByTestId('user-code').filter({ hasText: /\S/ }));
    expect(fake.deviceLogins().map((login) => [login.userCode, login.state])).toEqual([[code, 'pending']]);

    fake.approveDevice(code, zoe.id);
    await dialog.waitFor({ state: 'hidden', timeout: TWITCH_ROUND_TRIPS_MS });
    await page.getByRole('heading', { name: 'zoe_streams', level: 1, exact: true }).waitFor();
    await channelRow(page, 'zoe_streams').getByText('Listening').waitFor({ timeout: TWITCH_ROUND_TRIPS_MS });
    expect(enabledChatSubscriptions('zoe_streams')).toBe(1);
  });

  it('a channel switched off and on reaches the fake Twitch', async () => {
    const row = channelRow(page, 'zoe_streams');
    const toggle = row.getByRole('switch', { name: 'Listen in #zoe_streams' });
    await toggle.click();
    await row.getByText('Off', { exact: true }).waitFor({ timeout: TWITCH_ROUND_TRIPS_MS });
    expect(enabledChatSubscriptions('zoe_streams')).toBe(0);
    expect(fake.log.requests({ method: 'DELETE', path: '/helix/eventsub/subscriptions', status: 204 })).toHaveLength(1);

    await toggle.click();
    await row.getByText('Listening').waitFor({ timeout: TWITCH_ROUND_TRIPS_MS });
    expect(enabledChatSubscriptions('zoe_streams')).toBe(1);
  });

  it('has a tray: with its window closed the app keeps running, and a second launch brings the window back', async () => {
    // The app decides the same way (electron/tray/tray-support.ts) on the same desktop.
    const traySupport = await detectTraySupport({ platform: process.platform, env: process.env });
    await app.evaluate(({ BrowserWindow }) => {
      for (const window of BrowserWindow.getAllWindows()) window.close();
    });
    if (traySupport === 'no') {
      // A Linux desktop with no tray host (GNOME without AppIndicator): closing is quitting.
      expect(await exitOf(app)).toEqual({ code: 0, signal: null });
      console.log('test:electron: this desktop has no tray host; the app quit with its window, as designed');
      return;
    }
    await waitFor(async () => (await visibleWindowCount(app)) === 0, { timeoutMs: 5000, message: 'the window to close' });
    // Long enough for a quit to have happened if nothing held the app.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(isRunning(app)).toBe(true);

    expect(await launchSecondInstance(findBinary(), launch)).toBe(0);
    await waitFor(async () => (await visibleWindowCount(app)) === 1, { timeoutMs: 10_000, message: 'the second launch to show the window' });
  });

  it('quits with exit code 0, leaving a valid store, no temp files and no lock', async () => {
    if (isRunning(app)) {
      const exited = exitOf(app);
      // The process may be gone before it answers.
      await app.evaluate(({ app: electronApp }) => electronApp.quit()).catch(() => {});
      expect(await exited).toEqual({ code: 0, signal: null });
    }
    const report = inspectDataDir(appDataDir || launch.dataDir);
    expect(report.strayTempFiles).toEqual([]);
    expect(report.controlSocketLeft).toBe(false);
    if (!report.store.ok) throw new Error(`the store is not valid: ${report.store.problem}`);
    const { state } = report.store;
    expect(state.settings.clientId).toBe(clientId);
    expect(state.accounts.map((a) => [a.login, a.clientId, a.tokens !== undefined, a.channels.map((c) => [c.login, c.enabled])])).toEqual([
      ['zoe_streams', clientId, true, [['zoe_streams', true]]],
    ]);
    const log = readFileSync(join(launch.dataDir, 'logs', 'main.log'), 'utf8');
    expect(log).toContain('[app.quitting]');
    expect(log.split('\n').filter((line) => line.includes('[error]'))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

function findBinary(): string {
  const binary = findProjectElectron(PROJECT_ROOT, process.env);
  if (!binary.found) throw new Error(binary.reason);
  return binary.path;
}
