import { ColorChangerError } from '../runtime/errors.js';

/** Errors of user operations on accounts and channels; each `code` is an IPC error code. */
export class NotFoundError extends ColorChangerError {
  readonly code = 'not_found';
}

export class ConflictError extends ColorChangerError {
  readonly code = 'conflict';
}

export class InvalidInputError extends ColorChangerError {
  readonly code = 'invalid_request';
}

export class UnknownChannelError extends ColorChangerError {
  readonly code = 'unknown_channel';
  constructor(readonly login: string) {
    super(`Twitch has no channel named "${login}"; check the spelling`);
  }
}

/** The operation needs something this account does not have yet (e.g. a valid login). */
export class UnavailableError extends ColorChangerError {
  readonly code = 'unsupported';
}
