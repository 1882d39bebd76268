import { safeStorage } from 'electron';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppSecretBox } from '../../../electron/secrets/safe-storage-box.js';
import { PlainSecretBox } from '../../../src-core/store/plain-secret-box.js';
import { UndecryptableError } from '../../../src-core/store/secret-box.js';
import { resetFakeElectron, safeStorage as fake } from '../../fakes/electron.js';

afterEach(() => resetFakeElectron());

describe('the app secret box', () => {
  it('encrypts with safeStorage when a real keyring is there', () => {
    const { box, protection, backend } = createAppSecretBox({ platform: 'linux' });
    expect(protection).toBe('encrypted');
    expect(backend).toBe('gnome_libsecret');
    expect(box.encryptedAtRest).toBe(true);
    const sealed = box.seal('my-refresh-token');
    expect(sealed.scheme).toBe('safeStorage');
    expect(JSON.stringify(sealed)).not.toContain('my-refresh-token');
    expect(Buffer.from(sealed.scheme === 'safeStorage' ? sealed.data : '', 'base64').toString()).toMatch(/^enc:/);
    expect(box.open(sealed)).toBe('my-refresh-token');
  });

  it('on Linux with only basic_text, still uses safeStorage but reports plainly that it is not encrypted', () => {
    fake.backend = 'basic_text';
    const { box, protection, backend } = createAppSecretBox({ platform: 'linux' });
    expect(protection).toBe('obfuscated');
    expect(backend).toBe('basic_text');
    expect(box.scheme).toBe('safeStorage');
    expect(box.encryptedAtRest).toBe(false);
    expect(box.description).toMatch(/not encrypted/);
  });

  it('does not ask for a storage backend outside Linux', () => {
    fake.backend = 'basic_text';
    const { protection, backend } = createAppSecretBox({ platform: 'darwin' });
    expect(protection).toBe('encrypted');
    expect(backend).toBeUndefined();
  });

  it('falls back to plain secrets, and says so, when encryption is unavailable', () => {
    fake.available = false;
    const { box, protection } = createAppSecretBox({ safeStorage, platform: 'linux' });
    expect(protection).toBe('unavailable');
    expect(box).toBeInstanceOf(PlainSecretBox);
    expect(box.encryptedAtRest).toBe(false);
    expect(box.description).toMatch(/not available.*unencrypted/);
    expect(box.seal('t')).toEqual({ scheme: 'plain', value: 't' });
  });

  it('a secret safeStorage can no longer decrypt is a typed error, not a crash', () => {
    const { box } = createAppSecretBox({ platform: 'linux' });
    const sealed = box.seal('token');
    fake.available = false;
    expect(() => box.open(sealed)).toThrow(UndecryptableError);
    fake.available = true;
    expect(() => box.open({ scheme: 'safeStorage', data: Buffer.from('garbage').toString('base64') })).toThrow(
      expect.objectContaining({ code: 'secret_undecryptable', reason: 'decryption_failed' }),
    );
  });

  it('opens plain secrets the headless process wrote; the headless box cannot open the app ones', () => {
    const { box } = createAppSecretBox({ platform: 'linux' });
    const headless = new PlainSecretBox();
    expect(box.open(headless.seal('from-cli'))).toBe('from-cli');
    expect(box.canOpen(headless.seal('x'))).toBe(true);
    expect(() => headless.open(box.seal('from-app'))).toThrow(UndecryptableError);
  });
});
