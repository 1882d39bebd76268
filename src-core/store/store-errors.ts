import { ColorChangerError, describeError } from '../runtime/errors.js';

/** A write did not reach the disk. The change stays in memory and is retried. */
export class StoreWriteError extends ColorChangerError {
  readonly code = 'store_write_failed';
  constructor(
    readonly path: string,
    readonly fsCode: string | undefined,
    cause: unknown,
    readonly willRetry = true,
  ) {
    super(
      `Saving settings to ${path} failed (${describeError(cause)}); free disk space or fix permissions${willRetry ? ', it will be retried' : ''}`,
      { cause },
    );
  }
}

/** The file can be neither read nor moved aside, so starting would risk overwriting it. */
export class StoreUnavailableError extends ColorChangerError {
  readonly code = 'store_unavailable';
  constructor(readonly path: string, problem: string, cause: unknown) {
    super(`${problem}; it could not be moved aside either (${describeError(cause)}). Move ${path} away by hand, then start again`, { cause });
  }
}

/** The store was opened to read (a read-only command such as `status`): nothing may change it (R38). */
export class StoreReadOnlyError extends ColorChangerError {
  readonly code = 'store_read_only';
  constructor() {
    super('The settings were opened read-only for this command; nothing was changed');
  }
}

export class StoreStoppedError extends ColorChangerError {
  readonly code = 'store_stopped';
  constructor() {
    super('The settings store has been stopped; no more changes can be saved');
  }
}
