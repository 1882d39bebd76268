import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The cached Twitch profile pictures in `<dataDir>/avatars/`: one file per user,
 * `<userId>-<12 hex of the picture URL's hash>.<png|jpg|gif|webp>`. A new picture at
 * Twitch has a new URL, so a new name: the page's <img> never shows a stale picture from
 * a cache, and the old file is removed once the new one is in place.
 */
export const AVATAR_DIR = 'avatars';

const NAME = /^(\d{1,20})-([0-9a-f]{12})\.(png|jpg|gif|webp)$/;

export const AVATAR_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

export function parseAvatarName(name: string): { userId: string; hash: string; ext: string } | null {
  const match = NAME.exec(name);
  return match ? { userId: match[1] ?? '', hash: match[2] ?? '', ext: match[3] ?? '' } : null;
}

/** The URL path the renderer loads a picture from, relative to its page. */
export function avatarUrlPath(name: string): string {
  return `${AVATAR_DIR}/${name}`;
}

/**
 * Reads a cached picture for serving to the page (the bridge, Electron's app:// scheme).
 * Only names of the exact shape above are read, so no path can leave the folder.
 */
export async function readAvatar(dir: string, name: string): Promise<{ body: Buffer; contentType: string } | null> {
  const parsed = parseAvatarName(name);
  if (!parsed) return null;
  try {
    return { body: await readFile(join(dir, name)), contentType: AVATAR_TYPES[parsed.ext] ?? 'application/octet-stream' };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return null;
    throw error;
  }
}

/** The picture files in the folder, by user id (the newest name wins if a crash left two). */
export async function listAvatars(dir: string): Promise<Map<string, string>> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return new Map();
  }
  const found = new Map<string, string>();
  for (const name of names.sort()) {
    const parsed = parseAvatarName(name);
    if (parsed) found.set(parsed.userId, name);
  }
  return found;
}
