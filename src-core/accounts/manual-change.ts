import { displayColor, storedColor } from '../color/color-value.js';
import type { ManualChangeResult } from '../color/cycler-types.js';
import { describeError } from '../runtime/errors.js';
import { ConflictError, InvalidInputError, UnavailableError } from './core-errors.js';

/** A color set on request (UI, CLI): the color and when, or the typed error the caller shows. */
export function manualChangeOutcome(result: ManualChangeResult, now: number): { color: string; at: number } {
  switch (result.outcome) {
    case 'changed':
      return { color: displayColor(storedColor(result.color)), at: now };
    case 'refused':
    case 'hex_rejected':
      throw new InvalidInputError(result.message);
    case 'superseded':
      throw new ConflictError('A newer color was asked for before this one was sent');
    case 'stopped':
      throw new UnavailableError('The account stopped before the color was changed');
    case 'failed':
      throw result.error;
  }
}

/** Why a change did not happen, in words for the log. */
export function describeOutcome(result: ManualChangeResult): string {
  switch (result.outcome) {
    case 'refused':
    case 'hex_rejected':
      return result.message;
    case 'failed':
      return describeError(result.error);
    default:
      return result.outcome;
  }
}
