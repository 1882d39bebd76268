import { afterEach, describe, expect, it } from 'vitest';
import { TrayController } from '../../../electron/tray/tray-controller.js';
import type { TrayAction } from '../../../electron/tray/tray-menu.js';
import { MemoryLogSink, createLogger } from '../../../src-core/runtime/logger.js';
import { FakeTray, fakeOs, resetFakeElectron } from '../../fakes/electron.js';
import { ManualClock } from '../../support/manual-clock.js';
import { makeSnapshot } from '../support/snapshots.js';

afterEach(() => resetFakeElectron());

const icons = { active: '/icons/tray-active.png', paused: '/icons/tray-paused.png', attention: '/icons/tray-attention.png' };

/** A tray as each OS runs it (fakeOs.platform drives what the fake Tray emits on a click). */
function trayOn(platform: NodeJS.Platform) {
  fakeOs.platform = platform;
  const actions: TrayAction[] = [];
  const clock = new ManualClock();
  const controller = TrayController.create(makeSnapshot(), {
    icons,
    platform,
    logger: createLogger(new MemoryLogSink()),
    run: async (action) => void actions.push(action),
    clock,
  });
  const tray = FakeTray.instances.at(-1);
  if (!controller || !tray) throw new Error('no tray');
  return { controller, tray, actions, clock };
}

const pause = { kind: 'command', command: 'app:set-paused', request: { paused: true } };

describe('clicks on the tray icon, per platform (defect 3)', () => {
  it('macOS: a click only opens the menu; it never pauses or resumes', () => {
    const { tray, actions } = trayOn('darwin');
    tray.userClick('left');
    tray.userClick('right');
    expect(tray.menuShown).toBe(2);
    expect(actions).toEqual([]);
  });

  it('Windows: a left click pauses or resumes (the README says so); a right click opens the menu and does nothing else', () => {
    const { controller, tray, actions } = trayOn('win32');
    tray.userClick('left');
    expect(actions).toEqual([pause]);
    controller.update(makeSnapshot({ paused: true }));
    tray.userClick('left');
    expect(actions.at(-1)).toEqual({ kind: 'command', command: 'app:set-paused', request: { paused: false } });
    tray.userClick('right');
    expect(tray.menuShown).toBe(1);
    expect(actions).toHaveLength(2);
  });

  it('Windows: a double click is one pause toggle, not a pause and a resume', () => {
    const { tray, actions } = trayOn('win32');
    tray.userClick('double');
    expect(actions).toEqual([pause]);
  });

  it('Linux: the menu carries everything; a host that sends an activation only opens the window', () => {
    const { tray, actions } = trayOn('linux');
    tray.userClick('left');
    expect(tray.menuShown).toBe(1);
    expect(actions).toEqual([]);
    tray.userClick('left', 'activate-on-left');
    expect(actions).toEqual([{ kind: 'show-window' }]);
    const items = tray.contextMenu?.items.map((item) => item.label);
    expect(items).toEqual(expect.arrayContaining(['Pause all', 'Open Twitch ColorChanger', 'Quit']));
  });
});
