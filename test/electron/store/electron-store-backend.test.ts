import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createElectronStoreBackend } from '../../../electron/store/electron-store-backend.js';
import { createFileBackend } from '../../../src-core/store/file-storage.js';
import { STORE_VERSION, buildAccount, defaultState, type PersistedState } from '../../../src-core/store/schema.js';
import { StateStore } from '../../../src-core/store/state-store.js';
import { StorageReadError } from '../../../src-core/store/storage-port.js';
import { ManualClock } from '../../support/manual-clock.js';
import { memoryLogger, strayTempFiles, tempDataDir } from '../../core/store/store-test-kit.js';
import { resetFakeElectron } from '../../fakes/electron.js';

afterEach(() => resetFakeElectron());

const state: PersistedState = {
  ...defaultState(),
  settings: { clientId: 'app', pauseAll: false, startOnBoot: true, startHidden: false, checkForUpdates: true },
  accounts: [
    buildAccount({
      id: 'u1',
      login: 'alice',
      clientId: 'cid',
      tokens: { accessToken: { scheme: 'safeStorage', data: 'ZW5jOmE=' }, refreshToken: { scheme: 'safeStorage', data: 'ZW5jOnI=' }, expiresAt: 5 },
      channels: [{ login: 'forsen', enabled: true }],
      addedAt: 3,
    }),
  ],
};

describe('the electron-store storage adapter', () => {
  it('writes byte for byte the file the headless conf adapter writes, in <dataDir>/config.json, mode 0600', () => {
    const appDir = tempDataDir();
    const cliDir = tempDataDir();
    const app = createElectronStoreBackend(appDir);
    const cli = createFileBackend(cliDir);
    app.write(state);
    cli.write(state);
    expect(app.path).toBe(join(appDir, 'config.json'));
    expect(readFileSync(app.path, 'utf8')).toBe(readFileSync(cli.path, 'utf8'));
    expect(statSync(app.path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(app.path, 'utf8'))).toEqual(state);
  });

  it('each reads the file the other wrote', () => {
    const dir = tempDataDir();
    createFileBackend(dir).write(state);
    expect(createElectronStoreBackend(dir).read()).toEqual(state);
    createElectronStoreBackend(dir).write({ ...state, accounts: [] });
    expect(createFileBackend(dir).read()).toEqual({ ...state, accounts: [] });
  });

  it('reports a corrupt file instead of letting electron-store reset it', () => {
    const dir = tempDataDir();
    writeFileSync(join(dir, 'config.json'), '{oops');
    expect(() => createElectronStoreBackend(dir).read()).toThrow(StorageReadError);
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe('{oops');
  });

  it('drives the state store like the conf adapter: load, update, flush on stop', async () => {
    const dir = tempDataDir();
    const clock = new ManualClock();
    const store = new StateStore({ storage: createElectronStoreBackend(dir), clock, logger: memoryLogger().logger });
    expect(store.load().outcome).toBe('new');
    store.update((draft) => void draft.accounts.push(...structuredClone(state.accounts)));
    await store.stop();
    expect(createFileBackend(dir).read()).toMatchObject({ version: STORE_VERSION, accounts: [{ login: 'alice' }] });
    expect(strayTempFiles(dir)).toEqual([]);
  });
});
