import { afterEach, describe, expect, it } from 'vitest';
import { TrayController } from '../../../electron/tray/tray-controller.js';
import type { TrayAction } from '../../../electron/tray/tray-menu.js';
import { MemoryLogSink, createLogger } from '../../../src-core/runtime/logger.js';
import { FakeTray, type FakeMenu, resetFakeElectron } from '../../fakes/electron.js';
import { waitFor } from '../../support/wait-for.js';
import { makeAccount, makeSnapshot } from '../support/snapshots.js';

afterEach(() => resetFakeElectron());

const icons = { active: '/icons/tray-active.png', paused: '/icons/tray-paused.png', attention: '/icons/tray-attention.png' };

function setup(options: { autoStart?: boolean | null } = {}) {
  const actions: TrayAction[] = [];
  let bootEnabled = options.autoStart ?? false;
  const autoStart =
    options.autoStart === null
      ? null
      : {
          isEnabled: async () => bootEnabled,
          setEnabled: async (enabled: boolean) => {
            bootEnabled = enabled;
          },
        };
  const sink = new MemoryLogSink();
  const controller = TrayController.create(makeSnapshot(), {
    icons,
    autoStart,
    logger: createLogger(sink),
    run: async (action) => {
      actions.push(action);
      if (action.kind === 'command' && action.command === 'settings:update' && autoStart) await autoStart.setEnabled(action.request.startOnBoot ?? false);
    },
  });
  const tray = FakeTray.instances.at(-1);
  if (!controller || !tray) throw new Error('no tray');
  const menu = (): FakeMenu => {
    if (!tray.contextMenu) throw new Error('no menu set');
    return tray.contextMenu;
  };
  return { controller, tray, menu, actions, sink, setBoot: (value: boolean) => (bootEnabled = value) };
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

  it('a click on the icon toggles pause where the platform delivers clicks', () => {
    const { controller, tray, actions } = setup();
    tray.emit('click');
    controller.update(makeSnapshot({ paused: true }));
    tray.emit('click');
    expect(actions).toEqual([
      { kind: 'command', command: 'app:set-paused', request: { paused: true } },
      { kind: 'command', command: 'app:set-paused', request: { paused: false } },
    ]);
  });

  it('Start on boot shows what the system reports, read back after a toggle', async () => {
    const { menu } = setup({ autoStart: false });
    await waitFor(() => menu().find(['Start on boot']).checked === false);
    menu().click(['Start on boot']);
    await waitFor(() => menu().find(['Start on boot']).checked === true);
  });

  it('Start on boot follows a change made elsewhere (the settings screen) once the snapshot says so', async () => {
    const { controller, menu, setBoot } = setup({ autoStart: false });
    setBoot(true);
    controller.update(makeSnapshot({ settings: { ...makeSnapshot().settings, startOnBoot: true } }));
    await waitFor(() => menu().find(['Start on boot']).checked === true);
  });

  it('leaves Start on boot out where there is no auto-start', () => {
    const { menu } = setup({ autoStart: null });
    expect(() => menu().find(['Start on boot'])).toThrow(/No menu item/);
  });

  it('reports a desktop without a tray as null instead of throwing', () => {
    FakeTray.failNextConstruction = new Error('no tray area');
    const sink = new MemoryLogSink();
    const controller = TrayController.create(makeSnapshot(), { icons, autoStart: null, logger: createLogger(sink), run: async () => {} });
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
