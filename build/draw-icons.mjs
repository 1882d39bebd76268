// Draws the app icon and the tray icons of Twitch ColorChanger into PNG files, with no
// dependencies: shapes are tested per sample point, 4x4 samples per pixel smooth the
// edges, and the PNG is written by hand (zlib for IDAT, our own CRC-32).
//
//   node build/draw-icons.mjs        (rewrites build/icon.png and build/tray/*.png)
//
// The motif is a chat bubble: the app changes your chat color. Active: the bubble in a
// sweep of hues. Paused: grey with pause bars. Attention: amber with an exclamation mark.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Buffer } from 'node:buffer';
import { stdout } from 'node:process';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

// ---- shapes in unit space (0..1, y down) ------------------------------------------

function roundRect(x0, y0, x1, y1, r) {
  return (x, y) => {
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= x0 && x <= x1 && y >= y0 && y <= y1;
  };
}

function circle(cx, cy, r) {
  return (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function triangle(ax, ay, bx, by, cx, cy) {
  const side = (px, py, qx, qy, x, y) => (qx - px) * (y - py) - (qy - py) * (x - px);
  return (x, y) => {
    const d1 = side(ax, ay, bx, by, x, y);
    const d2 = side(bx, by, cx, cy, x, y);
    const d3 = side(cx, cy, ax, ay, x, y);
    return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
  };
}

const union = (...shapes) => (x, y) => shapes.some((shape) => shape(x, y));

/** The chat bubble, scaled into the box (x0, y0)-(x1, y1). */
function bubble(x0, y0, x1, y1, grow = 0) {
  const w = x1 - x0;
  const h = y1 - y0;
  const X = (u) => x0 + u * w;
  const Y = (v) => y0 + v * h;
  return union(
    roundRect(X(0) - grow, Y(0) - grow, X(1) + grow, Y(0.78) + grow, 0.24 * Math.min(w, h) + grow),
    triangle(X(0.16) - grow, Y(0.7), X(0.5) + grow, Y(0.7), X(0.1) - grow, Y(1) + grow),
  );
}

// ---- colors -----------------------------------------------------------------------

const hex = (value, alpha = 1) => [parseInt(value.slice(1, 3), 16), parseInt(value.slice(3, 5), 16), parseInt(value.slice(5, 7), 16), alpha];

function hsl(h, s, l) {
  const a = s * Math.min(l, 1 - l);
  const f = (n) => {
    const k = (n + h / 30) % 12;
    return l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255), 1];
}

/** A diagonal sweep of hues, the "changing colors" of the bubble. */
const hueSweep = (x, y) => hsl((300 + (x + y) * 200) % 360, 0.85, 0.58);

// ---- rendering --------------------------------------------------------------------

/** layers: [{ shape, color: rgba | (x, y) => rgba }], painted in order with alpha "over". */
function render(size, layers, samples = 4) {
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          let cr = 0;
          let cg = 0;
          let cb = 0;
          let ca = 0;
          for (const layer of layers) {
            if (!layer.shape(x, y)) continue;
            const [lr, lg, lb, la] = typeof layer.color === 'function' ? layer.color(x, y) : layer.color;
            cr = lr * la + cr * (1 - la);
            cg = lg * la + cg * (1 - la);
            cb = lb * la + cb * (1 - la);
            ca = la + ca * (1 - la);
          }
          r += cr;
          g += cg;
          b += cb;
          a += ca;
        }
      }
      const n = samples * samples;
      const offset = (py * size + px) * 4;
      const alpha = a / n;
      pixels[offset] = alpha > 0 ? Math.round(r / n / alpha) : 0;
      pixels[offset + 1] = alpha > 0 ? Math.round(g / n / alpha) : 0;
      pixels[offset + 2] = alpha > 0 ? Math.round(b / n / alpha) : 0;
      pixels[offset + 3] = Math.round(alpha * 255);
    }
  }
  return pixels;
}

// ---- PNG --------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- the icons --------------------------------------------------------------------

const appIcon = [
  { shape: roundRect(0.04, 0.04, 0.96, 0.96, 0.2), color: (x, y) => hsl(262, 0.9, 0.6 - (x + y) * 0.06) },
  { shape: bubble(0.2, 0.24, 0.8, 0.8), color: hex('#ffffff') },
  { shape: circle(0.36, 0.46, 0.055), color: hex('#ff4f6d') },
  { shape: circle(0.5, 0.46, 0.055), color: hex('#ffc83d') },
  { shape: circle(0.64, 0.46, 0.055), color: hex('#2fd6a0') },
];

// Tray icons stay inside a 1/16 margin; a dark rim keeps them visible on light panels.
const trayBubble = bubble(0.06, 0.1, 0.94, 0.94);
const trayRim = bubble(0.06, 0.1, 0.94, 0.94, 0.045);
const rim = { shape: trayRim, color: hex('#000000', 0.35) };

const trayIcons = {
  active: [rim, { shape: trayBubble, color: hueSweep }],
  paused: [
    rim,
    { shape: trayBubble, color: hex('#8b8b94') },
    { shape: roundRect(0.34, 0.24, 0.44, 0.62, 0.03), color: hex('#ffffff') },
    { shape: roundRect(0.56, 0.24, 0.66, 0.62, 0.03), color: hex('#ffffff') },
  ],
  attention: [
    rim,
    { shape: trayBubble, color: hex('#f08c00') },
    { shape: roundRect(0.44, 0.2, 0.56, 0.5, 0.04), color: hex('#ffffff') },
    { shape: circle(0.5, 0.6, 0.065), color: hex('#ffffff') },
  ],
};

function write(path, size, layers) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, png(size, render(size, layers)));
  stdout.write(`wrote ${path} (${size}x${size})\n`);
}

write(join(here, 'icon.png'), 1024, appIcon);
for (const [state, layers] of Object.entries(trayIcons)) {
  write(join(here, 'tray', `tray-${state}.png`), 16, layers);
  write(join(here, 'tray', `tray-${state}@2x.png`), 32, layers);
}
