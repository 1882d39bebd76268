import { afterEach, describe, expect, it } from 'vitest';
import { TrayController } from '../../../electron/tray/tray-controller.js';
import type { TrayAction } from '../../../electron/tray/tray-menu.js';
import { MemoryLogSink, createLogger } from '../../../src-core/runtime/logger.js';
import { FakeTray, type FakeMenu, resetFakeElectron } from '../../fakes/electron.js';
import { makeAccount, makeSnapshot } from '../support/snapshots.js';

afterEach(() => resetFakeElectron());

const icons = { active: '/icons/tray-active.png', paused: '/icons/tray-paused.png', attention: '/icons/tray-attention.png' };

function setup() {
  const actions: TrayAction[] = [];
  const sink = new MemoryLogSink();
  const controller = TrayController.create(makeSnapshot(), {
    icons,
    platform: 'win32',
    logger: createLogger(sink),
    run: async (action) => void actions.push(action),
  });
  const tray = FakeTray.instances.at(-1);
  if (!controller || !tray) throw new Error('no tray');
  const menu = (): FakeMenu => {
    if (!tray.contextMenu) throw new Error('no menu set');
    return tray.contextMenu;
  };
  return { controller, tray, menu, actions, sink };
}

const imagePath = (image: unknown): string | null => (image as { path: string | null }).path;

describe('the tray icon', () => {
  it('shows the icon, tooltip and menu of the current state', () => {
    const { tray, menu } = setup();
    expect(imagePath(tray.image)).toBe(icons.active);
    expect(tray.tooltip).toBe('Twitch ColorChanger: 1 active');
    expect(menu().find(['Alice (active)', 'Change colors']).checked).toBe(true);
  });

  it('re-sets a freshly built menu, icon and tooltip on every state change', () => {
    const { controller, tray } = setup();
    const before = tray.menus.length;
    controller.update(makeSnapshot({ accounts: [makeAccount({ state: 'needs_login', reason: 'Log in again' })] }));
    expect(tray.menus.length).toBe(before + 1);
    expect(imagePath(tray.image)).toBe(icons.attention);
    expect(tray.tooltip).toBe('Twitch ColorChanger: 1 needs login');
    controller.update(makeSnapshot({ paused: true }));
    expect(tray.menus.length).toBe(before + 2);
    expect(imagePath(tray.image)).toBe(icons.paused);
    expect(tray.contextMenu?.find(['Resume all'])).toBeDefined();
  });

  it('menu clicks run their actions: pause, account and channel toggles, open, quit', () => {
    const { menu, actions } = setup();
    menu().click(['Pause all']);
    menu().click(['Alice (active)', 'Change colors']);
    menu().click(['Alice (active)', '#somechannel']);
    menu().click(['Open Twitch ColorChanger']);
    menu().click(['Quit']);
    expect(actions).toEqual([
      { kind: 'command', command: 'app:set-paused', request: { paused: true } },
      { kind: 'command', command: 'accounts:set-enabled', request: { accountId: 'acc-1', enabled: false } },
      { kind: 'command', command: 'channels:set-enabled', request: { accountId: 'acc-1', login: 'somechannel', enabled: false } },
      { kind: 'show-window' },
      { kind: 'quit' },
    ]);
  });

  it('a click on the icon toggles pause on Windows', () => {
    const { controller, tray, actions } = setup();
    tray.emit('click');
    controller.update(makeSnapshot({ paused: true }));
    tray.emit('click');
    expect(actions).toEqual([
      { kind: 'command', command: 'app:set-paused', request: { paused: true } },
      { kind: 'command', command: 'app:set-paused', request: { paused: false } },
    ]);
  });

  it('Start on boot shows what the system reports (the snapshot carries it); a click asks for the change', () => {
    const { controller, menu, actions } = setup();
    expect(menu().find(['Start on boot']).checked).toBe(false);
    menu().click(['Start on boot']);
    expect(actions).toEqual([{ kind: 'command', command: 'settings:update', request: { startOnBoot: true } }]);
    const settings = makeSnapshot().settings;
    controller.update(makeSnapshot({ settings: { ...settings, startOnBootStatus: { state: 'on', note: null } } }));
    expect(menu().find(['Start on boot']).checked).toBe(true);
    controller.update(makeSnapshot({ settings: { ...settings, startOnBootStatus: { state: 'needs-approval', note: 'Allow it in System Settings' } } }));
    expect(menu().find(['Start on boot (waiting for your approval)']).checked).toBe(true);
    expect(menu().find(['Allow it in System Settings']).enabled).toBe(false);
  });

  it('leaves Start on boot out where there is no auto-start', () => {
    const { controller, menu } = setup();
    const settings = makeSnapshot().settings;
    controller.update(makeSnapshot({ settings: { ...settings, startOnBoot: false, startHidden: true, startOnBootSupported: false, startOnBootStatus: undefined } }));
    expect(() => menu().find(['Start on boot'])).toThrow(/No menu item/);
  });

  it('reports a desktop without a tray as null instead of throwing', () => {
    FakeTray.failNextConstruction = new Error('no tray area');
    const sink = new MemoryLogSink();
    const controller = TrayController.create(makeSnapshot(), { icons, platform: 'linux', logger: createLogger(sink), run: async () => {} });
    expect(controller).toBeNull();
    expect(sink.records.map((r) => r.event)).toContain('tray.unavailable');
  });

  it('stops updating once destroyed', () => {
    const { controller, tray } = setup();
    controller.destroy();
    const count = tray.menus.length;
    controller.update(makeSnapshot({ paused: true }));
    expect(tray.destroyed).toBe(true);
    expect(tray.menus.length).toBe(count);
  });
});
