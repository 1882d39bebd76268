import { z } from 'zod';
import { ColorChangerError } from '../runtime/errors.js';
import { NAMED_COLORS, isNamedColor, namedColorForHex, namedColorHex, namedColorLabel } from './palette.js';
import type { NamedColor } from './palette.js';

/**
 * A color to send to Twitch. Plain data (it is stored and crosses IPC), always normalised:
 * names are Helix's lower snake_case, hex is `#RRGGBB` in upper case like Twitch reports it.
 */
export type ColorValue =
  | { readonly kind: 'named'; readonly name: NamedColor }
  | { readonly kind: 'hex'; readonly hex: string };

/** A color given by code (not by a user) was not valid. User input goes through parseColor. */
export class InvalidColorError extends ColorChangerError {
  readonly code = 'invalid_color';
  constructor(readonly input: string) {
    super(`"${input}" is not a color: use a Twitch color name or a hex code like #1E90FF`);
  }
}

const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** `#abc`, `abc`, `#aabbcc` or `aabbcc` -> `#AABBCC`; anything else -> undefined. */
export function normalizeHex(input: string): string | undefined {
  const digits = HEX.exec(input.trim())?.[1];
  if (!digits) return undefined;
  const full = digits.length === 3 ? [...digits].map((digit) => digit + digit).join('') : digits;
  return `#${full.toUpperCase()}`;
}

export function namedColor(name: NamedColor): ColorValue {
  return { kind: 'named', name };
}

/** Throws InvalidColorError for anything normalizeHex refuses. */
export function hexColor(hex: string): ColorValue {
  const normal = normalizeHex(hex);
  if (!normal) throw new InvalidColorError(hex);
  return { kind: 'hex', hex: normal };
}

/**
 * The color Twitch reports (GET chat/color, chat events: `#RRGGBB` or '' if never set) as
 * a value to send back, preferring the name when there is one so that users without
 * Turbo/Prime can have it restored.
 */
export function colorFromReportedHex(reported: string): ColorValue | undefined {
  const hex = normalizeHex(reported);
  if (!hex) return undefined;
  const name = namedColorForHex(hex);
  return name ? namedColor(name) : { kind: 'hex', hex };
}

/** The `color` query parameter of PUT chat/color. URLSearchParams turns `#` into `%23`. */
export function toHelixParam(color: ColorValue): string {
  return color.kind === 'named' ? color.name : color.hex;
}

/**
 * How a color is remembered (history, home color, the current color): what was set, a
 * name (`dodger_blue`) or `#RRGGBB`, so it can be set again exactly, by anyone who could
 * set it the first time.
 */
export function storedColor(color: ColorValue): string {
  return color.kind === 'named' ? color.name : color.hex;
}

/**
 * A remembered color (a name, or hex as set or as Twitch reported it) as a value to send;
 * a hex equal to one of the named colors comes back as that name, which every user may set.
 */
export function colorFromStored(text: string): ColorValue | undefined {
  if (isNamedColor(text)) return namedColor(text);
  return colorFromReportedHex(text);
}

/** The form a UI shows: the name when the color is one of the named ones, otherwise `#RRGGBB`. */
export function displayColor(text: string): string {
  const color = colorFromStored(text);
  return color ? storedColor(color) : text;
}

/** `#RRGGBB` for either kind. */
export function colorHex(color: ColorValue): string {
  return color.kind === 'named' ? namedColorHex(color.name) : color.hex;
}

/** Same color on screen: a name and its hex count as the same; hex case is ignored. */
export function sameColor(a: ColorValue | undefined, b: ColorValue | undefined): boolean {
  if (!a || !b) return false;
  return colorHex(a).toUpperCase() === colorHex(b).toUpperCase();
}

/** "Sea Green" or "#2E8B57", for the UI and log lines. */
export function colorLabel(color: ColorValue): string {
  return color.kind === 'named' ? namedColorLabel(color.name) : color.hex;
}

export function isHex(color: ColorValue): color is { readonly kind: 'hex'; readonly hex: string } {
  return color.kind === 'hex';
}

/** Store and IPC schema; normalises hex so old or hand-edited files still load. */
export const colorValueSchema = z.union([
  z.object({ kind: z.literal('named'), name: z.enum(NAMED_COLORS) }),
  z.object({
    kind: z.literal('hex'),
    hex: z
      .string()
      .regex(HEX, 'expected a hex color like #1E90FF')
      .transform((hex) => normalizeHex(hex) ?? hex),
  }),
]) satisfies z.ZodType<ColorValue, unknown>;
