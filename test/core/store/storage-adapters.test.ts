import fs, { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import Conf from 'conf';
import { ConfFileStorage } from '../../../src-core/store/conf-backend.js';
import { createFileBackend } from '../../../src-core/store/file-storage.js';
import type { StoragePort } from '../../../src-core/store/storage-port.js';
import { defaultState } from '../../../src-core/store/schema.js';
import { StorageReadError } from '../../../src-core/store/storage-port.js';
import { serializeStore } from '../../../src-core/store/store-file.js';
import { openFdCount, strayTempFiles, tempDataDir } from './store-test-kit.js';

const sample = { ...defaultState(), settings: { clientId: 'app', pauseAll: true, startOnBoot: false, startHidden: false } };

/**
 * One contract, both adapters of config.json: the headless process's own atomic writer,
 * and conf's, which the desktop app reaches through electron-store (electron/store/).
 */
const adapters: Array<[string, (dir: string) => StoragePort]> = [
  ['the headless file storage', createFileBackend],
  ['the conf storage electron-store builds on', (dir) => new ConfFileStorage(dir, (options) => new Conf({ ...options, configName: 'config' }))],
];

describe.each(adapters)('%s', (_name, createBackend) => {
  it('reads nothing (undefined) when there is no file, and creates none by reading', () => {
    const dir = tempDataDir();
    const storage = createBackend(join(dir, 'data'));
    expect(storage.read()).toBeUndefined();
    // conf creates the (empty) folder when it opens; the file storage does not need to.
    expect(existsSync(join(dir, 'data')) ? strayTempFiles(join(dir, 'data')) : []).toEqual([]);
    expect(() => statSync(storage.path)).toThrow(/ENOENT/);
  });

  it('writes <dataDir>/config.json in our format, mode 0600 in a 0700 folder, and reads it back', () => {
    const dir = join(tempDataDir(), 'nested', 'data');
    const storage = createBackend(dir);
    storage.write(sample);
    expect(storage.path).toBe(join(dir, 'config.json'));
    expect(readFileSync(storage.path, 'utf8')).toBe(serializeStore(sample));
    expect(statSync(storage.path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(createBackend(dir).read()).toEqual(sample);
  });

  it('tightens an existing world-readable file to 0600 on the next write', () => {
    const dir = tempDataDir();
    writeFileSync(join(dir, 'config.json'), '{}', { mode: 0o644 });
    chmodSync(join(dir, 'config.json'), 0o644);
    const storage = createBackend(dir);
    storage.write(sample);
    expect(statSync(storage.path).mode & 0o777).toBe(0o600);
  });

  it('adds no keys of its own and drops the __internal__ key conf would carry over', () => {
    const dir = tempDataDir();
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ version: 1, __internal__: { migrations: { version: '9.9.9' } } }));
    const storage = createBackend(dir);
    expect(storage.read()).toEqual({ version: 1 });
    storage.write(sample);
    expect(JSON.parse(readFileSync(storage.path, 'utf8'))).toEqual(sample);
  });

  it('replaces the file without reading it first (conf would parse the whole file on every write)', () => {
    const dir = tempDataDir();
    const storage = createBackend(dir);
    storage.write(sample);
    const reads = vi.spyOn(fs, 'readFileSync');
    const next = { ...sample, settings: { ...sample.settings, pauseAll: false } };
    storage.write(next);
    storage.write(sample);
    expect(reads.mock.calls.filter(([path]) => String(path) === storage.path)).toEqual([]);
    reads.mockRestore();
    // Also seen without the spy (a named import of readFileSync would slip past it): a
    // writer that parsed the file first would stumble over this.
    writeFileSync(storage.path, '{"damaged":');
    storage.write(sample);
    expect(readFileSync(storage.path, 'utf8')).toBe(serializeStore(sample));
    expect(createBackend(dir).read()).toEqual(sample);
  });

  it.each([
    ['{"version": 1,', /not valid JSON/],
    ['', /not valid JSON/],
    ['null', /not a JSON object/],
    ['[1,2]', /not a JSON object/],
    ['"text"', /not a JSON object/],
  ])('reports %j as a corrupt file', (text, message) => {
    const dir = tempDataDir();
    writeFileSync(join(dir, 'config.json'), text);
    const read = (): unknown => createBackend(dir).read();
    expect(read).toThrow(StorageReadError);
    expect(read).toThrow(message);
    try {
      read();
    } catch (error) {
      expect((error as StorageReadError).problem).toBe('corrupt');
    }
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(text);
  });

  it('reports a file it cannot read as unreadable', () => {
    const dir = tempDataDir();
    mkdirSync(join(dir, 'config.json'));
    expect(() => createBackend(dir).read()).toThrow(expect.objectContaining({ problem: 'unreadable' }));
  });

  it('removes temp files a crash left behind when it first reads', () => {
    const dir = tempDataDir();
    writeFileSync(join(dir, 'config.json.tmp-17000000001a2b3c'), '{"half":');
    writeFileSync(join(dir, 'config.json'), serializeStore(sample));
    expect(createBackend(dir).read()).toEqual(sample);
    expect(strayTempFiles(dir)).toEqual([]);
  });

  it('R23 100 failing atomic writes leave no temp file and no open fd', () => {
    const dir = tempDataDir();
    const storage = createBackend(dir);
    storage.write(sample);
    // The rename onto config.json fails (EISDIR) after conf's writer created, filled and
    // closed its temp file: the path where a real failure would leave one behind.
    rmSync(storage.path);
    mkdirSync(join(storage.path, 'blocker'), { recursive: true });
    const fdsBefore = openFdCount();
    for (let i = 0; i < 100; i += 1) {
      expect(() => storage.write({ ...sample, accounts: [], n: i })).toThrow(/EISDIR|directory/i);
      // Checked at once: conf's own clean-up is asynchronous and would still be pending here.
      expect(strayTempFiles(dir)).toEqual([]);
    }
    expect(openFdCount()).toBe(fdsBefore);
    rmSync(storage.path, { recursive: true });
    storage.write(sample);
    expect(JSON.parse(readFileSync(storage.path, 'utf8'))).toEqual(sample);
    expect(strayTempFiles(dir)).toEqual([]);
  });
});
