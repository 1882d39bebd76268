import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LegacyImportError, applyLegacyImport, prepareLegacyImport, readLegacyConfigFile } from '../../../src-core/store/legacy-import.js';
import { PlainSecretBox } from '../../../src-core/store/plain-secret-box.js';
import { buildAccount, defaultState, persistedStateSchema, type PersistedState } from '../../../src-core/store/schema.js';
import type { SealedSecret, SecretBox } from '../../../src-core/store/secret-box.js';
import { tempDataDir } from './store-test-kit.js';

/** Seals visibly, so tests can tell every secret went through the box. */
const box: SecretBox = {
  scheme: 'safeStorage',
  encryptedAtRest: true,
  description: 'test',
  seal: async (plain) => sealed(plain),
  open: async (sealed) => (sealed.scheme === 'plain' ? sealed.value : Buffer.from(sealed.data, 'base64').toString().slice(7)),
  canOpen: () => true,
};
function sealed(plain: string): SealedSecret {
  return { scheme: 'safeStorage', data: Buffer.from(`sealed:${plain}`).toString('base64') };
}

async function run(users: unknown[], state: PersistedState = defaultState()) {
  let n = 0;
  const draft = structuredClone(state);
  const report = applyLegacyImport(draft, await prepareLegacyImport({ users }, box), { now: 1_000, newId: () => `uuid-${++n}` });
  // Whatever the import produced must be a valid store.
  expect(persistedStateSchema.safeParse(draft).success).toBe(true);
  return { draft, report };
}

const fullUser = {
  username: 'Alice',
  client_id: 'cid-a',
  client_secret: 'csecret',
  channels: ['#Alice', 'FORSEN', 'forsen', ' #xqc '],
  is_prime_or_turbo: true,
  enabled: false,
  access_token: 'oauth:acc-token',
  refresh_token: 'ref-token',
};

