import { afterEach, describe, expect, it } from 'vitest';
import { createAutoStart } from '../../../electron/auto-start/auto-start.js';
import { app, fakeOs, resetFakeElectron } from '../../fakes/electron.js';

afterEach(() => resetFakeElectron());

describe('login-item auto-start (macOS, Windows)', () => {
  it('Windows registers the app with --hidden and reads it back with the same arguments', async () => {
    fakeOs.platform = 'win32';
    const autoStart = createAutoStart({ platform: 'win32', env: {}, execPath: 'C:\\app.exe', app });
    expect(await autoStart?.isEnabled()).toBe(false);
    await autoStart?.setEnabled(true);
    expect(app.loginItem).toMatchObject({ registered: true, args: ['--hidden'] });
    expect(await autoStart?.isEnabled()).toBe(true);
    await autoStart?.setEnabled(false);
    expect(await autoStart?.isEnabled()).toBe(false);
  });

  it('Windows reports off when the registered entry is not ours (other arguments)', async () => {
    fakeOs.platform = 'win32';
    app.setLoginItemSettings({ openAtLogin: true, args: ['--something-else'] });
    expect(await createAutoStart({ platform: 'win32', env: {}, execPath: 'C:\\app.exe', app })?.isEnabled()).toBe(false);
  });

  it('macOS uses the login item without arguments', async () => {
    fakeOs.platform = 'darwin';
    const autoStart = createAutoStart({ platform: 'darwin', env: {}, execPath: '/Applications/x', app });
    await autoStart?.setEnabled(true);
    expect(app.loginItem).toMatchObject({ macStatus: 'enabled' });
    expect(await autoStart?.isEnabled()).toBe(true);
  });

  it('is absent on platforms without one', () => {
    expect(createAutoStart({ platform: 'freebsd', env: {}, execPath: '/x', app })).toBeNull();
  });
});
