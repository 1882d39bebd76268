import { afterEach, describe, expect, it } from 'vitest';
import { createAutoStart } from '../../../electron/auto-start/auto-start.js';
import { app, resetFakeElectron } from '../../fakes/electron.js';

afterEach(() => resetFakeElectron());

describe('login-item auto-start (macOS, Windows)', () => {
  it('Windows registers the app with --hidden and reads it back with the same arguments', async () => {
    const autoStart = createAutoStart({ platform: 'win32', env: {}, execPath: 'C:\\app.exe', app });
    expect(await autoStart?.isEnabled()).toBe(false);
    await autoStart?.setEnabled(true);
    expect(app.loginItem).toMatchObject({ openAtLogin: true, args: ['--hidden'] });
    expect(await autoStart?.isEnabled()).toBe(true);
    await autoStart?.setEnabled(false);
    expect(await autoStart?.isEnabled()).toBe(false);
  });

  it('Windows reports off when the registered entry is not ours (other arguments)', async () => {
    app.setLoginItemSettings({ openAtLogin: true, args: ['--something-else'] });
    expect(await createAutoStart({ platform: 'win32', env: {}, execPath: 'C:\\app.exe', app })?.isEnabled()).toBe(false);
  });

  it('macOS uses the login item without arguments', async () => {
    const autoStart = createAutoStart({ platform: 'darwin', env: {}, execPath: '/Applications/x', app });
    await autoStart?.setEnabled(true);
    expect(app.loginItem).toMatchObject({ openAtLogin: true, args: [] });
    expect(await autoStart?.isEnabled()).toBe(true);
  });

  it('is absent on platforms without one', () => {
    expect(createAutoStart({ platform: 'freebsd', env: {}, execPath: '/x', app })).toBeNull();
  });
});
