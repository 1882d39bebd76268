import { ColorChangerError } from '../runtime/errors.js';
import { DeviceLoginError } from '../twitch/errors.js';
import { SecretRegistry } from '../runtime/logger.js';
import { type ErrorCode, type IpcError, IpcFailure, errorCodeSchema } from './result.js';

/**
 * Turns whatever a handler threw into an error a UI can branch on. Errors the core raises on
 * purpose carry a stable `code` (ColorChangerError subclasses, IpcFailure) and a message
 * written for the user; those cross with the code they map to. A ColorChangerError whose
 * code has no IPC counterpart (a failed store write) is unexpected here: it crosses as
 * `internal` but keeps its message, which was written for users. Anything else is a bug:
 * `internal` with a generic message, because its text was never meant for users and may
 * hold details (paths, values) that do not belong in a UI.
 */
export type MappedError = { error: IpcError; expected: true } | { error: IpcError; expected: false; cause: unknown };

/** Codes of ColorChangerError subclasses that are not themselves IPC error codes. */
const CORE_CODES: Readonly<Record<string, ErrorCode>> = {
  timeout: 'network',
  twitch_api: 'twitch_error',
  hex_rejected: 'twitch_error',
  device_login: 'twitch_error',
  invalid_response: 'twitch_error',
  eventsub_session_gone: 'network',
  secret_undecryptable: 'auth',
  invalid_color: 'invalid_request',
  legacy_import_failed: 'invalid_request',
};

const MAX_MESSAGE = 500;

export function internalMessage(command: string): string {
  return `Something went wrong in the app while handling "${command}"; the log has the details`;
}

export function mapError(error: unknown, command: string, secrets?: SecretRegistry): MappedError {
  const code = codeOf(error, 0);
  if (code && error instanceof Error) return { error: { code, message: cleanMessage(error.message, secrets) }, expected: true };
  const message = error instanceof ColorChangerError ? cleanMessage(error.message, secrets) : internalMessage(command);
  return { error: { code: 'internal', message }, expected: false, cause: error };
}

function codeOf(error: unknown, depth: number): ErrorCode | undefined {
  if (!(error instanceof Error) || depth > 3) return undefined;
  if (error instanceof IpcFailure) return error.code;
  if (error instanceof DeviceLoginError && error.reason === 'invalid_client') return 'invalid_client';
  const raw: unknown = (error as { code?: unknown }).code;
  if (typeof raw !== 'string') return undefined;
  const direct = errorCodeSchema.safeParse(raw);
  if (direct.success) return direct.data;
  if (Object.hasOwn(CORE_CODES, raw)) return CORE_CODES[raw];
  // A retry that gave up is as actionable as its last failure; a bug inside stays a bug.
  if (raw === 'retry_exhausted') return codeOf((error as { lastError?: unknown }).lastError, depth + 1);
  return undefined;
}

/** Core messages are written secret-free; masking is the second line of defence (R34). */
const bearerOnly = new SecretRegistry();

function cleanMessage(message: string, secrets?: SecretRegistry): string {
  const masked = (secrets ?? bearerOnly).mask(message);
  return masked.length > MAX_MESSAGE ? `${masked.slice(0, MAX_MESSAGE - 1)}…` : masked;
}
