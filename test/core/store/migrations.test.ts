import { describe, expect, it } from 'vitest';
import { InvalidStoreError, UnsupportedStoreVersionError, migrateStore } from '../../../src-core/store/migrations.js';
import { STORE_VERSION, buildAccount, defaultState, persistedStateSchema, withRecentColor } from '../../../src-core/store/schema.js';

const ctx = { now: 1_700_000_000_000, newId: (() => { let n = 0; return () => `id-${++n}`; })() };

const minimalAccount = { id: 'a1', login: 'alice', clientId: 'cid', addedAt: 1 };

describe('the version 2 schema', () => {
  it('fills every missing optional section with its default', () => {
    const { state } = migrateStore({ version: 2, accounts: [minimalAccount] }, ctx);
    expect(state).toEqual({
      version: 2,
      settings: { pauseAll: false, startOnBoot: false, startHidden: false, checkForUpdates: true },
      accounts: [
        {
          id: 'a1',
          login: 'alice',
          clientId: 'cid',
          addedAt: 1,
          enabled: true,
          channels: [],
          followLive: { enabled: false, max: 50, off: [] },
          color: { mode: 'random', palette: [], paletteOrder: 'random', minIntervalSec: 0 },
          prime: 'unknown',
          home: { restore: false },
          recentColors: [],
        },
      ],
    });
  });

  it('defaults to an empty store', () => {
    expect(defaultState()).toEqual({ version: 2, settings: { pauseAll: false, startOnBoot: false, startHidden: false, checkForUpdates: true }, accounts: [] });
  });

  it('keeps a full account as written, sealed secrets included', () => {
    const account = buildAccount({
      ...minimalAccount,
      userId: '123',
      displayName: 'Alice',
      clientSecret: { scheme: 'plain', value: 's3cret' },
      tokens: { accessToken: { scheme: 'safeStorage', data: 'ZW5jOmFiYw==' }, refreshToken: { scheme: 'plain', value: 'r' }, expiresAt: 5, scopes: ['user:manage:chat_color'] },
      enabled: false,
      channels: [{ login: 'alice', id: '123', enabled: false }],
      followLive: { enabled: true, max: 120, maxViewers: 5_000, off: [{ id: '77', login: 'loud' }] },
      color: { mode: 'palette', palette: ['#ff0000', 'Blue'], paletteOrder: 'sequential', minIntervalSec: 30 },
      prime: 'yes',
      home: { restore: true, color: '#123456' },
      recentColors: [{ color: 'Red', at: 3 }],
    });
    const { state, migrated } = migrateStore({ version: 2, settings: { clientId: 'app', pauseAll: true }, accounts: [account] }, ctx);
    expect(migrated).toBe(false);
    expect(state.accounts[0]).toEqual(account);
    expect(state.settings).toEqual({ clientId: 'app', pauseAll: true, startOnBoot: false, startHidden: false, checkForUpdates: true });
  });

  it('keeps at most 10 recent colors, newest first', () => {
    const colors = Array.from({ length: 14 }, (_, i) => ({ color: `c${i}`, at: i }));
    const { state } = migrateStore({ version: 2, accounts: [{ ...minimalAccount, recentColors: colors }] }, ctx);
    expect(state.accounts[0]?.recentColors).toEqual(colors.slice(0, 10));
    const list = withRecentColor(colors.slice(0, 10), { color: 'new', at: 99 });
    expect(list).toHaveLength(10);
    expect(list[0]).toEqual({ color: 'new', at: 99 });
  });

  it('rejects a secret without its scheme tag', () => {
    const bad = { version: 2, accounts: [{ ...minimalAccount, clientSecret: 'bare-string' }] };
    expect(() => migrateStore(bad, ctx)).toThrow(InvalidStoreError);
    expect(persistedStateSchema.safeParse(bad).success).toBe(false);
  });
});

