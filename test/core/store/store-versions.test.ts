import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import { ConfFileStorage } from '../../../src-core/store/conf-backend.js';
import { createFileBackend } from '../../../src-core/store/file-storage.js';
import { UnsupportedStoreVersionError } from '../../../src-core/store/migrations.js';
import { STORE_VERSION, type PersistedState } from '../../../src-core/store/schema.js';
import { StateStore } from '../../../src-core/store/state-store.js';
import type { StoragePort } from '../../../src-core/store/storage-port.js';
import { ManualClock } from '../../support/manual-clock.js';
import { memoryLogger, tempDataDir } from './store-test-kit.js';

/**
 * The store across versions (issue 18: format 1 -> 2), both ways, on both adapters of
 * config.json: an older file loads and is upgraded, keeping a copy of itself for the way
 * back; a file from a newer version is refused and never touched, and the refusal names
 * the copy the newer version kept of ours.
 */
const adapters: Array<[string, (dir: string) => StoragePort]> = [
  ['the headless file storage', createFileBackend],
  ['the conf storage electron-store builds on', (dir) => new ConfFileStorage(dir, (options) => new Conf({ ...options, configName: 'config' }))],
];

/** config.json exactly as the version 1 app wrote it (an account with tokens, channels, colors). */
const V1_FILE = `${JSON.stringify(
  {
    version: 1,
    settings: { clientId: 'app', pauseAll: false, startOnBoot: true, startHidden: false, checkForUpdates: true },
    accounts: [
      {
        id: 'a1',
        userId: '123',
        login: 'alice',
        clientId: 'cid',
        tokens: { accessToken: { scheme: 'plain', value: 'acc' }, refreshToken: { scheme: 'plain', value: 'ref' }, expiresAt: 5, scopes: ['user:read:chat', 'user:manage:chat_color'] },
        enabled: true,
        channels: [{ login: 'alice', id: '123', enabled: true }, { login: 'bob', enabled: false }],
        color: { mode: 'rainbow', palette: [], paletteOrder: 'random', minIntervalSec: 0 },
        prime: 'yes',
        home: { restore: false },
        recentColors: [{ color: '#112233', at: 7 }],
        addedAt: 1,
      },
    ],
  },
  undefined,
  2,
)}\n`;

function open(storage: StoragePort, options: { readOnly?: boolean } = {}) {
  const clock = new ManualClock();
  const { logger, sink } = memoryLogger();
  return { clock, sink, store: new StateStore({ storage, clock, logger, coalesceMs: 10, ...options }) };
}

describe.each(adapters)('store versions, %s', (_name, createBackend) => {
  it('v1 -> v2: a version 1 file loads, is rewritten as version 2 (followLive off for its accounts), and the version 1 file is kept beside it, byte for byte, mode 0600', async () => {
    const dir = tempDataDir();
    const file = join(dir, 'config.json');
    writeFileSync(file, V1_FILE, { mode: 0o600 });
    const { store, clock, sink } = open(createBackend(dir));
    expect(store.load()).toMatchObject({ outcome: 'loaded', migratedFrom: 1 });
    expect(store.get().accounts[0]).toMatchObject({ login: 'alice', channels: [{ login: 'alice' }, { login: 'bob', enabled: false }], followLive: { enabled: false, max: 50, off: [] } });
    await clock.advance(10);
    await store.flush();
    const saved = JSON.parse(readFileSync(file, 'utf8')) as PersistedState;
    expect(saved.version).toBe(2);
    expect(saved.accounts[0]?.followLive).toEqual({ enabled: false, max: 50, off: [] });
    expect(readFileSync(join(dir, 'config.v1.json'), 'utf8')).toBe(V1_FILE);
    expect(statSync(join(dir, 'config.v1.json')).mode & 0o777).toBe(0o600);
    expect(sink.records.some((r) => r.event === 'store.version_copy')).toBe(true);
    await store.stop();
  });

  it('a file of the current version is read as it is: no copy, no rewrite', async () => {
    const dir = tempDataDir();
    const text = V1_FILE.replace('"version": 1', `"version": ${STORE_VERSION}`);
    writeFileSync(join(dir, 'config.json'), text);
    const { store, clock } = open(createBackend(dir));
    expect(store.load()).toEqual({ outcome: 'loaded', path: join(dir, 'config.json') });
    await clock.advance(1_000);
    expect(readdirSync(dir).sort()).toEqual(['config.json']);
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(text);
    await store.stop();
  });

  it('read-only (status): a version 1 file is read upgraded in memory, and the folder is left exactly as it was', () => {
    const dir = tempDataDir();
    writeFileSync(join(dir, 'config.json'), V1_FILE);
    const { store } = open(createBackend(dir), { readOnly: true });
    expect(store.load()).toMatchObject({ outcome: 'loaded', migratedFrom: 1 });
    expect(store.get().accounts[0]?.followLive.enabled).toBe(false);
    expect(readdirSync(dir)).toEqual(['config.json']);
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(V1_FILE);
  });

  it('a file from a newer version (as version 1 sees ours) is refused and never written, moved or copied; the error says how to go back when the newer app kept our copy', async () => {
    const dir = tempDataDir();
    const file = join(dir, 'config.json');
    // What a version 3 app would write: fields this version does not know, which a save would drop.
    const newer = `${JSON.stringify({ version: STORE_VERSION + 1, accounts: [{ id: 'a1', login: 'alice', clientId: 'c', addedAt: 1, somethingNew: { keep: 'me' } }] }, undefined, 2)}\n`;
    writeFileSync(file, newer);
    for (const readOnly of [false, true]) {
      const { store, clock } = open(createBackend(dir), { readOnly });
      let error: unknown;
      try {
        store.load();
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(UnsupportedStoreVersionError);
      expect((error as Error).message).toMatch(new RegExp(`format version ${STORE_VERSION + 1}.*left as it is.*Update the app, or move the file away`));
      await clock.advance(60_000);
      expect(() => store.update(() => {})).toThrow();
    }
    expect(readdirSync(dir)).toEqual(['config.json']);
    expect(readFileSync(file, 'utf8')).toBe(newer);

    // The newer app upgraded one of ours and kept it: the refusal points at it.
    writeFileSync(join(dir, `config.v${STORE_VERSION}.json`), V1_FILE);
    const { store } = open(createBackend(dir));
    expect(() => store.load()).toThrow(new RegExp(`replace config.json with .*config\\.v${STORE_VERSION}\\.json`));
    expect(readFileSync(file, 'utf8')).toBe(newer);
  });
});
