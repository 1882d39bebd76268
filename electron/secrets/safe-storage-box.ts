import { safeStorage as electronSafeStorage } from 'electron';
import { PlainSecretBox } from '../../src-core/store/plain-secret-box.js';
import { UndecryptableError, type SealedSecret, type SecretBox } from '../../src-core/store/secret-box.js';

/** The part of Electron's safeStorage the box uses (injectable for tests). */
export type SafeStorageApi = Pick<
  Electron.SafeStorage,
  'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'
>;

export interface SafeStorageBoxOptions {
  safeStorage?: SafeStorageApi;
  platform?: NodeJS.Platform;
}

/**
 * How secrets are kept, for the settings screen: `encrypted` (a real keyring),
 * `obfuscated` (Linux with no keyring: safeStorage's `basic_text` backend uses a fixed key,
 * so the file is not really protected), `unavailable` (stored as plain text, mode 0600).
 */
export type SecretProtection = 'encrypted' | 'obfuscated' | 'unavailable';

export interface SecretBoxReport {
  box: SecretBox;
  protection: SecretProtection;
  /** Linux only: the backend safeStorage picked (`basic_text`, `gnome_libsecret`, `kwallet*`). */
  backend?: string;
}

/**
 * Picks the app's secret box. Call after `app` is ready: before that, safeStorage reports
 * itself unavailable on Linux and Windows.
 */
export function createAppSecretBox(options: SafeStorageBoxOptions = {}): SecretBoxReport {
  const api = options.safeStorage ?? electronSafeStorage;
  const platform = options.platform ?? process.platform;
  if (!api.isEncryptionAvailable()) {
    return {
      box: new PlainSecretBox(
        'The system keyring is not available, so logins are stored unencrypted in the data folder (readable only by your user).',
      ),
      protection: 'unavailable',
    };
  }
  const backend = platform === 'linux' ? api.getSelectedStorageBackend() : undefined;
  const protection: SecretProtection = backend === 'basic_text' ? 'obfuscated' : 'encrypted';
  return { box: new SafeStorageBox(api, protection), protection, ...(backend ? { backend } : {}) };
}

export class SafeStorageBox implements SecretBox {
  readonly scheme = 'safeStorage' as const;
  readonly encryptedAtRest: boolean;
  readonly description: string;
  readonly #api: SafeStorageApi;

  constructor(api: SafeStorageApi, protection: Exclude<SecretProtection, 'unavailable'>) {
    this.#api = api;
    this.encryptedAtRest = protection === 'encrypted';
    this.description =
      protection === 'encrypted'
        ? 'Logins are encrypted with your system keyring.'
        : 'No system keyring was found (Electron uses its "basic_text" store), so logins are only obfuscated, not encrypted. Install and unlock a keyring such as GNOME Keyring or KWallet to encrypt them.';
  }

  seal(plain: string): SealedSecret {
    return { scheme: 'safeStorage', data: this.#api.encryptString(plain).toString('base64') };
  }

  open(sealed: SealedSecret): string {
    // Plain secrets were written headless; they stay readable and can be re-sealed.
    if (sealed.scheme === 'plain') return sealed.value;
    try {
      return this.#api.decryptString(Buffer.from(sealed.data, 'base64'));
    } catch (error) {
      throw new UndecryptableError('safeStorage', 'decryption_failed', { cause: error });
    }
  }

  canOpen(_sealed: SealedSecret): boolean {
    return true;
  }
}
