import { describe, expect, it } from 'vitest';
import { namedColor } from '../../../src-core/color/color-value.js';
import type { ColorValue } from '../../../src-core/color/color-value.js';
import { parseColor } from '../../../src-core/color/parse-color.js';

const hex = (value: string): ColorValue => ({ kind: 'hex', hex: value });

describe('parseColor', () => {
  it.each<[string, ColorValue]>([
    ['sea_green', namedColor('sea_green')],
    ['Sea Green', namedColor('sea_green')],
    ['seagreen', namedColor('sea_green')],
    ['SeaGreen', namedColor('sea_green')],
    ['SEA_GREEN', namedColor('sea_green')],
    ['  sea   green  ', namedColor('sea_green')],
    ['sea-green', namedColor('sea_green')],
    ['BlueViolet', namedColor('blue_violet')],
    ['goldenrod', namedColor('golden_rod')],
    ['Golden Rod', namedColor('golden_rod')],
    ['red', namedColor('red')],
    ['RED', namedColor('red')],
    ['#abc', hex('#AABBCC')],
    ['abc', hex('#AABBCC')],
    ['#aabbcc', hex('#AABBCC')],
    ['1E90FF', hex('#1E90FF')],
    ['#9146ff', hex('#9146FF')],
    ['#FF0000', hex('#FF0000')],
  ])('%j -> %j', (input, expected) => {
    expect(parseColor(input)).toEqual({ ok: true, color: expected });
  });

  it.each<[string, RegExp]>([
    ['', /No color given/],
    ['   ', /No color given/],
    ['purple', /"purple" is not a Twitch color.*sea_green/],
    ['sea_gren', /^"sea_gren" is not a Twitch color\. Did you mean sea green\?$/],
    ['#12345', /"#12345" is not a hex color/],
    ['#ggg', /not a hex color/],
    ['##abc', /not a hex color/],
    ['abcd', /not a Twitch color/],
    ['red please', /not a Twitch color/],
  ])('%j is refused with a helpful message', (input, message) => {
    // One suggestion or one example, never the list of all 15 names (issue 17).
    expect((parseColor(input) as { message: string }).message).not.toContain('yellow_green');
    const result = parseColor(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('does not echo very long input back in full', () => {
    const result = parseColor('x'.repeat(5000));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.length).toBeLessThan(400);
  });
});
