import type { MenuItemConstructorOptions } from 'electron';

/**
 * The window's menu bar. macOS keeps its standard menus (Quit, copy and paste shortcuts).
 * Elsewhere the tray menu has every action and the window needs no menu bar, unless there
 * is no tray: then the window must offer Quit itself, since closing it is no longer a
 * way to keep the app in the background.
 */
export function appMenuTemplate(input: { platform: NodeJS.Platform; hasTray: boolean }): MenuItemConstructorOptions[] | null {
  if (input.platform === 'darwin') {
    return [{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }];
  }
  if (input.hasTray) return null;
  return [{ label: '&App', submenu: [{ role: 'quit', label: 'Quit Twitch ColorChanger', accelerator: 'CmdOrCtrl+Q' }] }, { role: 'editMenu' }];
}
