import type { ColorValue } from '../color/color-value.js';
import { parseColor } from '../color/parse-color.js';

/** A command the account's own user typed in chat. */
export type ChatCommand =
  | { kind: 'enable' }
  | { kind: 'disable' }
  | { kind: 'set'; color: ColorValue }
  /** `ccc` with a missing or bad color: change nothing, log `message`. */
  | { kind: 'invalid'; message: string };

/**
 * Invisible characters chat clients append so Twitch accepts a repeated message
 * (Chatterino and 7TV add U+E0000 or U+034F); without stripping them "cce" sent twice in
 * a row would be an ordinary message the second time.
 */
const INVISIBLE = /[\u034F\u200B-\u200D\u2060\uFEFF\u{E0000}]/gu;

/**
 * Reads `cce`, `ccd` and `ccc <color>`; anything else (including "cccombo" or "cce
 * please") is an ordinary message and gives null. The command word is case-insensitive;
 * only whole words count.
 */
export function parseChatCommand(text: string): ChatCommand | null {
  const words = text.replace(INVISIBLE, '').trim();
  const match = /^(\S+)(?:\s+([\s\S]*))?$/.exec(words);
  if (!match) return null;
  const command = (match[1] ?? '').toLowerCase();
  const argument = (match[2] ?? '').trim();
  switch (command) {
    case 'cce':
      return argument ? null : { kind: 'enable' };
    case 'ccd':
      return argument ? null : { kind: 'disable' };
    case 'ccc': {
      if (!argument) return { kind: 'invalid', message: 'ccc needs a color, e.g. "ccc sea_green" or "ccc #1E90FF"' };
      const parsed = parseColor(argument);
      return parsed.ok ? { kind: 'set', color: parsed.color } : { kind: 'invalid', message: parsed.message };
    }
    default:
      return null;
  }
}
