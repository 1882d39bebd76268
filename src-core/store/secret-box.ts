import { z } from 'zod';
import { ColorChangerError } from '../runtime/errors.js';

/**
 * Every secret in the store carries the scheme that sealed it, so the desktop app and the
 * headless process, which share one file format, can each tell which secrets they can read.
 * A secret a process cannot open means that account needs a new login, never a crash.
 */
export const sealedSecretSchema = z.discriminatedUnion('scheme', [
  z.object({ scheme: z.literal('plain'), value: z.string() }),
  z.object({ scheme: z.literal('safeStorage'), data: z.base64() }),
]);
export type SealedSecret = z.infer<typeof sealedSecretSchema>;
export type SecretScheme = SealedSecret['scheme'];

export interface SecretBox {
  /** The scheme `seal` produces. */
  readonly scheme: SecretScheme;
  /**
   * Whether what `seal` produces is really encrypted at rest. False for the plain box, and
   * for safeStorage on Linux without a keyring (the `basic_text` backend).
   */
  readonly encryptedAtRest: boolean;
  /** A sentence for the settings screen saying how secrets are kept, and why. */
  readonly description: string;
  /**
   * Asynchronous because the desktop's keyring is (Electron's safeStorage async API; the
   * synchronous one is deprecated in Electron 45 and gone in 46). A caller that must have
   * a secret on disk before relying on it (R32) awaits the seal, then the write.
   */
  seal(plain: string): Promise<SealedSecret>;
  /** Rejects with UndecryptableError when this process cannot read the secret. */
  open(sealed: SealedSecret): Promise<string>;
  /** Whether `open` can work on this secret's scheme here (it may still fail on bad data). */
  canOpen(sealed: SealedSecret): boolean;
}

export type UndecryptableReason = 'scheme_unavailable' | 'decryption_failed';

/** A stored secret this process cannot read. The account needs a new login. */
export class UndecryptableError extends ColorChangerError {
  readonly code = 'secret_undecryptable';
  constructor(
    readonly scheme: SecretScheme,
    readonly reason: UndecryptableReason,
    options?: { cause?: unknown },
  ) {
    super(
      reason === 'scheme_unavailable'
        ? `A saved login was encrypted with ${describeScheme(scheme)}, which this process cannot use; log in again here`
        : `A saved login encrypted with ${describeScheme(scheme)} could not be decrypted (the system keyring may have changed); log in again`,
      options,
    );
  }
}

function describeScheme(scheme: SecretScheme): string {
  return scheme === 'safeStorage' ? "the desktop app's system keyring (safeStorage)" : 'no encryption';
}