describe('applyLegacyImport', () => {
  it('imports a full entry: internal id, normalized channels, sealed secrets, prime yes', async () => {
    const { draft, report } = await run([fullUser]);
    expect(report).toEqual({ imported: [{ login: 'alice', accountId: 'uuid-1' }], updated: [], skipped: [], warnings: [] });
    expect(draft.accounts).toEqual([
      {
        id: 'uuid-1',
        login: 'alice',
        clientId: 'cid-a',
        clientSecret: sealed('csecret'),
        tokens: { accessToken: sealed('acc-token'), refreshToken: sealed('ref-token'), expiresAt: 0, scopes: [] },
        enabled: false,
        channels: [
          { login: 'alice', enabled: true },
          { login: 'forsen', enabled: true },
          { login: 'xqc', enabled: true },
        ],
        // The old bot's accounts listen where they were told (issue 18: off for existing accounts).
        followLive: { enabled: false, max: 50, off: [] },
        color: { mode: 'random', palette: [], paletteOrder: 'random', minIntervalSec: 0 },
        prime: 'yes',
        home: { restore: false },
        recentColors: [],
        addedAt: 1_000,
      },
    ]);
    expect(draft.accounts[0]?.userId).toBeUndefined();
    expect(JSON.stringify(draft)).not.toMatch(/csecret|acc-token|ref-token/);
  });

  it.each([
    [{ is_prime_or_turbo: true }, 'yes'],
    [{ is_prime_or_turbo: false }, 'no'],
    [{ is_prime_or_turbo: null }, 'unknown'],
    [{}, 'unknown'],
  ])('maps %j to prime %s', async (extra, prime) => {
    const { draft } = await run([{ username: 'bob', client_id: 'c', ...extra }]);
    expect(draft.accounts[0]?.prime).toBe(prime);
  });

  it.each([
    ['missing channels -> own channel', {}, ['bob']],
    ['empty list stays empty', { channels: [] }, []],
    ['comma-separated string', { channels: '#One, two  THREE' }, ['one', 'two', 'three']],
    ['duplicates after normalizing', { channels: ['#Dup', 'dup', 'DUP'] }, ['dup']],
  ])('channels: %s', async (_name, extra, logins) => {
    const { draft } = await run([{ username: 'bob', client_id: 'c', ...extra }]);
    expect(draft.accounts[0]?.channels.map((c) => c.login)).toEqual(logins);
  });

  it('tolerates missing optional fields: enabled, secret and tokens', async () => {
    const { draft, report } = await run([{ username: 'bob', client_id: 'c', client_secret: '', access_token: null }]);
    expect(draft.accounts[0]).toMatchObject({ login: 'bob', enabled: true, prime: 'unknown' });
    expect(draft.accounts[0]?.clientSecret).toBeUndefined();
    expect(draft.accounts[0]?.tokens).toBeUndefined();
    expect(report.warnings).toEqual([{ login: 'bob', message: expect.stringMatching(/no complete login.*log in again/) }]);
  });

  it('imports nothing but a warning for a refresh token without its access token', async () => {
    const { draft, report } = await run([{ username: 'bob', client_id: 'c', refresh_token: 'only-refresh' }]);
    expect(draft.accounts[0]?.tokens).toBeUndefined();
    expect(report.warnings).toHaveLength(1);
  });

  it('skips bad entries with reasons and imports the rest', async () => {
    const { draft, report } = await run([
      { username: 'good', client_id: 'c' },
      { client_id: 'c' },
      'not an object',
      { username: 'bad name!', client_id: 'c' },
      { username: 'GOOD', client_id: 'other' },
      { username: 'noclient' },
      { username: 'wrongtype', client_id: 'c', enabled: 'yes' },
      { username: 'chan', client_id: 'c', channels: ['ok', 'not ok', ''] },
    ]);
    expect(draft.accounts.map((a) => a.login)).toEqual(['good', 'chan']);
    expect(report.skipped).toEqual([
      { entry: 1, reason: expect.stringContaining('not a valid user entry') },
      { entry: 2, reason: expect.stringContaining('not a valid user entry') },
      { entry: 3, login: 'bad name!', reason: expect.stringContaining('not a Twitch login') },
      { entry: 4, login: 'good', reason: expect.stringContaining('appears earlier') },
      { entry: 5, login: 'noclient', reason: expect.stringContaining('no client_id') },
      { entry: 6, login: 'wrongtype', reason: expect.stringContaining('not a valid user entry') },
    ]);
    expect(draft.accounts[1]?.channels.map((c) => c.login)).toEqual(['ok']);
    expect(report.warnings.filter((w) => w.login === 'chan').map((w) => w.message)).toEqual([
      expect.stringContaining('channel dropped'),
      expect.stringContaining('channel dropped'),
      expect.stringContaining('no complete login'),
    ]);
  });

  it('updates an account already present (same login) instead of duplicating it', async () => {
    const existing = buildAccount({
      id: 'mine',
      userId: '42',
      login: 'alice',
      clientId: 'old-client',
      clientSecret: { scheme: 'plain', value: 'old-secret' },
      tokens: { accessToken: { scheme: 'plain', value: 'a' }, refreshToken: { scheme: 'plain', value: 'r' }, expiresAt: 5 },
      channels: [{ login: 'forsen', id: '22', enabled: false }],
      addedAt: 1,
    });
    const state = { ...defaultState(), accounts: [existing] };
    const { draft, report } = await run([{ ...fullUser, client_secret: undefined }], state);
    expect(report.updated).toEqual([{ login: 'alice', accountId: 'mine' }]);
    expect(report.imported).toEqual([]);
    expect(draft.accounts).toHaveLength(1);
    expect(draft.accounts[0]).toMatchObject({
      id: 'mine',
      userId: '42',
      clientId: 'cid-a',
      tokens: { refreshToken: sealed('ref-token'), expiresAt: 0 },
      prime: 'yes',
      enabled: false,
      addedAt: 1,
    });
    // The old secret belonged to the old client: dropped with the credentials it came with.
    expect(draft.accounts[0]?.clientSecret).toBeUndefined();
    expect(draft.accounts[0]?.channels).toEqual([
      { login: 'forsen', id: '22', enabled: false },
      { login: 'alice', enabled: true },
      { login: 'xqc', enabled: true },
    ]);
  });

  it('keeps the saved login when the file has none for an existing account', async () => {
    const existing = buildAccount({
      id: 'mine',
      login: 'bob',
      clientId: 'keep',
      tokens: { accessToken: { scheme: 'plain', value: 'a' }, refreshToken: { scheme: 'plain', value: 'r' }, expiresAt: 5 },
      prime: 'yes',
      addedAt: 1,
    });
    const { draft, report } = await run([{ username: 'bob', client_id: 'other' }], { ...defaultState(), accounts: [existing] });
    expect(draft.accounts[0]).toMatchObject({ clientId: 'keep', tokens: { expiresAt: 5 }, prime: 'yes' });
    expect(report.warnings[0]?.message).toMatch(/saved login was kept/);
  });

  it.each([[null], [[]], [{}], [{ users: 'x' }], ['text']])('refuses %j as a whole, changing nothing', async (raw) => {
    await expect(prepareLegacyImport(raw, new PlainSecretBox())).rejects.toThrow(LegacyImportError);
  });
});

describe('readLegacyConfigFile', () => {
  it('reads the JSON file, and explains a missing or damaged one', () => {
    const dir = tempDataDir();
    const path = join(dir, 'twitch_colorchanger.conf');
    writeFileSync(path, JSON.stringify({ users: [fullUser] }));
    expect(readLegacyConfigFile(path)).toEqual({ users: [fullUser] });
    writeFileSync(path, '{"users": [');
    expect(() => readLegacyConfigFile(path)).toThrow(/not valid JSON/);
    expect(() => readLegacyConfigFile(join(dir, 'missing.conf'))).toThrow(/Cannot read/);
  });
});
