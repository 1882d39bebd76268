import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAutoStart } from '../../../electron/auto-start/auto-start.js';
import { formatDesktopEntry, isActiveAutostartEntry, parseDesktopEntry, quoteExecArg, splitExec } from '../../../electron/auto-start/desktop-entry.js';
import { autostartFilePath, linuxAutoStart } from '../../../electron/auto-start/linux-auto-start.js';
import { app, resetFakeElectron } from '../../fakes/electron.js';

let config: string;
beforeEach(() => {
  config = mkdtempSync(join(tmpdir(), 'cc-xdg-'));
});
afterEach(() => {
  rmSync(config, { recursive: true, force: true });
  resetFakeElectron();
});

const entryFile = (): string => join(config, 'autostart', 'twitch-colorchanger.desktop');
const readEntry = (): Map<string, string> => parseDesktopEntry(readFileSync(entryFile(), 'utf8'));

describe('Linux auto-start against a temporary XDG_CONFIG_HOME', () => {
  it('writes an entry that starts the packaged app hidden, reads it back, and removes it', async () => {
    const autoStart = linuxAutoStart({ env: { XDG_CONFIG_HOME: config }, execPath: '/opt/Twitch ColorChanger/twitch-colorchanger', isPackaged: true, appPath: '/unused' });
    expect((await autoStart.status()).state).toBe('off');

    await autoStart.setEnabled(true);
    const keys = readEntry();
    expect(keys.get('Type')).toBe('Application');
    expect(keys.get('Name')).toBe('Twitch ColorChanger');
    expect(keys.get('Exec')).toBe('"/opt/Twitch ColorChanger/twitch-colorchanger" --hidden');
    expect(splitExec(keys.get('Exec') ?? '')).toEqual(['/opt/Twitch ColorChanger/twitch-colorchanger', '--hidden']);
    expect(statSync(entryFile()).mode & 0o600).toBe(0o600);
    expect(readdirSync(join(config, 'autostart'))).toEqual(['twitch-colorchanger.desktop']);
    expect((await autoStart.status()).state).toBe('on');

    await autoStart.setEnabled(false);
    expect(() => statSync(entryFile())).toThrow(/ENOENT/);
    expect((await autoStart.status()).state).toBe('off');
    await autoStart.setEnabled(false); // removing twice is fine
  });

  it('uses $APPIMAGE for Exec inside an AppImage (execPath is a temporary mount)', async () => {
    const autoStart = linuxAutoStart({
      env: { XDG_CONFIG_HOME: config, APPIMAGE: '/home/me/Apps/Twitch ColorChanger-0.1.0.AppImage' },
      execPath: '/tmp/.mount_TwitchXYZ/twitch-colorchanger',
      isPackaged: true,
      appPath: '/unused',
    });
    await autoStart.setEnabled(true);
    expect(splitExec(readEntry().get('Exec') ?? '')).toEqual(['/home/me/Apps/Twitch ColorChanger-0.1.0.AppImage', '--hidden']);
  });

  it('starts an unpackaged run through Electron with the app folder', async () => {
    const autoStart = linuxAutoStart({ env: { XDG_CONFIG_HOME: config }, execPath: '/repo/node_modules/electron/dist/electron', isPackaged: false, appPath: '/repo' });
    await autoStart.setEnabled(true);
    expect(splitExec(readEntry().get('Exec') ?? '')).toEqual(['/repo/node_modules/electron/dist/electron', '/repo', '--hidden']);
  });

  it('reads back the real state: an entry the desktop disabled, or one the user deleted, is off', async () => {
    const autoStart = linuxAutoStart({ env: { XDG_CONFIG_HOME: config }, execPath: '/usr/bin/twitch-colorchanger', isPackaged: true, appPath: '/' });
    await autoStart.setEnabled(true);
    // GNOME's "Startup Applications" switch writes this key instead of deleting the file.
    writeFileSync(entryFile(), readFileSync(entryFile(), 'utf8').replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'));
    expect((await autoStart.status()).state).toBe('off');
    writeFileSync(entryFile(), `${formatDesktopEntry({ name: 'x', comment: 'y', exec: ['/usr/bin/x'] })}Hidden=true\n`);
    expect((await autoStart.status()).state).toBe('off');
    rmSync(entryFile());
    expect((await autoStart.status()).state).toBe('off');
  });

  it('ignores a relative XDG_CONFIG_HOME and uses ~/.config, as the spec says', () => {
    expect(autostartFilePath({ XDG_CONFIG_HOME: 'relative/dir' }, '/home/me')).toBe('/home/me/.config/autostart/twitch-colorchanger.desktop');
    expect(autostartFilePath({}, '/home/me')).toBe('/home/me/.config/autostart/twitch-colorchanger.desktop');
    expect(autostartFilePath({ XDG_CONFIG_HOME: config }, '/home/me')).toBe(entryFile());
  });

  it('creates the autostart folder when it does not exist and replaces an older entry', async () => {
    mkdirSync(join(config, 'autostart'));
    writeFileSync(entryFile(), '[Desktop Entry]\nType=Application\nExec=/old/path\n');
    const autoStart = linuxAutoStart({ env: { XDG_CONFIG_HOME: config }, execPath: '/new/path', isPackaged: true, appPath: '/' });
    await autoStart.setEnabled(true);
    expect(splitExec(readEntry().get('Exec') ?? '')).toEqual(['/new/path', '--hidden']);
  });

  it('is what createAutoStart picks on Linux', async () => {
    const autoStart = createAutoStart({ platform: 'linux', env: { XDG_CONFIG_HOME: config }, execPath: '/usr/bin/tcc', app });
    await autoStart?.setEnabled(true);
    expect(readEntry().get('Exec')).toContain('--hidden');
  });
});

describe('desktop entry quoting', () => {
  it.each([
    ['/usr/bin/plain', '/usr/bin/plain'],
    ['/with space/app', '"/with space/app"'],
    ['/odd/"quote"$`\\', '"/odd/\\"quote\\"\\$\\`\\\\"'],
    ['100%', '100%%'],
    ['', '""'],
  ])('%s round-trips through Exec', (arg, quoted) => {
    expect(quoteExecArg(arg)).toBe(quoted);
    const text = formatDesktopEntry({ name: 'n', comment: 'c', exec: [arg, '--hidden'] });
    expect(splitExec(parseDesktopEntry(text).get('Exec') ?? '')).toEqual([arg, '--hidden']);
  });

  it('keeps names on one line and reads only the [Desktop Entry] group', () => {
    const text = formatDesktopEntry({ name: 'Two\nLines', comment: 'c', exec: ['/x'] });
    expect(text.split('\n').filter((line) => line.startsWith('Name='))).toEqual(['Name=Two Lines']);
    const keys = parseDesktopEntry('# comment\n[Desktop Action other]\nExec=/evil\n[Desktop Entry]\nType=Application\nExec=/good\n');
    expect(keys.get('Exec')).toBe('/good');
    expect(isActiveAutostartEntry(keys)).toBe(true);
    expect(isActiveAutostartEntry(new Map([['Type', 'Application']]))).toBe(false);
  });
});
