import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as FakeElectronModule from '../fakes/electron.js';
import { waitFor } from '../support/wait-for.js';

type FakeElectron = typeof FakeElectronModule;

/**
 * The entry point, imported for real against the fake Electron: it must wire everything
 * (scheme, lock, logging, composition, windows, IPC) without a single stub of our own.
 * Each test loads fresh modules, so it takes the fake from the same fresh registry.
 */
async function fresh(arrange: (fake: FakeElectron) => void = () => {}) {
  vi.resetModules();
  const fake = await import('../fakes/electron.js');
  const { default: log } = await import('electron-log/node.js');
  fake.resetFakeElectron();
  fake.app.setPath('userData', join(fake.app.getPath('temp'), `main-test-${Date.now()}-${Math.random().toString(16).slice(2)}`));
  // main turns electron-log's console on (unpackaged runs log to the terminal); keep test output clean.
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, method).mockImplementation(() => {});
  arrange(fake);
  cleanups.push(() => {
    log.errorHandler.stopCatching();
    fake.resetFakeElectron();
  });
  await import('../../electron/main.js');
  return fake;
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
});

describe('electron/main.ts', () => {
  it('boots: app:// scheme before ready, the window on our page, IPC answering it, logs in the data folder; quits cleanly', async () => {
    const { app, protocol, ipcMain, FakeBrowserWindow } = await fresh();
    expect(protocol.privilegedSchemes.map((s) => s.scheme)).toEqual(['app']);
    expect(app.singleInstanceLockRequests).toBe(1);
    const main = await waitFor(() => FakeBrowserWindow.getAllWindows()[0], { timeoutMs: 10_000 });
    expect(main.loadedUrl).toBe('app://colorchanger/index.html');
    expect(protocol.isProtocolHandled('app')).toBe(true);
    const answer = await ipcMain.invoke('app:snapshot', { sender: main.webContents, senderFrame: main.webContents.mainFrame }, {});
    expect(answer).toMatchObject({ ok: true, data: { paths: { dataDir: app.getPath('userData') } } });
    // The tray probe ran before the core: Settings offer starting hidden only where the tray shows.
    const { detectTraySupport } = await import('../../electron/tray/tray-support.js');
    const offered = (await detectTraySupport({ platform: process.platform, env: process.env })) === 'yes';
    expect(answer).toMatchObject({ data: { settings: { startHiddenSupported: offered } } });
    expect(readFileSync(join(app.getPath('userData'), 'logs', 'main.log'), 'utf8')).toContain('[app.starting]');

    app.quit();
    await waitFor(() => app.quitted, { timeoutMs: 10_000 });
    expect(FakeBrowserWindow.getAllWindows()).toEqual([]);
  });

  it("keeps undici's parser off V8's optimizing compiler: the tuning module is the first import", () => {
    const main = readFileSync(new URL('../../electron/main.ts', import.meta.url), 'utf8');
    expect(/^import .*$/m.exec(main)?.[0]).toBe("import './v8-tuning.js';");
    const tuning = readFileSync(new URL('../../electron/v8-tuning.ts', import.meta.url), 'utf8');
    expect(tuning).toContain('setFlagsFromString(WASM_BASELINE_FLAGS)');
  });

  it('R40 a second launch during start-up reaches the first instance, which shows its window once it is up', async () => {
    let release: () => void = () => {};
    const { app, FakeBrowserWindow } = await fresh((fake) => {
      release = fake.app.holdReady();
    });
    // Before ready: the store, core and tray probe have not even begun.
    expect(FakeBrowserWindow.getAllWindows()).toEqual([]);
    expect(app.launchSecondInstance([process.execPath, '--hidden'])).toBe(true);
    release();
    const main = await waitFor(() => FakeBrowserWindow.getAllWindows()[0], { timeoutMs: 10_000 });
    await waitFor(() => main.isVisible() && main.focused, { timeoutMs: 10_000 });
    app.quit();
    await waitFor(() => app.quitted, { timeoutMs: 10_000 });
  });

  it('a second launch only quits: the first instance shows its window', async () => {
    const { app, protocol, FakeBrowserWindow } = await fresh((fake) => {
      fake.app.singleInstanceLock = false;
    });
    expect(app.quitCalls).toBe(1);
    expect(protocol.handlers.size).toBe(0);
    expect(FakeBrowserWindow.getAllWindows()).toEqual([]);
  });
});
