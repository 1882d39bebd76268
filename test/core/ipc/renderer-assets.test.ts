import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  contentTypeOf,
  createRendererAssets,
  defaultRendererDirs,
  rendererContentSecurityPolicy,
} from '../../../src-core/ipc/renderer-assets.js';

const base = mkdtempSync(join(tmpdir(), 'renderer-assets-'));
const sourceDir = join(base, 'renderer');
const compiledDir = join(base, 'out', 'renderer');
mkdirSync(join(sourceDir, 'ipc'), { recursive: true });
mkdirSync(join(compiledDir, 'ipc'), { recursive: true });
writeFileSync(join(sourceDir, 'index.html'), '<!doctype html><title>t</title>');
writeFileSync(join(sourceDir, 'style.css'), 'body{}');
writeFileSync(join(sourceDir, 'app.ts'), 'export {};');
writeFileSync(join(sourceDir, 'tsconfig.json'), '{}');
writeFileSync(join(sourceDir, '.hidden.css'), 'secret{}');
writeFileSync(join(sourceDir, 'icon.svg'), '<svg/>');
writeFileSync(join(compiledDir, 'app.js'), 'export {};');
writeFileSync(join(compiledDir, 'app.js.map'), '{}');
writeFileSync(join(compiledDir, 'app.d.ts'), 'export {};');
writeFileSync(join(compiledDir, 'ipc', 'get-api.js'), 'export {};');
writeFileSync(join(base, 'outside.js'), 'stolen');
writeFileSync(join(base, 'outside.css'), 'stolen');
symlinkSync(join(base, 'outside.css'), join(sourceDir, 'link.css'));

afterAll(() => rmSync(base, { recursive: true, force: true }));

const assets = createRendererAssets({ sourceDir, compiledDir });

describe('renderer assets', () => {
  it.each([
    ['/', 'index.html', 'text/html; charset=utf-8', sourceDir],
    ['/index.html', 'index.html', 'text/html; charset=utf-8', sourceDir],
    ['/style.css', 'style.css', 'text/css; charset=utf-8', sourceDir],
    ['/icon.svg', 'icon.svg', 'image/svg+xml', sourceDir],
    ['/app.js', 'app.js', 'text/javascript; charset=utf-8', compiledDir],
    ['/app.js.map', 'app.js.map', 'application/json; charset=utf-8', compiledDir],
    ['/ipc/get-api.js', 'ipc/get-api.js', 'text/javascript; charset=utf-8', compiledDir],
    ['/app.js?v=2#x', 'app.js', 'text/javascript; charset=utf-8', compiledDir],
  ])('serves %s from the right folder with the right type', async (path, file, type, dir) => {
    const asset = await assets.read(path);
    expect(asset?.contentType).toBe(type);
    expect(asset?.file).toBe(join(dir, file));
  });

  it.each([
    '/app.ts',
    '/tsconfig.json',
    '/app.d.ts',
    '/.hidden.css',
    '/missing.js',
    '/ipc/',
    '/ipc',
    '/../outside.js',
    '/ipc/../../../outside.js',
    '/%2e%2e/outside.js',
    '/..%2foutside.js',
    '/..%5coutside.js',
    '/%2e%2e%2f%2e%2e%2foutside.js',
    '/ipc/%2e%2e/%2e%2e/%2e%2e/outside.js',
    '/link.css',
    '/app.js%00.css',
    '/%E0%A4%A',
    '//etc/passwd.css',
    '/C:/Windows/win.ini.css',
    'app.js',
    '',
  ])('does not serve %j', async (path) => {
    expect(await assets.read(path)).toBeNull();
  });

  it('contentTypeOf tells which files are served at all', () => {
    expect(contentTypeOf('x/y.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('y.ts')).toBeNull();
    expect(contentTypeOf('y.json')).toBeNull();
  });

  it('finds the project’s renderer folders from its own place by default', () => {
    const dirs = defaultRendererDirs();
    expect(dirs.sourceDir).toMatch(/[/\\]renderer$/);
    expect(dirs.compiledDir).toMatch(/[/\\]out[/\\]renderer$/);
    expect(existsSync(join(dirs.sourceDir, '..', 'package.json'))).toBe(true);
  });

  it('finds them from the compiled app and from the bundled CLI too', () => {
    const root = join(defaultRendererDirs().sourceDir, '..');
    for (const from of [join(root, 'out', 'src-core', 'ipc'), join(root, 'out', 'cli')]) {
      expect(defaultRendererDirs(from)).toEqual({ sourceDir: join(root, 'renderer'), compiledDir: join(root, 'out', 'renderer') });
    }
  });

  it('the CSP allows only the app’s own files and the given WebSocket', () => {
    const csp = rendererContentSecurityPolicy({ connectSrc: ['ws://127.0.0.1:1234'] });
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('connect-src ws://127.0.0.1:1234');
    expect(csp).not.toContain('unsafe');
    expect(rendererContentSecurityPolicy()).toContain("connect-src 'none'");
  });
});
