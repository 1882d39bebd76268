import { setMaxListeners } from 'node:events';
import type { Clock } from './clock.js';

/**
 * Conventions for cancellation, shared by every owner (app, account, session):
 * - an owner holds one AbortController and hands its signal to everything it starts;
 * - work started for an owner takes that signal, and a child owner links a controller
 *   of its own to its parent's signal with `childController`;
 * - aborting is how an owner stops: timers are cancelled, sockets closed, loops left.
 */

/** Thrown (as the rejection) when waiting is cut short by an AbortSignal. */
export class AbortedError extends Error {
  override readonly name = 'AbortedError';
  constructor(message = 'The operation was cancelled') {
    super(message);
  }
}

export function isAbortError(error: unknown): boolean {
  return (
    error instanceof AbortedError ||
    (error instanceof Error && (error.name === 'AbortError' || error.name === 'AbortedError'))
  );
}

/** Throws AbortedError when the signal is already aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError();
}

/**
 * Abort listeners an owner's signal may hold before Node warns of a leak. Owners hold one
 * per child and per call in flight (20 accounts; 10 subscription calls with two each), far
 * above Node's 10; a real leak (R14-R16) grows without bound and still trips this.
 */
export const OWNER_SIGNAL_MAX_LISTENERS = 1_000;

/**
 * A controller that aborts when `parent` aborts, and whose own abort leaves the parent
 * alone. The parent listener is removed when the child aborts, so long-lived parents do
 * not collect listeners from short-lived children. Without a parent it is a root owner.
 */
export function childController(parent: AbortSignal | undefined): AbortController {
  const child = new AbortController();
  setMaxListeners(OWNER_SIGNAL_MAX_LISTENERS, child.signal);
  if (!parent) return child;
  if (parent.aborted) {
    child.abort(parent.reason);
    return child;
  }
  const onParentAbort = (): void => child.abort(parent.reason);
  parent.addEventListener('abort', onParentAbort, { once: true });
  child.signal.addEventListener('abort', () => parent.removeEventListener('abort', onParentAbort), {
    once: true,
  });
  return child;
}

/**
 * Runs `fn` when `signal` aborts (at once if it already has). Returns a disposer that
 * removes the listener; call it when the guarded work ends first.
 */
export function onAbort(signal: AbortSignal | undefined, fn: () => void): () => void {
  if (!signal) return () => {};
  if (signal.aborted) {
    fn();
    return () => {};
  }
  signal.addEventListener('abort', fn, { once: true });
  return () => signal.removeEventListener('abort', fn);
}

/** Resolves after `ms` on `clock`; rejects with AbortedError if `signal` aborts first. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortedError());
      return;
    }
    const timer = clock.setTimeout(() => {
      dispose();
      resolve();
    }, ms);
    const dispose = onAbort(signal, () => {
      timer.cancel();
      reject(new AbortedError());
    });
  });
}
