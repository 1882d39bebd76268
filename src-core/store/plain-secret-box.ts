import { UndecryptableError, type SealedSecret, type SecretBox } from './secret-box.js';

/**
 * The headless process's box: secrets stay readable in the file, which is why the store
 * file is created with mode 0600. It cannot open what the desktop app sealed with
 * safeStorage, and says so with a typed error.
 */
export class PlainSecretBox implements SecretBox {
  readonly scheme = 'plain' as const;
  readonly encryptedAtRest = false;

  constructor(
    readonly description = 'Logins are stored unencrypted in the data folder, readable only by your user (file mode 0600).',
  ) {}

  async seal(plain: string): Promise<SealedSecret> {
    return { scheme: 'plain', value: plain };
  }

  async open(sealed: SealedSecret): Promise<string> {
    if (sealed.scheme === 'plain') return sealed.value;
    throw new UndecryptableError(sealed.scheme, 'scheme_unavailable');
  }

  canOpen(sealed: SealedSecret): boolean {
    return sealed.scheme === 'plain';
  }
}
