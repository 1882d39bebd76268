import { afterEach, describe, expect, it, vi } from 'vitest';
import { MENU_REBUILD_INTERVAL_MS, TrayController } from '../../../electron/tray/tray-controller.js';
import type { TrayAction } from '../../../electron/tray/tray-menu.js';
import { MemoryLogSink, createLogger } from '../../../src-core/runtime/logger.js';
import { FakeMenu, FakeTray, resetFakeElectron } from '../../fakes/electron.js';
import { ManualClock } from '../../support/manual-clock.js';
import { makeAccount, makeChannel, makeSnapshot } from '../support/snapshots.js';

afterEach(() => resetFakeElectron());

const icons = { active: '/icons/tray-active.png', paused: '/icons/tray-paused.png', attention: '/icons/tray-attention.png' };

function setup() {
  const actions: TrayAction[] = [];
  const sink = new MemoryLogSink();
  const clock = new ManualClock();
  const controller = TrayController.create(makeSnapshot(), {
    icons,
    platform: 'win32',
    logger: createLogger(sink),
    run: async (action) => void actions.push(action),
    clock,
  });
  const tray = FakeTray.instances.at(-1);
  if (!controller || !tray) throw new Error('no tray');
  const menu = (): FakeMenu => {
    if (!tray.contextMenu) throw new Error('no menu set');
    return tray.contextMenu;
  };
  return { controller, tray, menu, actions, sink, clock };
}

const imagePath = (image: unknown): string | null => (image as { path: string | null }).path;

