import type { ColorValue } from './color-value.js';

/** How the next automatic color is chosen. */
export const COLOR_MODES = ['random', 'rainbow', 'palette'] as const;
export type ColorMode = (typeof COLOR_MODES)[number];

/** Palette mode: pick at random, or walk the list in order. */
export const PALETTE_ORDERS = ['random', 'sequential'] as const;
export type PaletteOrder = (typeof PALETTE_ORDERS)[number];

/**
 * Whether the user has Turbo or Prime (hex colors allowed). Twitch has no API for it, so
 * it is learnt from the first hex change: a 400 means `no`, a success `yes`.
 */
export const PRIME_STATUSES = ['unknown', 'yes', 'no'] as const;
export type PrimeStatus = (typeof PRIME_STATUSES)[number];

/** A random source in [0, 1), like Math.random; injectable for reproducible tests. */
export type RandomSource = () => number;

/** What the generator needs to pick the next color. */
export interface GeneratorOptions {
  mode: ColorMode;
  /** The user's list, for palette mode; duplicates count once. */
  palette: readonly ColorValue[];
  paletteOrder: PaletteOrder;
  /** False once the user is known to lack Turbo/Prime: only named colors then. */
  allowHex: boolean;
}
