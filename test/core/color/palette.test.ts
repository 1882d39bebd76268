import { describe, expect, it } from 'vitest';
import {
  InvalidColorError,
  colorFromReportedHex,
  colorHex,
  colorLabel,
  colorValueSchema,
  hexColor,
  namedColor,
  normalizeHex,
  sameColor,
  toHelixParam,
} from '../../../src-core/color/color-value.js';
import { hexToHsl, hslToHex } from '../../../src-core/color/hsl.js';
import {
  NAMED_COLORS,
  SPECTRUM_ORDER,
  isNamedColor,
  namedColorForHex,
  namedColorHex,
  namedColorLabel,
} from '../../../src-core/color/palette.js';

describe('named colors (TWITCH.md §6)', () => {
  it('lists the 15 Helix names with the hex Twitch reports for them', () => {
    expect(NAMED_COLORS).toHaveLength(15);
    expect(namedColorHex('blue_violet')).toBe('#8A2BE2');
    expect(namedColorHex('golden_rod')).toBe('#DAA520');
    expect(namedColorHex('spring_green')).toBe('#00FF7F');
    for (const name of NAMED_COLORS) expect(namedColorHex(name)).toMatch(/^#[0-9A-F]{6}$/);
  });

  it('maps hex back to names, ignoring case', () => {
    expect(namedColorForHex('#2e8b57')).toBe('sea_green');
    expect(namedColorForHex('#2E8B57')).toBe('sea_green');
    expect(namedColorForHex('#9146FF')).toBeUndefined();
    for (const name of NAMED_COLORS) expect(namedColorForHex(namedColorHex(name))).toBe(name);
  });

  it('gives human labels', () => {
    expect(namedColorLabel('blue_violet')).toBe('Blue Violet');
    expect(namedColorLabel('red')).toBe('Red');
    expect(namedColorLabel('yellow_green')).toBe('Yellow Green');
  });

  it('recognises only exact Helix names', () => {
    expect(isNamedColor('sea_green')).toBe(true);
    expect(isNamedColor('SeaGreen')).toBe(false);
    expect(isNamedColor('toString')).toBe(false);
  });

  it('orders the spectrum by hue, each name once', () => {
    expect([...SPECTRUM_ORDER].sort()).toEqual([...NAMED_COLORS].sort());
    const hues = SPECTRUM_ORDER.map((name) => hexToHsl(namedColorHex(name)).h);
    for (let i = 1; i < hues.length; i += 1) expect(hues[i]).toBeGreaterThanOrEqual(hues[i - 1] ?? 0);
  });
});

describe('HSL conversion', () => {
  it('round-trips known colors', () => {
    expect(hslToHex({ h: 0, s: 100, l: 50 })).toBe('#FF0000');
    expect(hslToHex({ h: 120, s: 100, l: 25 })).toBe('#008000');
    expect(hslToHex({ h: 240, s: 100, l: 50 })).toBe('#0000FF');
    const hsl = hexToHsl('#1E90FF');
    expect(hslToHex(hsl)).toBe('#1E90FF');
  });
});

describe('ColorValue', () => {
  it('normalises hex to #RRGGBB upper case, with or without # and in short form', () => {
    expect(normalizeHex('#abc')).toBe('#AABBCC');
    expect(normalizeHex('abc')).toBe('#AABBCC');
    expect(normalizeHex(' 1e90ff ')).toBe('#1E90FF');
    expect(normalizeHex('#1e90f')).toBeUndefined();
    expect(normalizeHex('#ggg')).toBeUndefined();
    expect(hexColor('#9146ff')).toEqual({ kind: 'hex', hex: '#9146FF' });
    expect(() => hexColor('purple')).toThrow(InvalidColorError);
  });

  it('gives Helix the snake_case name or the hex, which URLSearchParams encodes as %23 (G11)', () => {
    expect(toHelixParam(namedColor('sea_green'))).toBe('sea_green');
    expect(toHelixParam(hexColor('#9146FF'))).toBe('#9146FF');
    const query = new URLSearchParams({ user_id: '1', color: toHelixParam(hexColor('#9146FF')) });
    expect(query.toString()).toBe('user_id=1&color=%239146FF');
  });

  it('treats a name and its hex as the same color, hex case-insensitively', () => {
    expect(sameColor(namedColor('red'), hexColor('#ff0000'))).toBe(true);
    expect(sameColor(hexColor('#abc'), hexColor('#AABBCC'))).toBe(true);
    expect(sameColor(namedColor('red'), namedColor('firebrick'))).toBe(false);
    expect(sameColor(namedColor('red'), undefined)).toBe(false);
    expect(colorHex(namedColor('coral'))).toBe('#FF7F50');
    expect(colorLabel(namedColor('hot_pink'))).toBe('Hot Pink');
    expect(colorLabel(hexColor('#abc'))).toBe('#AABBCC');
  });

  it('reads the color Twitch reports, preferring the name', () => {
    expect(colorFromReportedHex('#FF69B4')).toEqual(namedColor('hot_pink'));
    expect(colorFromReportedHex('#9146ff')).toEqual({ kind: 'hex', hex: '#9146FF' });
    expect(colorFromReportedHex('')).toBeUndefined();
  });

  it('schema accepts and normalises stored colors, and rejects bad ones', () => {
    expect(colorValueSchema.parse({ kind: 'hex', hex: '#abc' })).toEqual({ kind: 'hex', hex: '#AABBCC' });
    expect(colorValueSchema.parse({ kind: 'named', name: 'coral' })).toEqual(namedColor('coral'));
    expect(colorValueSchema.safeParse({ kind: 'named', name: 'purple' }).success).toBe(false);
    expect(colorValueSchema.safeParse({ kind: 'hex', hex: 'nothex' }).success).toBe(false);
    expect(colorValueSchema.safeParse('red').success).toBe(false);
  });
});
