import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openAccountSecrets, sealTokens } from '../../../src-core/store/account-secrets.js';
import { PlainSecretBox } from '../../../src-core/store/plain-secret-box.js';
import { toPublicState } from '../../../src-core/store/public-state.js';
import { buildAccount, defaultState } from '../../../src-core/store/schema.js';
import { UndecryptableError, type SealedSecret, type SecretBox } from '../../../src-core/store/secret-box.js';

const tokens = { accessToken: 'access-token-123', refreshToken: 'refresh-token-456', expiresAt: 99, scopes: ['chat:read'] };

describe('PlainSecretBox (headless)', () => {
  const box = new PlainSecretBox();

  it('seals as a tagged plain secret and opens it', async () => {
    expect(await box.seal('x')).toEqual({ scheme: 'plain', value: 'x' });
    expect(await box.open(await box.seal('x'))).toBe('x');
    expect(box.encryptedAtRest).toBe(false);
    expect(box.description).toMatch(/unencrypted.*0600/);
  });

  it('cannot open what the app sealed with safeStorage, and says so with a typed error', async () => {
    const fromApp: SealedSecret = { scheme: 'safeStorage', data: Buffer.from('ciphertext').toString('base64') };
    expect(box.canOpen(fromApp)).toBe(false);
    await expect(box.open(fromApp)).rejects.toThrow(UndecryptableError);
    await expect(box.open(fromApp)).rejects.toThrow(/log in again/);
  });
});

describe('account secrets', () => {
  const appBox: SecretBox = {
    scheme: 'safeStorage',
    encryptedAtRest: true,
    description: '',
    seal: async (plain) => ({ scheme: 'safeStorage', data: Buffer.from(plain).toString('base64') }),
    open: async (sealed) => (sealed.scheme === 'plain' ? sealed.value : Buffer.from(sealed.data, 'base64').toString()),
    canOpen: () => true,
  };

  it('an account sealed by the app is a needs-login result headless, not a crash', async () => {
    const account = buildAccount({ id: '1', login: 'a', clientId: 'c', tokens: await sealTokens(appBox, tokens), addedAt: 0 });
    const result = await openAccountSecrets(new PlainSecretBox(), account);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'secret_undecryptable', scheme: 'safeStorage', reason: 'scheme_unavailable' });
    expect(await openAccountSecrets(appBox, account)).toEqual({ ok: true, secrets: { tokens } });
  });

  it('the app opens the plain secrets a headless run wrote', async () => {
    const plain = new PlainSecretBox();
    const account = buildAccount({ id: '1', login: 'a', clientId: 'c', clientSecret: await plain.seal('cs'), tokens: await sealTokens(plain, tokens), addedAt: 0 });
    expect(await openAccountSecrets(appBox, account)).toEqual({ ok: true, secrets: { clientSecret: 'cs', tokens } });
  });

  it('the public view of the state carries no secret', async () => {
    const plain = new PlainSecretBox();
    const account = buildAccount({ id: '1', login: 'a', clientId: 'c', clientSecret: await plain.seal('client-secret-789'), tokens: await sealTokens(plain, tokens), addedAt: 0 });
    const view = toPublicState({ ...defaultState(), accounts: [account] });
    expect(view.accounts[0]).toMatchObject({ hasClientSecret: true, tokens: { expiresAt: 99, scopes: ['chat:read'], scheme: 'plain' } });
    const text = JSON.stringify(view) + inspect(view, { depth: 10 });
    for (const secret of ['access-token-123', 'refresh-token-456', 'client-secret-789']) expect(text).not.toContain(secret);
  });
});
