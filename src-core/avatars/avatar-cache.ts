import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isAbortError } from '../runtime/abort.js';
import { describeError } from '../runtime/errors.js';
import type { Logger } from '../runtime/logger.js';
import { isLoopbackHost, type TwitchEndpoints } from '../twitch/endpoints.js';
import type { HttpClient } from '../twitch/http/http-client.js';
import { avatarUrlPath, listAvatars } from './avatar-files.js';

/** Twitch's CDN for profile pictures (the `profile_image_url` of GET /helix/users). */
const TWITCH_IMAGE_HOST = 'static-cdn.jtvnw.net';
const MAX_BYTES = 2 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 15_000;

/** File signatures of the formats Twitch serves pictures in; anything else is not kept. */
const SIGNATURES: ReadonlyArray<{ ext: string; test: (bytes: Buffer) => boolean }> = [
  { ext: 'png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { ext: 'jpg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { ext: 'gif', test: (b) => b.subarray(0, 4).toString('latin1') === 'GIF8' },
  { ext: 'webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
];

/**
 * Only Twitch's picture CDN over https, or, while the app talks to a Twitch on this machine
 * (the fake Twitch of tests and demos), that same machine. A URL from anywhere else is not
 * fetched: the renderer never loads remote images, and neither does the core for it.
 */
export function isProfileImageUrl(raw: string, endpoints: TwitchEndpoints): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:' && url.hostname === TWITCH_IMAGE_HOST && url.port === '') return true;
  const api = new URL(endpoints.apiUrl);
  return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(api.hostname) && url.host === api.host;
}

export interface AvatarCacheOptions {
  /** `<dataDir>/avatars` */
  dir: string;
  http: HttpClient;
  endpoints: TwitchEndpoints;
  logger: Logger;
}

/**
 * Profile pictures fetched by the core and kept on disk, so the UI shows them offline and
 * loads nothing from the internet. A picture is fetched again only when Twitch reports a
 * different URL for it (a new upload).
 */
export class AvatarCache {
  readonly #o: AvatarCacheOptions;
  readonly #log: Logger;
  #files = new Map<string, string>();
  #loaded: Promise<void> | undefined;

  constructor(options: AvatarCacheOptions) {
    this.#o = options;
    this.#log = options.logger.child({ component: 'avatars' });
  }

  /** Reads what the folder holds; until then, no picture is known. */
  load(): Promise<void> {
    this.#loaded ??= listAvatars(this.#o.dir).then((files) => {
      this.#files = new Map([...files, ...this.#files]);
    });
    return this.#loaded;
  }

  /** The page-relative path of the user's picture, or null. */
  pathFor(userId: string | undefined): string | null {
    const name = userId ? this.#files.get(userId) : undefined;
    return name ? avatarUrlPath(name) : null;
  }

  /**
   * Makes the cached picture the one at `url`. Resolves true when the picture changed.
   * Never throws: a failure is logged and the old picture (if any) stays.
   */
  async update(userId: string, url: string, signal: AbortSignal): Promise<boolean> {
    await this.load();
    const hash = createHash('sha256').update(url).digest('hex').slice(0, 12);
    const current = this.#files.get(userId);
    if (current?.startsWith(`${userId}-${hash}.`)) return false;
    if (!isProfileImageUrl(url, this.#o.endpoints)) {
      this.#log.warn('avatar.refused_url', 'Twitch reported a profile picture address that is not Twitch’s picture server; not fetched', { origin: originOf(url) });
      return false;
    }
    try {
      const res = await this.#o.http.sendForBytes({ method: 'GET', url, operation: 'profile picture GET', timeoutMs: FETCH_TIMEOUT_MS, signal });
      if (res.status !== 200) throw new Error(`the picture server answered ${res.status}`);
      if (res.bytes.length > MAX_BYTES) throw new Error(`the picture is too large (${res.bytes.length} bytes)`);
      const kind = SIGNATURES.find((signature) => signature.test(res.bytes));
      if (!kind || !(res.header('content-type') ?? '').startsWith('image/')) throw new Error('the answer is not a PNG, JPEG, GIF or WebP picture');
      const name = `${userId}-${hash}.${kind.ext}`;
      await this.#write(name, res.bytes);
      this.#files.set(userId, name);
      if (current && current !== name) await unlink(join(this.#o.dir, current)).catch(() => {});
      this.#log.info('avatar.updated', 'Profile picture saved', { userId });
      return true;
    } catch (error) {
      if (!isAbortError(error)) this.#log.warn('avatar.fetch_failed', `Fetching the profile picture failed: ${describeError(error)}`, { userId });
      return false;
    }
  }

  async #write(name: string, bytes: Buffer): Promise<void> {
    await mkdir(this.#o.dir, { recursive: true, mode: 0o700 });
    const temp = join(this.#o.dir, `.${name}.tmp-${randomBytes(4).toString('hex')}`);
    try {
      await writeFile(temp, bytes, { mode: 0o600 });
      await rename(temp, join(this.#o.dir, name));
    } catch (error) {
      await unlink(temp).catch(() => {});
      throw error;
    }
  }
}

function originOf(raw: string): string {
  try {
    return new URL(raw).origin;
  } catch {
    return '(not a URL)';
  }
}
