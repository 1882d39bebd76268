import { z } from 'zod';

/** A closed set of error codes a UI can branch on; the message is for the user. */
export const errorCodeSchema = z.enum([
  'invalid_request', // the payload failed the contract's schema
  'unknown_command',
  'not_found', // no such account, channel or login attempt
  'conflict', // e.g. the channel is already there
  'unknown_channel', // Twitch has no such user
  'twitch_error', // Twitch refused, with its reason in the message
  'invalid_client', // Twitch does not know the client ID (change it before logging in)
  'network', // Twitch could not be reached
  'auth', // the account must log in again
  'unsupported', // not available in this transport or platform
  'forbidden', // the caller is not allowed (bridge token, sender check)
  'internal', // a bug: logged with its stack in main
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const ipcErrorSchema = z.object({ code: errorCodeSchema, message: z.string() });
export type IpcError = z.infer<typeof ipcErrorSchema>;

export type Result<T> = { ok: true; data: T } | { ok: false; error: IpcError };

export const ok = <T>(data: T): Result<T> => ({ ok: true, data });
export const fail = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });

/** Thrown inside handlers to answer with a specific code; anything else becomes `internal`. */
export class IpcFailure extends Error {
  override readonly name = 'IpcFailure';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
