import { colorFromReportedHex, colorHex, namedColor, sameColor } from './color-value.js';
import type { ColorValue } from './color-value.js';
import { hexToHsl, hslToHex } from './hsl.js';
import type { Hsl } from './hsl.js';
import type { GeneratorOptions, RandomSource } from './options.js';
import { NAMED_COLORS, SPECTRUM_ORDER } from './palette.js';

/** Random hex colors stay readable on Twitch's light and dark themes. */
export const PLEASANT = {
  hue: { min: 0, max: 359 },
  saturation: { min: 60, max: 100 },
  lightness: { min: 35, max: 75 },
} as const;

/** Rainbow hex walk: 15 steps round the wheel, like the 15 named colors. */
export const RAINBOW_HUE_STEP = 24;
const RAINBOW_SATURATION = 85;
const RAINBOW_LIGHTNESS = 55;

/** A uniform integer in [min, max]. */
function randomInt(random: RandomSource, min: number, max: number): number {
  // Clamped: a broken random source returning 1 must not pick one past the end.
  const offset = Math.min(max - min, Math.floor(random() * (max - min + 1)));
  return min + Math.max(0, offset);
}

function pick<T>(random: RandomSource, items: readonly T[]): T | undefined {
  return items.length === 0 ? undefined : items[randomInt(random, 0, items.length - 1)];
}

/** Integer HSL inside the PLEASANT bounds. */
export function randomPleasantHsl(random: RandomSource): Hsl {
  return {
    h: randomInt(random, PLEASANT.hue.min, PLEASANT.hue.max),
    s: randomInt(random, PLEASANT.saturation.min, PLEASANT.saturation.max),
    l: randomInt(random, PLEASANT.lightness.min, PLEASANT.lightness.max),
  };
}

/** Any named color but `previous`. */
export function randomNamed(random: RandomSource, previous?: ColorValue): ColorValue {
  const choices = NAMED_COLORS.map(namedColor).filter((color) => !sameColor(color, previous));
  return pick(random, choices) ?? namedColor('blue');
}

/** A pleasant hex color other than `previous`. */
export function randomPleasantHex(random: RandomSource, previous?: ColorValue): ColorValue {
  const hsl = randomPleasantHsl(random);
  let color: ColorValue = { kind: 'hex', hex: hslToHex(hsl) };
  // A repeat is a 1-in-millions draw; stepping the hue half round cannot be one (s >= 60).
  if (sameColor(color, previous)) color = { kind: 'hex', hex: hslToHex({ ...hsl, h: (hsl.h + 180) % 360 }) };
  return color;
}

/**
 * Picks colors for one account. Remembers only where the rainbow and the ordered palette
 * are; the previous color is passed in, because only the caller knows what Twitch
 * accepted (a rejected or failed change did not change the color).
 */
export class ColorGenerator {
  readonly #random: RandomSource;
  #hue: number | undefined;
  #spectrumIndex: number | undefined;
  #paletteIndex = -1;

  constructor(options: { random?: RandomSource } = {}) {
    this.#random = options.random ?? Math.random;
  }

  /**
   * The next color, never the same as `previous` (a name and its hex count as the same).
   * Undefined only when the palette offers no other color (a one-color palette already
   * set): then there is nothing to change.
   */
  next(options: GeneratorOptions, previous?: ColorValue): ColorValue | undefined {
    switch (options.mode) {
      case 'random':
        return options.allowHex ? randomPleasantHex(this.#random, previous) : randomNamed(this.#random, previous);
      case 'rainbow':
        return options.allowHex ? this.#rainbowHex(previous) : this.#rainbowNamed(previous);
      case 'palette':
        return this.#fromPalette(options, previous);
    }
  }

  #rainbowHex(previous: ColorValue | undefined): ColorValue {
    if (this.#hue === undefined) {
      // Continue from where the color is now, so switching modes does not jump.
      this.#hue = previous ? Math.round(hexToHsl(colorHex(previous)).h) : randomInt(this.#random, 0, 359);
    }
    for (;;) {
      this.#hue = (this.#hue + RAINBOW_HUE_STEP) % 360;
      const color: ColorValue = {
        kind: 'hex',
        hex: hslToHex({ h: this.#hue, s: RAINBOW_SATURATION, l: RAINBOW_LIGHTNESS }),
      };
      if (!sameColor(color, previous)) return color;
    }
  }

  #rainbowNamed(previous: ColorValue | undefined): ColorValue {
    if (this.#spectrumIndex === undefined) {
      const at = SPECTRUM_ORDER.findIndex((name) => sameColor(namedColor(name), previous));
      this.#spectrumIndex = at >= 0 ? at : randomInt(this.#random, 0, SPECTRUM_ORDER.length - 1) - 1;
    }
    for (;;) {
      this.#spectrumIndex = (this.#spectrumIndex + 1) % SPECTRUM_ORDER.length;
      const color = namedColor(SPECTRUM_ORDER[this.#spectrumIndex] ?? 'red');
      if (!sameColor(color, previous)) return color;
    }
  }

  #fromPalette(options: GeneratorOptions, previous: ColorValue | undefined): ColorValue | undefined {
    const entries = usablePalette(options.palette, options.allowHex);
    // Without usable entries (empty, or all hex for a user without Turbo/Prime) fall back
    // to what random mode would do rather than stop changing colors.
    if (entries.length === 0) return this.next({ ...options, mode: 'random' }, previous);
    if (options.paletteOrder === 'random') {
      return pick(this.#random, entries.filter((color) => !sameColor(color, previous)));
    }
    for (let step = 0; step < entries.length; step += 1) {
      this.#paletteIndex = (this.#paletteIndex + 1) % entries.length;
      const color = entries[this.#paletteIndex];
      if (color && !sameColor(color, previous)) return color;
    }
    return undefined;
  }
}

/** Deduplicated; without hex, hex entries that match a name become that name, others go. */
export function usablePalette(palette: readonly ColorValue[], allowHex: boolean): ColorValue[] {
  const out: ColorValue[] = [];
  for (const entry of palette) {
    const color = allowHex || entry.kind === 'named' ? entry : colorFromReportedHex(entry.hex);
    if (!color || (!allowHex && color.kind === 'hex')) continue;
    if (!out.some((seen) => sameColor(seen, color))) out.push(color);
  }
  return out;
}
