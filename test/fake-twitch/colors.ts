/** The Helix named colors and the hex codes Twitch's CLI mock maps them to (TWITCH.md §6). */
export const NAMED_COLORS: Readonly<Record<string, string>> = {
  blue: '#0000FF',
  blue_violet: '#8A2BE2',
  cadet_blue: '#5F9EA0',
  chocolate: '#D2691E',
  coral: '#FF7F50',
  dodger_blue: '#1E90FF',
  firebrick: '#B22222',
  golden_rod: '#DAA520',
  green: '#008000',
  hot_pink: '#FF69B4',
  orange_red: '#FF4500',
  red: '#FF0000',
  sea_green: '#2E8B57',
  spring_green: '#00FF7F',
  yellow_green: '#9ACD32',
};

export type ColorVerdict =
  | { ok: true; hex: string }
  | { ok: false; reason: 'missing' | 'invalid' | 'hex_needs_prime_or_turbo' };

/**
 * Names are matched exactly (lower case): Twitch's case handling is unverified, so the fake
 * is strict and catches clients that send `BlueViolet` or `Blue`.
 */
export function resolveColor(value: string | undefined, hexAllowed: boolean): ColorVerdict {
  if (value === undefined || value === '') return { ok: false, reason: 'missing' };
  const named = Object.hasOwn(NAMED_COLORS, value) ? NAMED_COLORS[value] : undefined;
  if (named) return { ok: true, hex: named };
  if (/^#[0-9a-fA-F]{6}$/.test(value)) {
    return hexAllowed ? { ok: true, hex: value.toUpperCase() } : { ok: false, reason: 'hex_needs_prime_or_turbo' };
  }
  return { ok: false, reason: 'invalid' };
}
