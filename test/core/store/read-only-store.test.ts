import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileBackend } from '../../../src-core/store/file-storage.js';
import { StateStore } from '../../../src-core/store/state-store.js';
import { StoreReadOnlyError } from '../../../src-core/store/store-errors.js';
import { ManualClock } from '../../support/manual-clock.js';
import { memoryLogger, tempDataDir } from './store-test-kit.js';

/** The store as read-only commands open it (R38): read, never moved, migrated on disk or written. */
function readOnlyStore(dir: string): { store: StateStore; clock: ManualClock } {
  const clock = new ManualClock();
  const store = new StateStore({ storage: createFileBackend(dir, { readOnly: true }), clock, logger: memoryLogger().logger, readOnly: true, coalesceMs: 10 });
  return { store, clock };
}

const folder = (dir: string): Record<string, string> => Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));

describe('the store opened read-only (R38)', () => {
  it('R38 a damaged file is reported as damaged and left exactly where and as it is', async () => {
    for (const text of ['{"version": 1, "accounts": [', '{"version": 1, "accounts": "nope"}']) {
      const dir = tempDataDir();
      writeFileSync(join(dir, 'config.json'), text);
      const { store, clock } = readOnlyStore(dir);
      expect(store.load()).toMatchObject({ outcome: 'damaged', message: expect.stringMatching(/config\.json/) });
      expect(store.get().accounts).toEqual([]);
      await clock.advance(1_000);
      await store.stop();
      expect(folder(dir)).toEqual({ 'config.json': text });
    }
  });

  it('R38 an old-format file is read upgraded in memory, and the file keeps its format', async () => {
    const dir = tempDataDir();
    const text = '{"settings": {"pauseAll": true}, "accounts": []}\n';
    writeFileSync(join(dir, 'config.json'), text);
    const { store, clock } = readOnlyStore(dir);
    expect(store.load()).toMatchObject({ outcome: 'loaded', migratedFrom: 'unversioned' });
    expect(store.get().settings.pauseAll).toBe(true);
    await clock.advance(1_000);
    await store.stop();
    expect(folder(dir)).toEqual({ 'config.json': text });
  });

  it('R38 a temp file a crash left is not swept, and no change can be made', () => {
    const dir = tempDataDir();
    writeFileSync(join(dir, 'config.json'), '{"version": 1}\n');
    writeFileSync(join(dir, 'config.json.tmp-l0x1a2b3c4d'), '{}');
    const { store } = readOnlyStore(dir);
    store.load();
    expect(() => store.update(() => {})).toThrow(StoreReadOnlyError);
    expect(() => store.updateAccount('x', () => {})).toThrow(StoreReadOnlyError);
    expect(() => createFileBackend(dir, { readOnly: true }).write({})).toThrow(StoreReadOnlyError);
    expect(Object.keys(folder(dir)).sort()).toEqual(['config.json', 'config.json.tmp-l0x1a2b3c4d']);
  });
});
