import { safeStorage as electronSafeStorage } from 'electron';
import { describeError } from '../../src-core/runtime/errors.js';
import { UndecryptableError, type SealedSecret, type SecretBox } from '../../src-core/store/secret-box.js';

/**
 * The part of Electron's safeStorage the box uses: only the asynchronous API (Electron 45
 * deprecates isEncryptionAvailable/encryptString/decryptString; 46 removes them).
 */
export type SafeStorageApi = Pick<Electron.SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'>;

export interface SafeStorageBoxOptions {
  safeStorage?: SafeStorageApi;
  platform?: NodeJS.Platform;
}

/** `keyring`: encrypted with a key the OS keeps for this user. `unencrypted`: plain text in a 0600 file. */
export type SecretProtection = 'keyring' | 'unencrypted';

export interface SecretBoxReport {
  box: SecretBox;
  protection: SecretProtection;
  /** Why logins are (not) encrypted, for the log. */
  reason: string;
  /** Linux only: the password store Electron selected (`basic_text`, `gnome_libsecret`, `kwallet*`). */
  backend?: string;
}

/**
 * Ciphertext tag of Chromium's fixed, hardcoded key ("v10", PosixKeyProvider and the sync
 * basic_text store alike). On Linux the asynchronous API falls back to that key whenever no
 * keyring answers, and still reports itself available; only this tag tells the two apart.
 * (On macOS and Windows "v10" is the real Keychain/DPAPI key, so the check is Linux-only.)
 */
const LINUX_FIXED_KEY_TAG = 'v10';

/**
 * Picks the app's secret box; call after `app` is ready. Deliberate choice for Linux
 * without a keyring: we never opt into safeStorage's plain-text "encryption" (a key anyone
 * can reproduce). Logins are then stored unencrypted in the 0600 store file, and the user
 * is told so, with the reason; the headless CLI can read them too.
 */
export async function createAppSecretBox(options: SafeStorageBoxOptions = {}): Promise<SecretBoxReport> {
  const api = options.safeStorage ?? electronSafeStorage;
  const platform = options.platform ?? process.platform;
  const backend = platform === 'linux' ? api.getSelectedStorageBackend() : undefined;
  const withBackend = backend ? { backend } : {};
  const found = await findKeyring(api, platform, backend);
  if (!found.ok) {
    return { box: new SafeStorageBox(api, { sealWith: 'plain', why: found.why }), protection: 'unencrypted', reason: found.why, ...withBackend };
  }
  const keyring = keyringName(platform, backend);
  return { box: new SafeStorageBox(api, { sealWith: 'safeStorage', keyring }), protection: 'keyring', reason: `encrypted with ${keyring}`, ...withBackend };
}

async function findKeyring(api: SafeStorageApi, platform: NodeJS.Platform, backend: string | undefined): Promise<{ ok: true } | { ok: false; why: string }> {
  if (backend === 'basic_text' || backend === 'unknown') {
    return { ok: false, why: 'no system keyring (GNOME Keyring or KWallet) was found for this desktop' };
  }
  try {
    if (!(await api.isAsyncEncryptionAvailable())) return { ok: false, why: 'the system keyring is not available' };
    if (platform !== 'linux') return { ok: true };
    const probe = await api.encryptStringAsync('keyring-probe');
    if (probe.subarray(0, 3).toString('latin1') === LINUX_FIXED_KEY_TAG) {
      return { ok: false, why: `${keyringName(platform, backend)} did not answer (it may not be installed, running or unlocked)` };
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, why: `the system keyring failed (${describeError(error)})` };
  }
}

function keyringName(platform: NodeJS.Platform, backend: string | undefined): string {
  if (platform === 'darwin') return 'your macOS Keychain';
  if (platform === 'win32') return 'your Windows account (DPAPI)';
  if (backend?.startsWith('kwallet')) return 'KWallet';
  return 'the system keyring (Secret Service, e.g. GNOME Keyring)';
}

type BoxMode = { sealWith: 'safeStorage'; keyring: string } | { sealWith: 'plain'; why: string };

/**
 * Seals with the keyring, or (no keyring) as plain text. Either way it opens both kinds:
 * plain secrets written headless or while no keyring answered, and keyring secrets as
 * long as the keyring can decrypt them.
 */
export class SafeStorageBox implements SecretBox {
  readonly scheme: SealedSecret['scheme'];
  readonly encryptedAtRest: boolean;
  readonly description: string;
  readonly #api: SafeStorageApi;

  constructor(api: SafeStorageApi, mode: BoxMode) {
    this.#api = api;
    this.scheme = mode.sealWith;
    this.encryptedAtRest = mode.sealWith === 'safeStorage';
    this.description =
      mode.sealWith === 'safeStorage'
        ? `Logins are encrypted with ${mode.keyring}: only your user can decrypt them.`
        : `Logins are stored unencrypted, readable only by your user (the file's mode is 0600): ${mode.why}. Set up a keyring and restart the app to have new logins, and each saved login at its next token refresh, encrypted.`;
  }

  async seal(plain: string): Promise<SealedSecret> {
    if (this.scheme === 'plain') return { scheme: 'plain', value: plain };
    const encrypted = await this.#api.encryptStringAsync(plain);
    return { scheme: 'safeStorage', data: encrypted.toString('base64') };
  }

  async open(sealed: SealedSecret): Promise<string> {
    if (sealed.scheme === 'plain') return sealed.value;
    try {
      // `shouldReEncrypt` needs nothing here: tokens are sealed anew at every refresh.
      const { result } = await this.#api.decryptStringAsync(Buffer.from(sealed.data, 'base64'));
      return result;
    } catch (error) {
      throw new UndecryptableError('safeStorage', 'decryption_failed', { cause: error });
    }
  }

  canOpen(_sealed: SealedSecret): boolean {
    return true;
  }
}
