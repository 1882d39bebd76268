import { deflateSync } from 'node:zlib';
import type { Accounts, FakeUser } from './accounts.js';
import type { HttpContext } from './http-io.js';

/**
 * Twitch's image CDN for profile pictures (TWITCH.md §5: `profile_image_url` of GET
 * /helix/users). Real Twitch serves a PNG or JPEG from static-cdn.jtvnw.net under a
 * `jtv_user_pictures/<name>-profile_image-300x300.png` path whose name changes when the
 * user uploads a new picture; the fake serves its own PNG on its own origin under the same
 * shape of path, versioned the same way, so a client's cache can be tested against it.
 */
const SIZE = 300;
const PATH = /^\/jtv_user_pictures\/(\d+)-v(\d+)-profile_image-300x300\.png$/;

export function profileImageUrl(origin: string, user: FakeUser): string {
  return `${origin}/jtv_user_pictures/${user.id}-v${user.profileImageVersion}-profile_image-300x300.png`;
}

/** GET of a picture URL; false when the path is not one. An old version is gone (404), as on the CDN. */
export function serveProfileImage(ctx: HttpContext, accounts: Accounts): boolean {
  const match = PATH.exec(ctx.path);
  if (!match || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return false;
  const user = accounts.user(match[1] ?? '');
  if (!user || String(user.profileImageVersion) !== match[2]) {
    ctx.res.writeHead(404, { 'Content-Type': 'text/plain' });
    ctx.res.end('Not Found');
    return true;
  }
  const body = pictureOf(user);
  ctx.res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': body.length, 'Cache-Control': 'max-age=31536000' });
  ctx.res.end(ctx.method === 'HEAD' ? undefined : body);
  return true;
}

/** A 300x300 PNG: a disc in a color of the user's own, lighter for each new version, on white. */
function pictureOf(user: FakeUser): Buffer {
  const hue = (Number(user.id) * 47 + user.profileImageVersion * 90) % 360;
  const [r, g, b] = hslToRgb(hue, 0.55, 0.5);
  const rows: Buffer[] = [];
  const centre = SIZE / 2;
  for (let y = 0; y < SIZE; y += 1) {
    const row = Buffer.alloc(1 + SIZE * 3);
    for (let x = 0; x < SIZE; x += 1) {
      const inside = (x - centre) ** 2 + (y - centre) ** 2 < (SIZE * 0.42) ** 2;
      row.set(inside ? [r, g, b] : [255, 255, 255], 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): number => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}
