import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileBackend } from '../../../src-core/store/file-storage.js';
import { UnsupportedStoreVersionError } from '../../../src-core/store/migrations.js';
import { STORE_VERSION, buildAccount, type PersistedState } from '../../../src-core/store/schema.js';
import { StateStore, type WriteStatus } from '../../../src-core/store/state-store.js';
import { StoreStoppedError, StoreUnavailableError, StoreWriteError } from '../../../src-core/store/store-errors.js';
import { StorageReadError } from '../../../src-core/store/storage-port.js';
import { ManualClock, flushMicrotasks } from '../../support/manual-clock.js';
import { ControlledStorage, diskFullError, memoryLogger, openFdCount, strayTempFiles, tempDataDir } from './store-test-kit.js';

const COALESCE = 200;

function setup(dir = tempDataDir()) {
  const clock = new ManualClock();
  const { logger, sink } = memoryLogger();
  const storage = new ControlledStorage(createFileBackend(dir));
  // Backoff with random = 1 waits the full ceiling: 1 s, 2 s, 4 s, ...
  const store = new StateStore({ storage, clock, logger, coalesceMs: COALESCE, backoff: { random: () => 0.999 } });
  const statuses: WriteStatus[] = [];
  store.onStatus((status) => statuses.push(status));
  return { dir, clock, sink, storage, store, statuses, file: join(dir, 'config.json') };
}

function onDisk(file: string): PersistedState {
  return JSON.parse(readFileSync(file, 'utf8')) as PersistedState;
}

const account = (login: string) => buildAccount({ id: `id-${login}`, login, clientId: 'cid', addedAt: 1 });

