/**
 * The color rules the fake core needs, kept deliberately simple: Twitch's named chat colors
 * (anyone may use them) and #RRGGBB hex (Turbo/Prime only). Input is forgiving the way the
 * real app's is: case-insensitive names, `#abc` shorthand, spaces and underscores ignored.
 */
export const NAMED_COLORS = [
  'Blue',
  'BlueViolet',
  'CadetBlue',
  'Chocolate',
  'Coral',
  'DodgerBlue',
  'Firebrick',
  'GoldenRod',
  'Green',
  'HotPink',
  'OrangeRed',
  'Red',
  'SeaGreen',
  'SpringGreen',
  'YellowGreen',
] as const;

const BY_KEY = new Map(NAMED_COLORS.map((name) => [name.toLowerCase(), name]));

/** The canonical spelling (`HotPink`, `#1E90FF`) or null when it is not a color. */
export function parseColor(input: string): string | null {
  const text = input.trim().replace(/[\s_-]/g, '');
  const named = BY_KEY.get(text.toLowerCase());
  if (named) return named;
  const hex = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(text)?.[1];
  if (!hex) return null;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  return `#${full.toUpperCase()}`;
}

export function isHex(color: string): boolean {
  return color.startsWith('#');
}

/** A pleasant hex color from an HSL walk: saturated, mid lightness. */
export function hslHex(hue: number): string {
  const s = 0.75;
  const l = 0.55;
  const k = (n: number): number => (n + hue / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number): string =>
    Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1))))
      .toString(16)
      .padStart(2, '0');
  return `#${channel(0)}${channel(8)}${channel(4)}`.toUpperCase();
}
