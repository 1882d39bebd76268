import { describe, expect, it } from 'vitest';
import { colorHex, hexColor, namedColor, sameColor } from '../../../src-core/color/color-value.js';
import type { ColorValue } from '../../../src-core/color/color-value.js';
import {
  ColorGenerator,
  PLEASANT,
  RAINBOW_HUE_STEP,
  randomPleasantHsl,
  usablePalette,
} from '../../../src-core/color/generators.js';
import { hexToHsl } from '../../../src-core/color/hsl.js';
import type { GeneratorOptions } from '../../../src-core/color/options.js';
import { NAMED_COLORS, SPECTRUM_ORDER } from '../../../src-core/color/palette.js';
import { seededRandom } from './seeded-random.js';

const PALETTE: ColorValue[] = [namedColor('red'), hexColor('#9146FF'), namedColor('coral'), hexColor('#00FF7F')];

const CASES: Array<[string, GeneratorOptions]> = [
  ['random named', { mode: 'random', palette: [], paletteOrder: 'random', allowHex: false }],
  ['random hex', { mode: 'random', palette: [], paletteOrder: 'random', allowHex: true }],
  ['rainbow named', { mode: 'rainbow', palette: [], paletteOrder: 'random', allowHex: false }],
  ['rainbow hex', { mode: 'rainbow', palette: [], paletteOrder: 'random', allowHex: true }],
  ['palette random', { mode: 'palette', palette: PALETTE, paletteOrder: 'random', allowHex: true }],
  ['palette ordered', { mode: 'palette', palette: PALETTE, paletteOrder: 'sequential', allowHex: true }],
  ['palette random, named only', { mode: 'palette', palette: PALETTE, paletteOrder: 'random', allowHex: false }],
  ['palette ordered, named only', { mode: 'palette', palette: PALETTE, paletteOrder: 'sequential', allowHex: false }],
];

