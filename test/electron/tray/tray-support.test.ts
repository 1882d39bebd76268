import { describe, expect, it } from 'vitest';
import { detectTraySupport, parseNameHasOwnerReply } from '../../../electron/tray/tray-support.js';

const probe = (answer: boolean | null) => async () => answer;

describe('tray support', () => {
  it('is always there on Windows and macOS', async () => {
    expect(await detectTraySupport({ platform: 'win32', env: {}, probe: probe(false) })).toBe('yes');
    expect(await detectTraySupport({ platform: 'darwin', env: {}, probe: probe(null) })).toBe('yes');
  });

  it('is there on Linux when a StatusNotifier host runs', async () => {
    expect(await detectTraySupport({ platform: 'linux', env: { XDG_CURRENT_DESKTOP: 'KDE' }, probe: probe(true) })).toBe('yes');
  });

  it('is missing on GNOME or Wayland without a StatusNotifier host (no XEmbed tray there)', async () => {
    expect(await detectTraySupport({ platform: 'linux', env: { XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' }, probe: probe(false) })).toBe('no');
    expect(await detectTraySupport({ platform: 'linux', env: { XDG_SESSION_TYPE: 'wayland' }, probe: probe(false) })).toBe('no');
  });

  it('is unknown on X11 without a host (an old XEmbed tray may exist) or when the bus cannot be asked', async () => {
    expect(await detectTraySupport({ platform: 'linux', env: { XDG_CURRENT_DESKTOP: 'i3', XDG_SESSION_TYPE: 'x11' }, probe: probe(false) })).toBe('unknown');
    expect(await detectTraySupport({ platform: 'linux', env: { XDG_CURRENT_DESKTOP: 'GNOME' }, probe: probe(null) })).toBe('unknown');
  });

  it('reads dbus-send replies', () => {
    expect(parseNameHasOwnerReply('method return time=1 sender=org.freedesktop.DBus\n   boolean true\n')).toBe(true);
    expect(parseNameHasOwnerReply('method return time=1\n   boolean false\n')).toBe(false);
    expect(parseNameHasOwnerReply('Error org.freedesktop.DBus.Error.ServiceUnknown')).toBeNull();
  });
});
