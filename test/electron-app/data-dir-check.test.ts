import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { controlSocketPath } from '../../src-core/app/instance-lock.js';
import { createFileBackend } from '../../src-core/store/file-storage.js';
import { buildAccount, defaultState } from '../../src-core/store/schema.js';
import { inspectDataDir } from './support/data-dir-check.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tcc-datadir-'));
  dirs.push(dir);
  return dir;
}

/** The after-quit check of test:electron, on folders written by the app's own store writer. */
describe('what a data folder says about how the app ended', () => {
  it('a store the app wrote parses with its schema; nothing else is reported', () => {
    const dir = dataDir();
    const state = defaultState();
    state.settings.clientId = 'abc';
    state.accounts.push(buildAccount({ id: 'a1', login: 'zoe', clientId: 'abc', channels: [{ login: 'zoe', enabled: false }], addedAt: 1 }));
    createFileBackend(dir).write(state);
    const report = inspectDataDir(dir, 'linux');
    expect(report.strayTempFiles).toEqual([]);
    expect(report.controlSocketLeft).toBe(false);
    expect(report.store.ok && report.store.state.accounts.map((a) => [a.login, a.channels])).toEqual([['zoe', [{ login: 'zoe', enabled: false }]]]);
  });

  it('reports a missing or invalid store, temp files of an unfinished write, and a control socket left behind', () => {
    const dir = dataDir();
    expect(inspectDataDir(dir, 'linux').store).toEqual({ ok: false, problem: expect.stringContaining('ENOENT') });
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ version: 1, accounts: [{ login: 'no id' }] }));
    writeFileSync(join(dir, 'config.json.tmp-1a2b3c'), '{');
    writeFileSync(controlSocketPath(dir, 'linux'), '');
    const report = inspectDataDir(dir, 'linux');
    expect(report.store.ok).toBe(false);
    expect(report.strayTempFiles).toEqual(['config.json.tmp-1a2b3c']);
    expect(report.controlSocketLeft).toBe(true);
  });
});