describe('ColorGenerator', () => {
  it.each(CASES)('never gives the same color twice in a row over 10,000 colors: %s', (_name, options) => {
    const random = seededRandom(42);
    const generator = new ColorGenerator({ random });
    const problems: string[] = [];
    let previous: ColorValue | undefined;
    for (let i = 0; i < 10_000; i += 1) {
      // Now and then the color changes behind the generator's back (a `ccc`), by name or hex.
      if (i % 97 === 0) previous = namedColor(NAMED_COLORS[i % NAMED_COLORS.length] ?? 'red');
      if (i % 89 === 0) previous = hexColor(colorHex(namedColor(NAMED_COLORS[i % 7] ?? 'red')).toLowerCase());
      const next = generator.next(options, previous);
      if (!next || sameColor(next, previous)) problems.push(`repeat at ${i}: ${JSON.stringify(next)}`);
      if (!options.allowHex && next?.kind !== 'named') problems.push(`hex without Turbo/Prime at ${i}`);
      previous = next;
    }
    expect(problems).toEqual([]);
  });

  it('random hex stays pleasant: hue 0-359, saturation 60-100 %, lightness 35-75 %', () => {
    const random = seededRandom(7);
    const problems: string[] = [];
    for (let i = 0; i < 10_000; i += 1) {
      const { h, s, l } = randomPleasantHsl(random);
      const inside = Number.isInteger(h) && h >= PLEASANT.hue.min && h <= PLEASANT.hue.max && s >= 60 && s <= 100 && l >= 35 && l <= 75;
      if (!inside) problems.push(`hsl(${h}, ${s}, ${l})`);
    }
    const generator = new ColorGenerator({ random: seededRandom(8) });
    const options: GeneratorOptions = { mode: 'random', palette: [], paletteOrder: 'random', allowHex: true };
    for (let i = 0; i < 10_000; i += 1) {
      const color = generator.next(options);
      if (color?.kind !== 'hex') {
        problems.push(`not hex: ${JSON.stringify(color)}`);
        continue;
      }
      // Measured back from 8-bit RGB, so allow for the rounding.
      const { s, l } = hexToHsl(color.hex);
      if (s < 59 || l < 34.5 || l > 75.5) problems.push(`${color.hex} is hsl(_, ${s}, ${l})`);
    }
    expect(problems).toEqual([]);
  });

  it('random source extremes stay in range', () => {
    expect(randomPleasantHsl(() => 0)).toEqual({ h: 0, s: 60, l: 35 });
    expect(randomPleasantHsl(() => 0.999999999)).toEqual({ h: 359, s: 100, l: 75 });
    expect(randomPleasantHsl(() => 1)).toEqual({ h: 359, s: 100, l: 75 });
  });

  it('is reproducible with the same random source', () => {
    const options: GeneratorOptions = { mode: 'random', palette: [], paletteOrder: 'random', allowHex: true };
    const run = (): ColorValue[] => {
      const generator = new ColorGenerator({ random: seededRandom(99) });
      return Array.from({ length: 20 }, () => generator.next(options) ?? namedColor('red'));
    };
    expect(run()).toEqual(run());
  });

  it('random named uses every name', () => {
    const generator = new ColorGenerator({ random: seededRandom(3) });
    const options: GeneratorOptions = { mode: 'random', palette: [], paletteOrder: 'random', allowHex: false };
    const seen = new Set<string>();
    let previous: ColorValue | undefined;
    for (let i = 0; i < 1000; i += 1) {
      previous = generator.next(options, previous);
      if (previous?.kind === 'named') seen.add(previous.name);
    }
    expect(seen.size).toBe(15);
  });

  it('rainbow without hex walks the named colors in spectrum order, from the current one', () => {
    const generator = new ColorGenerator({ random: seededRandom(1) });
    const options: GeneratorOptions = { mode: 'rainbow', palette: [], paletteOrder: 'random', allowHex: false };
    let previous: ColorValue | undefined = namedColor('golden_rod');
    const names: string[] = [];
    for (let i = 0; i < 15; i += 1) {
      previous = generator.next(options, previous);
      if (previous?.kind === 'named') names.push(previous.name);
    }
    const start = SPECTRUM_ORDER.indexOf('golden_rod') + 1;
    expect(names).toEqual([...SPECTRUM_ORDER.slice(start), ...SPECTRUM_ORDER.slice(0, start)]);
  });

  it('rainbow with hex walks the hue in even steps from the current color', () => {
    const generator = new ColorGenerator({ random: seededRandom(1) });
    const options: GeneratorOptions = { mode: 'rainbow', palette: [], paletteOrder: 'random', allowHex: true };
    let previous: ColorValue | undefined = namedColor('red');
    const hues: number[] = [];
    for (let i = 0; i < 15; i += 1) {
      previous = generator.next(options, previous);
      hues.push(Math.round(hexToHsl(colorHex(previous ?? namedColor('red'))).h));
    }
    hues.forEach((hue, i) => expect(Math.abs(hue - ((i + 1) * RAINBOW_HUE_STEP) % 360)).toBeLessThanOrEqual(1));
  });

  it('ordered palette walks the list in order and random palette picks only from it', () => {
    const ordered = new ColorGenerator({ random: seededRandom(5) });
    const options: GeneratorOptions = { mode: 'palette', palette: PALETTE, paletteOrder: 'sequential', allowHex: true };
    let previous: ColorValue | undefined;
    const walked: ColorValue[] = [];
    for (let i = 0; i < 8; i += 1) walked.push((previous = ordered.next(options, previous) ?? namedColor('red')));
    expect(walked).toEqual([...PALETTE, ...PALETTE]);

    const random = new ColorGenerator({ random: seededRandom(5) });
    for (let i = 0; i < 200; i += 1) {
      const color = random.next({ ...options, paletteOrder: 'random' });
      expect(PALETTE.some((entry) => sameColor(entry, color))).toBe(true);
    }
  });

  it('a one-color palette already shown has nothing to change; an empty one falls back to random', () => {
    const generator = new ColorGenerator({ random: seededRandom(5) });
    const one: GeneratorOptions = { mode: 'palette', palette: [namedColor('red')], paletteOrder: 'sequential', allowHex: false };
    expect(generator.next(one, namedColor('red'))).toBeUndefined();
    expect(generator.next({ ...one, paletteOrder: 'random' }, hexColor('#FF0000'))).toBeUndefined();
    expect(generator.next(one, namedColor('blue'))).toEqual(namedColor('red'));
    const empty = generator.next({ ...one, palette: [] }, namedColor('red'));
    expect(empty?.kind).toBe('named');
  });

  it('without Turbo/Prime the palette keeps names, turns hex of a name into that name and drops other hex', () => {
    const palette = [hexColor('#9146FF'), hexColor('#ff0000'), namedColor('coral'), namedColor('red')];
    expect(usablePalette(palette, false)).toEqual([namedColor('red'), namedColor('coral')]);
    expect(usablePalette(palette, true)).toEqual([hexColor('#9146FF'), hexColor('#FF0000'), namedColor('coral')]);
  });
});
