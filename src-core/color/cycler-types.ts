import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { ColorValue } from './color-value.js';
import type { ColorMode, PaletteOrder, PrimeStatus, RandomSource } from './options.js';

/** Read at the moment a change runs, so edits made while waiting apply to it. */
export interface CyclerOptions {
  mode: ColorMode;
  palette: readonly ColorValue[];
  paletteOrder: PaletteOrder;
  /** Least time from one automatic change to the next; 0 for none. */
  minIntervalMs: number;
  /** As persisted; see PrimeTracker for how a fresh detection overrides it until persisted. */
  prime: PrimeStatus;
  /** False (account disabled or paused) drops automatic changes; manual ones still run. Default true. */
  enabled?: boolean;
}

/**
 * What came of sending one color, in the cycler's own terms. The account maps Twitch's
 * answers (and errors) to it, so choosing and applying colors knows nothing of Twitch.
 */
export type ApplyOutcome =
  | { kind: 'applied' }
  /** A hex color, refused because the account has neither Turbo nor Prime. */
  | { kind: 'hex_refused'; message: string }
  /** Rate limited: nothing may be sent before `until` (epoch ms), when that is known. */
  | { kind: 'rate_limited'; until: number | undefined }
  /** Anything else. `status` is the HTTP status Twitch answered, if it did (logged, R30). */
  | { kind: 'failed'; error: unknown; status: number | undefined };

export interface ColorCyclerDeps {
  /** Sends the color; resolves with the outcome. Rejects only when `signal` aborted it. */
  setColor(color: ColorValue, signal: AbortSignal): Promise<ApplyOutcome>;
  clock: Clock;
  logger: Logger;
  /** The owner's signal (the account); aborting it stops the cycler. */
  signal?: AbortSignal;
  getOptions(): CyclerOptions;
  /** Persist it; getOptions().prime should show it afterwards. Called once per change of status. */
  onPrimeDetected(status: 'yes' | 'no'): void | Promise<void>;
  onChanged?(color: ColorValue, at: number): void;
  onFailed?(error: unknown): void;
  /** The account's color now, if known, so the first change picks a different one. */
  currentColor?: ColorValue;
  random?: RandomSource;
}

export type ManualChangeResult =
  | { outcome: 'changed'; color: ColorValue }
  /** Hex while the account is known to lack Turbo/Prime: nothing was sent. */
  | { outcome: 'refused'; message: string }
  /** Twitch refused the hex color (no Turbo/Prime); the status is now `no`, nothing changed. */
  | { outcome: 'hex_rejected'; message: string }
  /** A newer `ccc` replaced this one before it ran. */
  | { outcome: 'superseded' }
  | { outcome: 'failed'; error: unknown }
  | { outcome: 'stopped' };
