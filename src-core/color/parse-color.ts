import { namedColor, normalizeHex } from './color-value.js';
import type { ColorValue } from './color-value.js';
import { NAMED_COLORS } from './palette.js';
import type { NamedColor } from './palette.js';

/** User input never throws: a bad color is an answer the user can act on. */
export type ParseColorResult = { ok: true; color: ColorValue } | { ok: false; message: string };

const EXAMPLE = 'a color name like sea_green or a hex code like #1E90FF (hex needs Turbo or Prime)';

/** "sea_green" -> "seagreen": the form user spellings are compared in. */
const compact = (text: string): string => text.toLowerCase().replace(/[\s_-]+/g, '');

const BY_COMPACT: ReadonlyMap<string, NamedColor> = new Map(NAMED_COLORS.map((name) => [compact(name), name] as const));

/** Longest input echoed back; chat messages can be long and end up in logs. */
const ECHO_LIMIT = 40;

/**
 * Parses a color typed by a user (`ccc <color>`, the palette editor, the CLI). Names are
 * case-insensitive with `_`, `-`, spaces or nothing between words ("Sea Green",
 * "seagreen", "SeaGreen", the old IRC "BlueViolet"); hex is `#abc` or `#aabbcc`, `#`
 * optional. Names win over hex, and no Helix name is also a hex code.
 */
export function parseColor(input: string): ParseColorResult {
  const text = input.trim();
  if (!text) return { ok: false, message: `No color given: use ${EXAMPLE}` };

  const name = BY_COMPACT.get(compact(text));
  if (name) return { ok: true, color: namedColor(name) };

  const hex = normalizeHex(text);
  if (hex) return { ok: true, color: { kind: 'hex', hex } };

  const shown = text.length > ECHO_LIMIT ? `${text.slice(0, ECHO_LIMIT)}…` : text;
  if (text.startsWith('#')) {
    return { ok: false, message: `"${shown}" is not a hex color: use # and 3 or 6 hex digits, like #1E90FF` };
  }
  const suggestion = closestName(compact(text));
  // One likely name, or an example: a list of all 15 names helps nobody read the message.
  const hint = suggestion ? ` Did you mean ${suggestion.replace(/_/g, ' ')}?` : ` Use ${EXAMPLE}.`;
  return { ok: false, message: `"${shown}" is not a Twitch color.${hint}` };
}

/** A likely typo ("sea_gren", "chocolat"): at most two edits away from one name. */
function closestName(word: string): NamedColor | undefined {
  if (word.length > ECHO_LIMIT) return undefined;
  let best: { name: NamedColor; distance: number } | undefined;
  for (const [key, name] of BY_COMPACT) {
    const distance = editDistance(word, key);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
