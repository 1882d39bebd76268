import { afterEach, describe, expect, it } from 'vitest';
import { createAutoStart } from '../../../electron/auto-start/auto-start.js';
import { app, fakeOs, resetFakeElectron } from '../../fakes/electron.js';

afterEach(() => resetFakeElectron());

function loginItemOn(platform: 'win32' | 'darwin', options: { packaged: boolean; execPath?: string }) {
  fakeOs.platform = platform;
  app.isPackaged = options.packaged;
  app.appPath = platform === 'win32' ? 'C:\\src\\twitch-colorchanger' : '/Users/dev/twitch-colorchanger';
  const autoStart = createAutoStart({ platform, env: {}, execPath: options.execPath ?? process.execPath, app });
  if (!autoStart) throw new Error('no auto-start');
  return autoStart;
}

describe('login-item auto-start (macOS, Windows)', () => {
  it('Windows, installed: registers the app with --hidden and reads it back with the same command', async () => {
    const autoStart = loginItemOn('win32', { packaged: true });
    expect(await autoStart.status()).toEqual({ state: 'off', note: null });
    await autoStart.setEnabled(true);
    expect(app.loginItem).toMatchObject({ registered: true, path: process.execPath, args: ['--hidden'] });
    expect(await autoStart.status()).toEqual({ state: 'on', note: null });
    await autoStart.setEnabled(false);
    expect(await autoStart.status()).toEqual({ state: 'off', note: null });
  });

  it('defect 6: Windows, a development run: the login item launches Electron WITH this app folder, not bare Electron', async () => {
    const autoStart = loginItemOn('win32', { packaged: false });
    await autoStart.setEnabled(true);
    expect(app.loginItem).toMatchObject({ registered: true, path: process.execPath, args: ['C:\\src\\twitch-colorchanger', '--hidden'] });
    expect((await autoStart.status()).state).toBe('on');
  });

  it('Windows reports off when the registered entry is not ours (other arguments)', async () => {
    const autoStart = loginItemOn('win32', { packaged: true });
    app.setLoginItemSettings({ openAtLogin: true, args: ['--something-else'] });
    expect((await autoStart.status()).state).toBe('off');
  });

  it('Windows: an entry turned off in Task Manager is shown as waiting for the user, with where to turn it on', async () => {
    const autoStart = loginItemOn('win32', { packaged: true });
    await autoStart.setEnabled(true);
    app.loginItem.startupApproved = false;
    expect(await autoStart.status()).toEqual({ state: 'needs-approval', note: expect.stringMatching(/Task Manager › Startup apps/) });
  });

  it('macOS, installed: registers the app itself (no arguments) and reads its status back', async () => {
    const autoStart = loginItemOn('darwin', { packaged: true });
    await autoStart.setEnabled(true);
    expect(app.loginItem.macStatus).toBe('enabled');
    expect(await autoStart.status()).toEqual({ state: 'on', note: null });
  });

  it('defect 6: macOS, a development run: the switch is not offered (it would register Electron.app), and it says why', async () => {
    const autoStart = loginItemOn('darwin', { packaged: false });
    expect(await autoStart.status()).toEqual({ state: 'unavailable', note: expect.stringMatching(/needs the installed app/) });
    await autoStart.setEnabled(true);
    expect(app.loginItem.macStatus).toBe('not-registered');
  });

  it('defect 7: macOS 13+ holding the login item for approval is "needs approval" with how to give it, not "off"', async () => {
    const autoStart = loginItemOn('darwin', { packaged: true });
    app.loginItem.macRegisterAs = 'requires-approval';
    await autoStart.setEnabled(true);
    expect(await autoStart.status()).toEqual({
      state: 'needs-approval',
      note: 'macOS needs your approval: open System Settings › General › Login Items and allow Twitch ColorChanger.',
    });
  });

  it('is absent on platforms without one', () => {
    expect(createAutoStart({ platform: 'freebsd', env: {}, execPath: '/x', app })).toBeNull();
  });
});
