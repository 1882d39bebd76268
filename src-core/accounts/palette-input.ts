import { displayColor, storedColor } from '../color/color-value.js';
import { parseColor } from '../color/parse-color.js';
import type { PrimeStatus } from '../color/options.js';
import { InvalidInputError } from './core-errors.js';

/**
 * A palette as a user typed it (UI, `mode ... palette`), checked and in stored form: names
 * as Twitch's names, a hex equal to a named color as that name, other hex as `#RRGGBB`.
 * An account known to lack Turbo/Prime may not add hex colors it could never wear; the
 * ones already there stay (the UI marks them) until the user removes them.
 */
export function paletteFromInput(entries: readonly string[], previous: readonly string[], prime: PrimeStatus): string[] {
  const kept = new Set(previous.map((entry) => displayColor(entry)));
  return entries.map((entry) => {
    const parsed = parseColor(entry);
    if (!parsed.ok) throw new InvalidInputError(parsed.message);
    const color = displayColor(storedColor(parsed.color));
    if (prime === 'no' && color.startsWith('#') && !kept.has(color)) {
      throw new InvalidInputError(`${color} is a hex color, which needs Turbo or Prime. Choose one of Twitch’s 15 named colors instead.`);
    }
    return color;
  });
}
