import { describe, expect, it } from 'vitest';
import { parseLaunchArgs, shouldStartHidden } from '../../electron/launch-options.js';

describe('starting hidden', () => {
  it('reads --hidden from the command line', () => {
    expect(parseLaunchArgs(['/usr/bin/tcc', '--hidden'])).toEqual({ hidden: true });
    expect(parseLaunchArgs(['/usr/bin/electron', '/repo'])).toEqual({ hidden: false });
  });

  it('hides with --hidden, or on a macOS login launch when the user chose to start hidden, but only with a usable tray', () => {
    const base = { launch: { hidden: false }, openedAtLogin: false, startHiddenSetting: true, trayUsable: true };
    expect(shouldStartHidden(base)).toBe(false);
    expect(shouldStartHidden({ ...base, launch: { hidden: true } })).toBe(true);
    expect(shouldStartHidden({ ...base, openedAtLogin: true })).toBe(true);
    expect(shouldStartHidden({ ...base, openedAtLogin: true, startHiddenSetting: false })).toBe(false);
    expect(shouldStartHidden({ ...base, launch: { hidden: true }, trayUsable: false })).toBe(false);
  });
});