describe('the tray icon', () => {
  it('shows the icon, tooltip and menu of the current state', () => {
    const { tray, menu } = setup();
    expect(imagePath(tray.image)).toBe(icons.active);
    expect(tray.tooltip).toBe('Twitch ColorChanger: 1 active');
    expect(menu().find(['Alice (active)', 'Change colors']).checked).toBe(true);
  });

  it('re-sets a freshly built menu, icon and tooltip on every state change', async () => {
    const { controller, tray, clock } = setup();
    const before = tray.menus.length;
    controller.update(makeSnapshot({ accounts: [makeAccount({ state: 'needs_login', reason: 'Log in again' })] }));
    expect(imagePath(tray.image)).toBe(icons.attention);
    expect(tray.tooltip).toBe('Twitch ColorChanger: 1 needs login');
    await clock.advance(MENU_REBUILD_INTERVAL_MS);
    expect(tray.menus.length).toBe(before + 1);
    controller.update(makeSnapshot({ paused: true }));
    await clock.advance(MENU_REBUILD_INTERVAL_MS);
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

  it('Start on boot shows what the system reports (the snapshot carries it); a click asks for the change', async () => {
    const { controller, menu, actions, clock } = setup();
    expect(menu().find(['Start on boot']).checked).toBe(false);
    menu().click(['Start on boot']);
    expect(actions).toEqual([{ kind: 'command', command: 'settings:update', request: { startOnBoot: true } }]);
    const settings = makeSnapshot().settings;
    controller.update(makeSnapshot({ settings: { ...settings, startOnBootStatus: { state: 'on', note: null } } }));
    await clock.advance(MENU_REBUILD_INTERVAL_MS);
    expect(menu().find(['Start on boot']).checked).toBe(true);
    controller.update(makeSnapshot({ settings: { ...settings, startOnBootStatus: { state: 'needs-approval', note: 'Allow it in System Settings' } } }));
    await clock.advance(MENU_REBUILD_INTERVAL_MS);
    expect(menu().find(['Start on boot (waiting for your approval)']).checked).toBe(true);
    expect(menu().find(['Allow it in System Settings']).enabled).toBe(false);
  });

  it('leaves Start on boot out where there is no auto-start', async () => {
    const { controller, menu, clock } = setup();
    const settings = makeSnapshot().settings;
    controller.update(makeSnapshot({ settings: { ...settings, startOnBoot: false, startHidden: true, startOnBootSupported: false, startOnBootStatus: undefined } }));
    await clock.advance(MENU_REBUILD_INTERVAL_MS);
    expect(() => menu().find(['Start on boot'])).toThrow(/No menu item/);
  });

  it('reports a desktop without a tray as null instead of throwing', () => {
    FakeTray.failNextConstruction = new Error('no tray area');
    const sink = new MemoryLogSink();
    const controller = TrayController.create(makeSnapshot(), { icons, platform: 'linux', logger: createLogger(sink), run: async () => {}, clock: new ManualClock() });
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

describe('menu rebuilds (each one is a native menu of every account\'s channels)', () => {
  /** 20 accounts x 100 channels, the first `listening` channels of each listening, the rest connecting. */
  const bigSnapshot = (listening: number) =>
    makeSnapshot({
      accounts: Array.from({ length: 20 }, (_, a) =>
        makeAccount({
          id: `acc-${a}`,
          login: `user${a}`,
          displayName: `User${a}`,
          channels: Array.from({ length: 100 }, (_, c) => makeChannel({ login: `chan${a}x${c}`, id: `${a * 1000 + c}`, subscription: c < listening ? 'live' : 'pending' })),
        }),
      ),
    });

  it('a snapshot that changes nothing the menu shows builds and sets no menu', async () => {
    const { controller, tray, clock } = setup();
    const built = vi.spyOn(FakeMenu, 'buildFromTemplate');
    const menus = tray.menus.length;
    for (let i = 0; i < 10; i += 1) {
      await clock.advance(1_000);
      // What only the window shows (a picture, the next retry time of an account) is not in the menu.
      controller.update(makeSnapshot({ accounts: [makeAccount({ avatar: `avatars/501-${i}.png`, nextAttemptAt: clock.now() })] }));
    }
    expect(built).not.toHaveBeenCalled();
    expect(tray.menus.length).toBe(menus);
  });

  it('20 accounts x 100 channels coming up (a change every 100 ms): at most one menu per 250 ms, the icon and tooltip at once, the last state shown', async () => {
    const { controller, tray, clock } = setup();
    controller.update(bigSnapshot(0));
    await clock.advance(MENU_REBUILD_INTERVAL_MS);
    const built = vi.spyOn(FakeMenu, 'buildFromTemplate');
    const menus = tray.menus.length;
    // The core reports channel states at most every 100 ms; 100 channels of each account take 2 s here.
    for (let listening = 5; listening <= 100; listening += 5) {
      controller.update(bigSnapshot(listening));
      await clock.advance(100);
    }
    // Pause all: the core reports every account paused, their channels too.
    const paused = bigSnapshot(100).accounts.map((account) => ({ ...account, state: 'paused' as const, channels: account.channels.map((c) => ({ ...c, state: 'paused' as const })) }));
    controller.update(makeSnapshot({ paused: true, accounts: paused }));
    expect(imagePath(tray.image)).toBe(icons.paused);
    expect(tray.tooltip).toBe('Twitch ColorChanger: all paused');
    await clock.advance(MENU_REBUILD_INTERVAL_MS);
    // 21 changes in 2.1 s: one menu per 250 ms at most (it was one per change).
    expect(built.mock.calls.length).toBeLessThanOrEqual(Math.ceil(2_100 / MENU_REBUILD_INTERVAL_MS) + 1);
    expect(tray.menus.length - menus).toBe(built.mock.calls.length);
    expect(tray.contextMenu?.find(['Resume all'])).toBeDefined();
    expect(tray.contextMenu?.find(['User19 (paused)', '#chan19x99 (paused)']).checked).toBe(true);
    expect(() => tray.contextMenu?.find(['User19 (paused)', '#chan19x99 (connecting…)'])).toThrow(/No menu item/);
  });

  it('a change right after a menu was set shows within 250 ms; stopping cancels a rebuild still waiting', async () => {
    const { controller, tray, clock } = setup();
    controller.update(makeSnapshot({ paused: true }));
    expect(clock.pending).toBe(1);
    await clock.advance(MENU_REBUILD_INTERVAL_MS);
    expect(tray.contextMenu?.find(['Resume all'])).toBeDefined();
    controller.update(makeSnapshot({ paused: false }));
    controller.destroy();
    expect(clock.pending).toBe(0);
  });
});