describe('StateStore', () => {
  it('updateAccount copies and validates one account; the others stay the same objects', async () => {
    const { store, clock, file } = setup();
    store.load();
    store.update((draft) => {
      draft.accounts.push(account('alice'), account('bob'));
    });
    const before = store.get();
    const after = store.updateAccount('id-alice', (a) => {
      a.enabled = false;
    });
    expect(after?.accounts[0]?.enabled).toBe(false);
    expect(after?.accounts[1]).toBe(before.accounts[1]);
    expect(after?.settings).toBe(before.settings);
    expect(Object.isFrozen(after?.accounts[0])).toBe(true);
    expect(store.updateAccount('id-nobody', () => {})).toBeUndefined();
    expect(() =>
      store.updateAccount('id-bob', (b) => {
        (b as { login: unknown }).login = 42;
      }),
    ).toThrow();
    expect(store.get()).toBe(after);
    await clock.advance(COALESCE);
    await store.flush();
    expect(onDisk(file).accounts.map((a) => a.enabled)).toEqual([false, true]);
  });

  it('starts empty without a file, and hands out frozen snapshots', () => {
    const { store, file } = setup();
    expect(store.load()).toEqual({ outcome: 'new', path: file });
    const snapshot = store.get();
    expect(snapshot.accounts).toEqual([]);
    expect(Object.isFrozen(snapshot.settings)).toBe(true);
    expect(() => ((snapshot.settings as { pauseAll: boolean }).pauseAll = true)).toThrow(TypeError);
    expect(existsSync(file)).toBe(false);
  });

  it('coalesces a burst of updates into one write after the quiet period', async () => {
    const { store, storage, clock, file } = setup();
    store.load();
    for (let i = 0; i < 50; i += 1) store.update((draft) => void draft.accounts.push(account(`user${i}`)));
    expect(storage.attempts).toBe(0);
    await clock.advance(COALESCE);
    expect(storage.attempts).toBe(1);
    expect(onDisk(file).accounts).toHaveLength(50);
    await clock.advance(10_000);
    expect(storage.attempts).toBe(1);
  });

  it('rejects an update that leaves an invalid state, and keeps the previous one', () => {
    const { store } = setup();
    store.load();
    const before = store.get();
    expect(() => store.update((draft) => void (draft.settings.pauseAll = 'yes' as unknown as boolean))).toThrow();
    expect(() =>
      store.update(() => {
        throw new Error('mutator bug');
      }),
    ).toThrow('mutator bug');
    expect(store.get()).toBe(before);
  });

  it('R02 interleaved updates during slow writes: the final file holds every update', async () => {
    const { store, storage, clock, file } = setup();
    store.load();
    storage.slow = true;
    store.update((draft) => void draft.accounts.push(account('a0')));
    await clock.advance(COALESCE);
    expect(storage.writes).toHaveLength(1);
    // While the first write is in flight, more updates arrive; none may be lost.
    for (let i = 1; i <= 20; i += 1) store.update((draft) => void draft.accounts.push(account(`a${i}`)));
    storage.releaseNext();
    await flushMicrotasks();
    expect(storage.writes).toHaveLength(1);
    expect((storage.writes[0]?.data as PersistedState).accounts).toHaveLength(21);
    store.update((draft) => void (draft.settings.startHidden = true));
    storage.releaseNext();
    await flushMicrotasks();
    storage.releaseNext();
    await flushMicrotasks();
    expect(storage.writes).toHaveLength(0);
    const saved = onDisk(file);
    expect(saved.accounts.map((a) => a.login)).toEqual(Array.from({ length: 21 }, (_, i) => `a${i}`));
    expect(saved.settings.startHidden).toBe(true);
    expect(storage.attempts).toBe(3);
  });

  it('R02 random interleavings of updates, flushes and slow writes lose nothing', async () => {
    let seed = 11;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const { store, storage, clock, file } = setup();
    store.load();
    storage.slow = true;
    const flushes: Array<Promise<unknown>> = [];
    for (let i = 0; i < 300; i += 1) {
      const roll = random();
      if (roll < 0.5) store.update((draft) => void draft.accounts.push(account(`u${i}`)));
      else if (roll < 0.6) flushes.push(store.persistNow((draft) => void draft.accounts.push(account(`u${i}`))));
      else if (roll < 0.8 && storage.writes.length > 0) storage.releaseNext();
      else await clock.advance(Math.floor(random() * COALESCE * 2));
      await flushMicrotasks(Math.floor(random() * 4));
    }
    const expected = store.get().accounts.map((a) => a.login);
    // Let the store settle on its own, without stop()'s final flush hiding a lost write.
    for (let round = 0; round < 50; round += 1) {
      while (storage.writes.length > 0) {
        storage.releaseNext();
        await flushMicrotasks();
      }
      await clock.advance(COALESCE);
    }
    await Promise.all(flushes);
    expect(store.status.phase).toBe('idle');
    expect(onDisk(file).accounts.map((a) => a.login)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(100);
  });

  it('R02 an update at any moment around the end of a write is written too', async () => {
    for (let ticks = 0; ticks < 12; ticks += 1) {
      const { store, storage, clock, file } = setup();
      store.load();
      storage.slow = true;
      store.update((draft) => void (draft.settings.clientId = 'during'));
      await clock.advance(COALESCE);
      storage.slow = false;
      storage.releaseNext();
      await flushMicrotasks(ticks);
      store.update((draft) => void (draft.settings.clientId = `after-${ticks}`));
      await clock.advance(COALESCE);
      expect(onDisk(file).settings.clientId).toBe(`after-${ticks}`);
    }
  });

  it('R32 persistNow resolves only after the change is on disk, without waiting for the quiet period', async () => {
    const { store, storage, file } = setup();
    store.load();
    store.update((draft) => void draft.accounts.push(account('alice')));
    storage.slow = true;
    let resolved = false;
    const rotated = { scheme: 'plain' as const, value: 'rotated-refresh-token' };
    const persisted = store
      .persistNow((draft) => {
        const target = draft.accounts[0];
        if (target) target.tokens = { accessToken: { scheme: 'plain', value: 'new-access' }, refreshToken: rotated, expiresAt: 9, scopes: [] };
      })
      .then(() => (resolved = true));
    await flushMicrotasks();
    expect(storage.writes).toHaveLength(1);
    expect(resolved).toBe(false);
    expect(existsSync(file)).toBe(false);
    storage.releaseNext();
    await persisted;
    expect(onDisk(file).accounts[0]?.tokens?.refreshToken).toEqual(rotated);
  });

  it('R32 persistNow rejects when its write fails, and the change is still saved by a retry', async () => {
    const { store, storage, clock, file } = setup();
    store.load();
    storage.failWith = diskFullError;
    const attempt = store.persistNow((draft) => void (draft.settings.clientId = 'kept'));
    await expect(attempt).rejects.toBeInstanceOf(StoreWriteError);
    await expect(attempt).rejects.toMatchObject({ fsCode: 'ENOSPC' });
    storage.failWith = undefined;
    await clock.advance(1_000);
    expect(onDisk(file).settings.clientId).toBe('kept');
  });

  it('R11 a failed write leaves the old file intact, is retried with backoff, and is reported', async () => {
    const { store, storage, clock, file, statuses, sink } = setup();
    store.load();
    store.update((draft) => void (draft.settings.clientId = 'first'));
    await clock.advance(COALESCE);
    const before = readFileSync(file, 'utf8');
    storage.failWith = diskFullError;
    store.update((draft) => void (draft.settings.clientId = 'second'));
    await clock.advance(COALESCE);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(store.status).toMatchObject({ phase: 'retrying', failures: 1, lastError: { code: 'ENOSPC' }, nextRetryAt: clock.now() + 999 });
    expect(statuses.at(-1)?.phase).toBe('retrying');
    expect(sink.records.find((r) => r.event === 'store.write_failed')).toMatchObject({ level: 'error', fields: { code: 'ENOSPC' } });
    // Retries back off (1 s, 2 s, 4 s ceilings): no attempt before the next one is due.
    await clock.advance(998);
    expect(storage.attempts).toBe(2);
    await clock.advance(1);
    expect(storage.attempts).toBe(3);
    await clock.advance(1_998);
    expect(storage.attempts).toBe(4);
    expect(store.status.failures).toBe(3);
    expect(readFileSync(file, 'utf8')).toBe(before);
    storage.failWith = undefined;
    await clock.advance(4_000);
    expect(onDisk(file).settings.clientId).toBe('second');
    expect(store.status).toMatchObject({ phase: 'idle', failures: 0 });
    expect(store.status.lastError).toBeUndefined();
    expect(sink.records.some((r) => r.event === 'store.write_recovered')).toBe(true);
  });

  it('R23 100 failed write attempts through the real writer leave no temp file, no fd, and no timer once stopped', async () => {
    const { store, storage, clock, dir, file } = setup();
    store.load();
    store.update((draft) => void (draft.settings.clientId = 'first'));
    await clock.advance(COALESCE);
    // A directory where config.json was: conf's writer creates its temp file, then the
    // rename fails (EISDIR), every time.
    rmSync(file);
    mkdirSync(join(file, 'blocker'), { recursive: true });
    const fdsBefore = openFdCount();
    store.update((draft) => void (draft.settings.clientId = 'second'));
    await clock.advance(COALESCE);
    while (storage.attempts < 101) {
      await clock.advance(60_000);
      expect(strayTempFiles(dir)).toEqual([]);
    }
    expect(store.status).toMatchObject({ phase: 'retrying', failures: 100, lastError: { code: 'EISDIR' } });
    expect(openFdCount()).toBe(fdsBefore);
    rmSync(file, { recursive: true });
    await store.stop();
    expect(onDisk(file).settings.clientId).toBe('second');
    expect(strayTempFiles(dir)).toEqual([]);
    expect(clock.pending).toBe(0);
  });

  it('flushes on stop, and refuses changes afterwards', async () => {
    const { store, clock, file } = setup();
    store.load();
    store.update((draft) => void (draft.settings.startOnBoot = true));
    await store.stop();
    expect(onDisk(file).settings.startOnBoot).toBe(true);
    expect(clock.pending).toBe(0);
    expect(() => store.update(() => {})).toThrow(StoreStoppedError);
    await expect(store.stop()).resolves.toBeUndefined();
  });

  it('stop rejects when the last write fails, and leaves no timer', async () => {
    const { store, storage, clock } = setup();
    store.load();
    storage.failWith = diskFullError;
    store.update((draft) => void (draft.settings.startOnBoot = true));
    await expect(store.stop()).rejects.toMatchObject({ code: 'store_write_failed', willRetry: false });
    expect(clock.pending).toBe(0);
    expect(store.status.phase).toBe('stopped');
  });

  it('R12 a throwing listener is logged and the others still see every change in order', () => {
    const { store, sink } = setup();
    store.load();
    const seen: Array<string | undefined> = [];
    store.subscribe(() => {
      throw new Error('listener bug');
    });
    store.subscribe((state) => seen.push(state.settings.clientId));
    store.update((draft) => void (draft.settings.clientId = 'one'));
    store.update((draft) => void (draft.settings.clientId = 'two'));
    expect(seen).toEqual(['one', 'two']);
    expect(sink.records.filter((r) => r.event === 'store.listener_failed')).toHaveLength(2);
  });
});

describe('StateStore.load with a bad file', () => {
  it.each([
    ['damaged JSON', '{"version": 1, "accounts": [', 'corrupt'],
    ['not an object', '[]', 'corrupt'],
    ['a schema violation', '{"version": 1, "accounts": [{"login": 5}]}', 'invalid'],
    ["the old bot's file", '{"users": []}', 'invalid'],
  ])('moves %s aside, reports it, and never overwrites it', async (_name, text, problem) => {
    const { store, clock, file, dir, sink } = setup();
    writeFileSync(file, text);
    const report = store.load();
    expect(report).toMatchObject({ outcome: 'recovered', problem, path: file });
    if (report.outcome !== 'recovered') throw new Error('unreachable');
    expect(report.movedTo).toBe(join(dir, 'config.corrupt-2026-01-01T00-00-00-000Z.json'));
    expect(readFileSync(report.movedTo, 'utf8')).toBe(text);
    expect(store.loadReport).toBe(report);
    expect(sink.records.find((r) => r.event === 'store.recovered')?.message).toContain(report.movedTo);
    store.update((draft) => void (draft.settings.clientId = 'fresh'));
    await clock.advance(COALESCE);
    expect(onDisk(file).settings.clientId).toBe('fresh');
    expect(readFileSync(report.movedTo, 'utf8')).toBe(text);
  });

  it('keeps every damaged file when it happens twice at the same moment', () => {
    const dir = tempDataDir();
    const moved: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      writeFileSync(join(dir, 'config.json'), `broken ${i}`);
      const report = setup(dir).store.load();
      if (report.outcome === 'recovered') moved.push(report.movedTo);
    }
    expect(new Set(moved).size).toBe(2);
    expect(moved.map((path) => readFileSync(path, 'utf8'))).toEqual(['broken 0', 'broken 1']);
  });

  it('refuses to start when a bad file can be neither read nor moved aside', () => {
    const path = join(tempDataDir(), 'gone', 'config.json');
    const storage = {
      path,
      read: (): unknown => {
        throw new StorageReadError(path, 'unreadable', 'EIO: i/o error, read');
      },
      write: (): void => {
        throw new Error('must not write over a file it could not read');
      },
    };
    const store = new StateStore({ storage, clock: new ManualClock(), logger: memoryLogger().logger });
    expect(() => store.load()).toThrow(StoreUnavailableError);
    expect(() => store.load()).toThrow(/could not be moved aside.*Move .* away by hand/);
  });

  it('leaves a file from a newer version untouched and refuses to start', () => {
    const { store, file, dir } = setup();
    const text = JSON.stringify({ version: STORE_VERSION + 1, accounts: [] });
    writeFileSync(file, text);
    expect(() => store.load()).toThrow(UnsupportedStoreVersionError);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(readdirSync(dir)).toEqual(['config.json']);
  });

  it('rewrites an older file in the current format', async () => {
    const { store, clock, file } = setup();
    writeFileSync(file, JSON.stringify({ accounts: [{ login: 'old', clientId: 'c' }] }));
    expect(store.load()).toMatchObject({ outcome: 'loaded', migratedFrom: 'unversioned' });
    await clock.advance(COALESCE);
    const saved = onDisk(file);
    expect(saved.version).toBe(STORE_VERSION);
    expect(saved.accounts[0]).toMatchObject({ login: 'old', prime: 'unknown', addedAt: clock.now() - COALESCE });
    expect(typeof saved.accounts[0]?.id).toBe('string');
  });
});
