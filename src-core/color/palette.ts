/**
 * The named colors Helix accepts from every user (TWITCH.md §6), with the hex values
 * Twitch reports for them. GET chat/color and chat events report hex only, so comparing
 * "is this the color we set" needs the mapping in both directions.
 */
export const NAMED_COLORS = [
  'blue',
  'blue_violet',
  'cadet_blue',
  'chocolate',
  'coral',
  'dodger_blue',
  'firebrick',
  'golden_rod',
  'green',
  'hot_pink',
  'orange_red',
  'red',
  'sea_green',
  'spring_green',
  'yellow_green',
] as const;

export type NamedColor = (typeof NAMED_COLORS)[number];

const HEX_OF: Readonly<Record<NamedColor, string>> = {
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

/**
 * The named colors by hue, red round to pink, for the rainbow mode of users without
 * Turbo/Prime. Coral and orange red share a hue within a degree; coral goes first for the
 * smoother step from firebrick.
 */
export const SPECTRUM_ORDER: readonly NamedColor[] = [
  'red',
  'firebrick',
  'coral',
  'orange_red',
  'chocolate',
  'golden_rod',
  'yellow_green',
  'green',
  'sea_green',
  'spring_green',
  'cadet_blue',
  'dodger_blue',
  'blue',
  'blue_violet',
  'hot_pink',
];

const NAME_OF_HEX: ReadonlyMap<string, NamedColor> = new Map(
  NAMED_COLORS.map((name) => [HEX_OF[name], name] as const),
);

export function isNamedColor(value: string): value is NamedColor {
  return Object.hasOwn(HEX_OF, value);
}

/** The hex Twitch reports for a named color, as `#RRGGBB` in upper case. */
export function namedColorHex(name: NamedColor): string {
  return HEX_OF[name];
}

/** "blue_violet" -> "Blue Violet", for menus and messages. */
export function namedColorLabel(name: NamedColor): string {
  return name
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/** The named color whose hex is `hex` (`#RRGGBB`, any case), or undefined. */
export function namedColorForHex(hex: string): NamedColor | undefined {
  return NAME_OF_HEX.get(hex.toUpperCase());
}
