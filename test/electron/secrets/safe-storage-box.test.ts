import { afterEach, describe, expect, it } from 'vitest';
import { createAppSecretBox } from '../../../electron/secrets/safe-storage-box.js';
import { PlainSecretBox } from '../../../src-core/store/plain-secret-box.js';
import { UndecryptableError } from '../../../src-core/store/secret-box.js';
import { fakeOs, resetFakeElectron, safeStorage as fake } from '../../fakes/electron.js';

afterEach(() => resetFakeElectron());

const KEYRING = /^Logins are encrypted with/;
const UNENCRYPTED = /^Logins are stored unencrypted, readable only by your user/;

describe('the app secret box (defect 5: safeStorage, asynchronous, and the truth about it)', () => {
  it('Linux with a keyring that answers: encrypted with it, only through the asynchronous API', async () => {
    const { box, protection, backend } = await createAppSecretBox({ platform: 'linux' });
    expect({ protection, backend, encryptedAtRest: box.encryptedAtRest }).toEqual({ protection: 'keyring', backend: 'gnome_libsecret', encryptedAtRest: true });
    expect(box.description).toMatch(KEYRING);
    const sealed = await box.seal('my-refresh-token');
    expect(sealed.scheme).toBe('safeStorage');
    expect(JSON.stringify(sealed)).not.toContain('my-refresh-token');
    expect(await box.open(sealed)).toBe('my-refresh-token');
    // Electron 45 deprecates the synchronous API and 46 removes it: the app never calls it.
    expect(fake.syncCalls).toBe(0);
  });

  // What real Electron reports per Linux password store (see test/fakes/electron-safe-storage.ts).
  it.each([
    ['basic_text (no known desktop)', 'basic_text', true, 'unencrypted', /no system keyring/],
    ['gnome_libsecret, keyring running', 'gnome_libsecret', true, 'keyring', /Secret Service/],
    ['gnome_libsecret, no keyring running (none)', 'gnome_libsecret', false, 'unencrypted', /did not answer/],
    ['kwallet5, wallet open', 'kwallet5', true, 'keyring', /KWallet/],
    ['kwallet6, no wallet (none)', 'kwallet6', false, 'unencrypted', /KWallet did not answer/],
    ['kwallet, wallet open', 'kwallet', true, 'keyring', /KWallet/],
  ] as const)('Linux, %s: %s', async (_name, backend, keyringAnswers, protection, why) => {
    fake.linux = { backend, keyringAnswers };
    const report = await createAppSecretBox({ platform: 'linux' });
    expect(report.protection).toBe(protection);
    expect(report.backend).toBe(backend);
    expect(report.box.description).toMatch(protection === 'keyring' ? KEYRING : UNENCRYPTED);
    expect(report.box.description).toMatch(why);
    const sealed = await report.box.seal('token-123');
    // No keyring: never Electron's fixed "plain-text encryption" key, but honest plain text.
    expect(sealed.scheme).toBe(protection === 'keyring' ? 'safeStorage' : 'plain');
    expect(report.box.encryptedAtRest).toBe(protection === 'keyring');
    expect(await report.box.open(sealed)).toBe('token-123');
    expect(fake.usePlainTextEncryption).toBe(false);
    expect(fake.syncCalls).toBe(0);
  });

  it.each(['darwin', 'win32'] as const)('%s: encrypted with the system keyring; no Linux backend is asked for', async (platform) => {
    fakeOs.platform = platform;
    const { box, protection, backend } = await createAppSecretBox({ platform });
    expect(protection).toBe('keyring');
    expect(backend).toBeUndefined();
    expect(box.description).toMatch(platform === 'darwin' ? /macOS Keychain/ : /Windows account/);
    expect(await box.open(await box.seal('t'))).toBe('t');
  });

  it('a login the keyring can no longer decrypt (keyring gone) is a typed error, not a crash', async () => {
    const { box } = await createAppSecretBox({ platform: 'linux' });
    const sealed = await box.seal('token');
    fake.linux = { backend: 'gnome_libsecret', keyringAnswers: false };
    await expect(box.open(sealed)).rejects.toBeInstanceOf(UndecryptableError);
    await expect(box.open({ scheme: 'safeStorage', data: Buffer.from('garbage').toString('base64') })).rejects.toMatchObject({
      code: 'secret_undecryptable',
      reason: 'decryption_failed',
    });
  });

  it('without a keyring: plain logins open, keyring-sealed ones are a typed error (log in again)', async () => {
    const withKeyring = (await createAppSecretBox({ platform: 'linux' })).box;
    const sealed = await withKeyring.seal('sealed-before');
    fake.linux = { backend: 'basic_text', keyringAnswers: false };
    const { box } = await createAppSecretBox({ platform: 'linux' });
    expect(box.scheme).toBe('plain');
    expect(await box.open({ scheme: 'plain', value: 'p' })).toBe('p');
    await expect(box.open(sealed)).rejects.toBeInstanceOf(UndecryptableError);
  });

  it('opens plain secrets the headless process wrote; the headless box cannot open the app ones', async () => {
    const { box } = await createAppSecretBox({ platform: 'linux' });
    const headless = new PlainSecretBox();
    expect(await box.open(await headless.seal('from-cli'))).toBe('from-cli');
    expect(box.canOpen(await headless.seal('x'))).toBe(true);
    await expect(headless.open(await box.seal('from-app'))).rejects.toBeInstanceOf(UndecryptableError);
  });
});
