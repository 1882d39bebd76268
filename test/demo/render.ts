/**
 * Terminal output of the demo: chat lines with names in their colors and a swatch per
 * color change (ANSI 24-bit). Plain text when stdout is not a terminal or NO_COLOR is set.
 */
export interface Renderer {
  chat(time: number, chatter: string, nameHex: string | undefined, text: string): string;
  change(color: string, hex: string): string;
  kept(reason: string): string;
  note(text: string): string;
  info(text: string): string;
}

const RESET = '\x1b[0m';
const NAME_WIDTH = 14;

function rgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.replace('#', ''), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

function clock(time: number): string {
  return new Date(time).toTimeString().slice(0, 8);
}

export function createRenderer(useColor: boolean): Renderer {
  const dim = (text: string): string => (useColor ? `\x1b[2m${text}${RESET}` : text);
  const fg = (text: string, hex: string | undefined): string => {
    if (!useColor || !hex) return text;
    const [r, g, b] = rgb(hex);
    return `\x1b[1;38;2;${r};${g};${b}m${text}${RESET}`;
  };
  const swatch = (hex: string): string => {
    if (!useColor) return `[${hex}]`;
    const [r, g, b] = rgb(hex);
    return `\x1b[48;2;${r};${g};${b}m${' '.repeat(8)}${RESET}`;
  };
  const indent = ' '.repeat(8 + 2 + NAME_WIDTH + 2);
  return {
    chat: (time, chatter, nameHex, text) => `${dim(clock(time))}  ${fg(chatter.padEnd(NAME_WIDTH), nameHex)}  ${text}`,
    change: (color, hex) => `${indent}${swatch(hex)}  color changed to ${color === hex ? hex : `${color.replace(/_/g, ' ')} (${hex})`}`,
    kept: (reason) => `${indent}${dim(`(color kept: ${reason})`)}`,
    note: (text) => `${indent}${dim(`↳ ${text}`)}`,
    info: (text) => dim(`  · ${text}`),
  };
}