describe('migrateStore', () => {
  it('upgrades an unversioned file, giving accounts ids and addedAt', () => {
    const result = migrateStore({ settings: { startHidden: true }, accounts: [{ login: 'bob', clientId: 'c' }, { ...minimalAccount }] }, ctx);
    expect(result.from).toBe('unversioned');
    expect(result.migrated).toBe(true);
    expect(result.state.version).toBe(STORE_VERSION);
    expect(result.state.settings.startHidden).toBe(true);
    expect(result.state.accounts.map((a) => [a.id, a.login, a.addedAt])).toEqual([
      ['id-1', 'bob', ctx.now],
      ['a1', 'alice', 1],
    ]);
  });

  it('v1 -> v2: a file version 1 wrote loads whole; its accounts get "Live channels I follow" off, nothing else changes', () => {
    const v1Account = {
      id: 'a1',
      userId: '123',
      login: 'alice',
      displayName: 'Alice',
      clientId: 'cid',
      tokens: { accessToken: { scheme: 'plain', value: 'a' }, refreshToken: { scheme: 'plain', value: 'r' }, expiresAt: 5, scopes: ['user:read:chat', 'user:manage:chat_color'] },
      enabled: false,
      channels: [{ login: 'alice', id: '123', enabled: true }, { login: 'bob', enabled: false }],
      color: { mode: 'palette', palette: ['red'], paletteOrder: 'sequential', minIntervalSec: 5 },
      prime: 'no',
      home: { restore: true, color: 'blue' },
      recentColors: [{ color: 'red', at: 9 }],
      addedAt: 2,
    };
    const v1File = { version: 1, settings: { clientId: 'app', pauseAll: true, startOnBoot: true, startHidden: false, checkForUpdates: false }, accounts: [v1Account, { ...minimalAccount, id: 'a2' }] };
    const result = migrateStore(structuredClone(v1File), ctx);
    expect(result).toMatchObject({ from: 1, migrated: true });
    expect(result.state.version).toBe(2);
    expect(result.state.settings).toEqual(v1File.settings);
    expect(result.state.accounts[0]).toEqual({ ...v1Account, followLive: { enabled: false, max: 50, off: [] } });
    expect(result.state.accounts.map((a) => a.followLive.enabled)).toEqual([false, false]);
  });

  it('treats an empty object as an unversioned, empty store', () => {
    expect(migrateStore({}, ctx)).toEqual({ state: defaultState(), from: 'unversioned', migrated: true });
  });

  it('refuses a file from a newer version with a clear error', () => {
    const error = (() => {
      try {
        migrateStore({ version: 7, accounts: [] }, ctx);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UnsupportedStoreVersionError);
    expect((error as UnsupportedStoreVersionError).version).toBe(7);
    expect((error as Error).message).toMatch(/newer Twitch ColorChanger.*version 7.*left as it is.*Update the app/);
  });

  it.each([
    [null, /not a JSON object/],
    [[1, 2], /not a JSON object/],
    ['text', /not a JSON object/],
    [{ version: '1' }, /not a format version number/],
    [{ version: 1.5 }, /not a format version number/],
    [{ version: -1 }, /not a format version number/],
    [{ version: 1, accounts: 'nope' }, /accounts/],
    [{ version: 2, accounts: [{ login: 'x' }] }, /format version 2/],
    [{ version: 1, accounts: [{ login: 'x' }] }, /format version 2/],
    [{ users: [{ username: 'old' }] }, /Python bot.*Import/],
  ])('explains why %j cannot be used', (raw, message) => {
    expect(() => migrateStore(raw, ctx)).toThrow(InvalidStoreError);
    expect(() => migrateStore(raw, ctx)).toThrow(message);
  });

  it('never echoes secret values in its errors', () => {
    const raw = { version: 2, accounts: [{ ...minimalAccount, tokens: { accessToken: { scheme: 'plain', value: 'supersecretaccesstoken' }, refreshToken: 42, expiresAt: 1 } }] };
    expect(() => migrateStore(raw, ctx)).toThrow(InvalidStoreError);
    try {
      migrateStore(raw, ctx);
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('supersecretaccesstoken');
    }
  });
});
