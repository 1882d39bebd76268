import { readFile, realpath } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AVATAR_DIR, readAvatar } from '../avatars/avatar-files.js';

/**
 * The renderer's files, as the WebSocket bridge and Electron's app:// protocol serve them.
 * HTML, CSS and images are read from `renderer/`, compiled JavaScript (and its source maps)
 * from `out/renderer/`, both under one URL space: `/index.html`, `/style.css`, `/main.js`,
 * `/ipc/get-api.js`. Only known file types are served, so TypeScript sources, tsconfig and
 * declaration files never are; a path that leaves its folder (`..`, encoded slashes,
 * symlinks pointing out) or names a hidden file is treated as absent.
 */
export interface RendererAsset {
  body: Buffer;
  contentType: string;
  /** The file on disk it came from. */
  file: string;
}

export interface RendererAssetDirs {
  /** `renderer/`: HTML, CSS, images. */
  sourceDir: string;
  /** `out/renderer/`: the JavaScript tsc compiled from renderer/*.ts. */
  compiledDir: string;
}

export interface RendererAssets {
  readonly dirs: RendererAssetDirs;
  /** `urlPath` is a URL's pathname (`/`, `/main.js`); null when there is no such file to serve. */
  read(urlPath: string): Promise<RendererAsset | null>;
}

const CONTENT_TYPES: Readonly<Record<string, { type: string; from: keyof RendererAssetDirs }>> = {
  '.html': { type: 'text/html; charset=utf-8', from: 'sourceDir' },
  '.css': { type: 'text/css; charset=utf-8', from: 'sourceDir' },
  '.svg': { type: 'image/svg+xml', from: 'sourceDir' },
  '.png': { type: 'image/png', from: 'sourceDir' },
  '.ico': { type: 'image/x-icon', from: 'sourceDir' },
  '.woff2': { type: 'font/woff2', from: 'sourceDir' },
  '.js': { type: 'text/javascript; charset=utf-8', from: 'compiledDir' },
  '.map': { type: 'application/json; charset=utf-8', from: 'compiledDir' },
};

/** The content type the renderer's file would be served with, or null when it is not served. */
export function contentTypeOf(path: string): string | null {
  return CONTENT_TYPES[extname(path).toLowerCase()]?.type ?? null;
}

/**
 * The project root, found from this module's own place: two folders up from
 * `<root>/src-core/ipc/` (source, tests) and from `<root>/out/cli/` (the bundled CLI), three
 * from `<root>/out/src-core/ipc/` (the compiled Electron app).
 */
export function defaultRendererDirs(from: string = dirname(fileURLToPath(import.meta.url))): RendererAssetDirs {
  const up2 = resolve(from, '..', '..');
  const root = up2.endsWith(`${sep}out`) ? resolve(up2, '..') : up2;
  return { sourceDir: resolve(root, 'renderer'), compiledDir: resolve(root, 'out', 'renderer') };
}

/**
 * `avatarDir`: the core's cache of Twitch profile pictures (`<dataDir>/avatars`), served as
 * `/avatars/<file>` so the page shows them without loading anything remote.
 */
export function createRendererAssets(dirs: RendererAssetDirs = defaultRendererDirs(), options: { avatarDir?: string } = {}): RendererAssets {
  const roots = { sourceDir: resolve(dirs.sourceDir), compiledDir: resolve(dirs.compiledDir) };

  async function read(urlPath: string): Promise<RendererAsset | null> {
    const segments = safeSegments(urlPath);
    if (!segments) return null;
    if (segments[0] === AVATAR_DIR) {
      const avatarDir = options.avatarDir;
      if (!avatarDir || segments.length !== 2) return null;
      const picture = await readAvatar(avatarDir, segments[1] ?? '');
      return picture && { ...picture, file: join(avatarDir, segments[1] ?? '') };
    }
    const kind = CONTENT_TYPES[extname(segments.at(-1) ?? '').toLowerCase()];
    if (!kind) return null;
    const root = roots[kind.from];
    const file = resolve(root, ...segments);
    if (!file.startsWith(root + sep)) return null;
    try {
      // A symlink inside the folder may still point out of it.
      const [realFile, realRoot] = await Promise.all([realpath(file), realpath(root)]);
      if (!realFile.startsWith(realRoot + sep)) return null;
      return { body: await readFile(realFile), contentType: kind.type, file };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  return { dirs: roots, read };
}

/** Splits a URL path into plain file-name segments, or null if it tries anything else. */
function safeSegments(urlPath: string): string[] | null {
  const pathOnly = urlPath.split(/[?#]/, 1)[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathOnly);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').slice(1);
  if (segments.at(-1) === '') segments[segments.length - 1] = 'index.html';
  if (segments.some((segment) => segment === '' || segment.startsWith('.') || segment.includes(':'))) return null;
  return segments;
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ELOOP' || code === 'ENAMETOOLONG';
}

/**
 * The Content-Security-Policy the renderer is served with: its own scripts and styles only,
 * no inline code, no framing, and network access only to `connectSrc` (the bridge's
 * WebSocket; nothing under Electron, where the renderer never touches the network).
 */
export function rendererContentSecurityPolicy(options: { connectSrc?: readonly string[] } = {}): string {
  const connect = options.connectSrc?.length ? options.connectSrc.join(' ') : "'none'";
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
