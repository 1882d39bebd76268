/**
 * The fake `safeStorage` (see electron.ts), reporting per OS and per Linux password store
 * exactly what Electron 45 reports. Sources: api/safe-storage.md and
 * shell/browser/api/electron_api_safe_storage.cc (Electron), whose asynchronous encryptor
 * comes from Chromium's os_crypt_async key providers registered in
 * shell/browser/browser_process_impl.cc (CreateOSCryptAsync):
 *
 * - Before `ready`: isAsyncEncryptionAvailable() resolves false, encrypt/decryptStringAsync
 *   reject "safeStorage cannot be used before app is ready", getSelectedStorageBackend()
 *   returns 'unknown'.
 * - macOS (Keychain) and Windows (DPAPI): the asynchronous API is available; ciphertext
 *   starts with "v10".
 * - Linux: getSelectedStorageBackend() names the store chosen from the desktop or
 *   --password-store: 'basic_text' (no known desktop), 'gnome_libsecret', 'kwallet',
 *   'kwallet5', 'kwallet6'. The name is the choice, not a promise that the store answers.
 *   The asynchronous API asks the Secret Service (FreedesktopSecretKeyProvider, tag
 *   "v11"); when no keyring answers, or the backend is basic_text, Chromium's
 *   PosixKeyProvider (precedence 5, "used as a fallback") supplies a hardcoded key with
 *   tag "v10", and isAsyncEncryptionAvailable() still resolves TRUE: availability alone
 *   cannot tell real encryption from the fixed key on Linux; the "v10" tag can.
 *   setUsePlainTextEncryption(true) makes basic_text count as available at once.
 * - The deprecated synchronous API (isEncryptionAvailable etc., removed in Electron 46)
 *   is kept with its Linux rule (a real key, or plain-text opt-in with basic_text) so a
 *   test can show that the app no longer calls it.
 * - decryptStringAsync resolves { result, shouldReEncrypt }; shouldReEncrypt is true
 *   when the data used the fixed key and a keyring key now exists. Data without a known
 *   tag, or a keyring's data while no keyring answers, is rejected.
 *
 * `linux` configures the fake Linux machine: the selected backend and whether a keyring
 * answers ('none' in tests = a desktop backend selected, no Secret Service running).
 */
import { fakeOs } from './electron-app.js';
import { app } from './electron-app.js';

export type LinuxBackend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6';

const KEYRING_TAG = 'v11';
const FIXED_KEY_TAG = 'v10';

function seal(tag: string, plain: string): Buffer {
  // Reversible but not plaintext, so tests can tell ciphertext from the secret.
  return Buffer.concat([Buffer.from(tag, 'latin1'), Buffer.from(Buffer.from(plain, 'utf8').toString('base64').split('').reverse().join(''), 'latin1')]);
}

function unseal(data: Buffer): { tag: string; plain: string } | null {
  const text = data.toString('latin1');
  const tag = text.slice(0, 3);
  if (tag !== KEYRING_TAG && tag !== FIXED_KEY_TAG) return null;
  return { tag, plain: Buffer.from(text.slice(3).split('').reverse().join(''), 'base64').toString('utf8') };
}

export const safeStorage = {
  linux: { backend: 'gnome_libsecret' as LinuxBackend, keyringAnswers: true },
  usePlainTextEncryption: false,
  /** Calls of the deprecated synchronous API, so tests can assert there are none. */
  syncCalls: 0,

  keyringKey(): boolean {
    return fakeOs.platform === 'linux' && safeStorage.linux.backend !== 'basic_text' && safeStorage.linux.keyringAnswers;
  },
  tag(): string {
    return safeStorage.keyringKey() ? KEYRING_TAG : FIXED_KEY_TAG;
  },

  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return app.isReady();
  },
  async encryptStringAsync(plainText: string): Promise<Buffer> {
    if (!app.isReady()) throw new Error('safeStorage cannot be used before app is ready');
    return seal(safeStorage.tag(), plainText);
  },
  async decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }> {
    if (!app.isReady()) throw new Error('safeStorage cannot be used before app is ready');
    if (!Buffer.isBuffer(encrypted)) throw new Error('Expected the first argument of decryptStringAsync() to be a buffer');
    if (encrypted.length === 0) return { shouldReEncrypt: false, result: '' };
    const opened = unseal(encrypted);
    const keyringNeeded = opened?.tag === KEYRING_TAG && fakeOs.platform === 'linux';
    if (!opened || (keyringNeeded && !safeStorage.keyringKey())) {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptStringAsync.');
    }
    return { shouldReEncrypt: opened.tag === FIXED_KEY_TAG && safeStorage.keyringKey(), result: opened.plain };
  },
  /** Linux only: the method does not exist elsewhere (electron_api_safe_storage.cc registers it under IS_LINUX). */
  getSelectedStorageBackend(): LinuxBackend | 'unknown' {
    if (fakeOs.platform !== 'linux') throw new TypeError('safeStorage.getSelectedStorageBackend is not a function');
    return app.isReady() ? safeStorage.linux.backend : 'unknown';
  },
  setUsePlainTextEncryption(usePlainText: boolean): void {
    safeStorage.usePlainTextEncryption = usePlainText;
  },

  /** @deprecated Electron 45 deprecates it; 46 removes it. */
  isEncryptionAvailable(): boolean {
    safeStorage.syncCalls += 1;
    if (!app.isReady()) return false;
    if (fakeOs.platform !== 'linux') return true;
    return safeStorage.keyringKey() || (safeStorage.usePlainTextEncryption && safeStorage.linux.backend === 'basic_text');
  },
  /** @deprecated Electron 45 deprecates it; 46 removes it. */
  encryptString(plainText: string): Buffer {
    safeStorage.syncCalls += 1;
    if (!safeStorage.isEncryptionAvailable()) throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
    return seal(safeStorage.tag(), plainText);
  },
  /** @deprecated Electron 45 deprecates it; 46 removes it. */
  decryptString(encrypted: Buffer): string {
    safeStorage.syncCalls += 1;
    const opened = unseal(encrypted);
    if (!safeStorage.isEncryptionAvailable() || !opened) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return opened.plain;
  },
};

export function resetSafeStorage(): void {
  safeStorage.linux = { backend: 'gnome_libsecret', keyringAnswers: true };
  safeStorage.usePlainTextEncryption = false;
  safeStorage.syncCalls = 0;
}
