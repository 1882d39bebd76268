import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_CSP, registerAppScheme, serveAppProtocol } from '../../../electron/protocol/app-protocol.js';
import { createRendererAssets } from '../../../src-core/ipc/renderer-assets.js';
import { MemoryLogSink, createLogger } from '../../../src-core/runtime/logger.js';
import { protocol, resetFakeElectron } from '../../fakes/electron.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cc-renderer-'));
  mkdirSync(join(root, 'src'));
  mkdirSync(join(root, 'out'));
  writeFileSync(join(root, 'src', 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(root, 'src', 'styles.css'), 'body{}');
  writeFileSync(join(root, 'src', 'main.ts'), 'secret source');
  writeFileSync(join(root, 'out', 'main.js'), 'console.log(1)');
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  resetFakeElectron();
});

function serve(): MemoryLogSink {
  const sink = new MemoryLogSink();
  serveAppProtocol(protocol, createRendererAssets({ sourceDir: join(root, 'src'), compiledDir: join(root, 'out') }), createLogger(sink));
  return sink;
}

describe('the app:// protocol', () => {
  it('registers app:// as a standard, secure scheme (a real origin for the sender check)', () => {
    registerAppScheme(protocol);
    expect(protocol.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('serves the renderer’s pages with the strict CSP as a header', async () => {
    serve();
    const page = await protocol.fetch('app://colorchanger/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>t</title>');
    expect(page.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const script = await protocol.fetch('app://colorchanger/main.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
  });

  it('serves the cached Twitch profile pictures from the data dir as /avatars/<file>, under the same CSP (issue 17)', async () => {
    const avatarDir = join(root, 'avatars');
    mkdirSync(avatarDir);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    writeFileSync(join(avatarDir, '141981764-0123456789ab.png'), png);
    writeFileSync(join(root, 'secret.png'), png);
    serveAppProtocol(protocol, createRendererAssets({ sourceDir: join(root, 'src'), compiledDir: join(root, 'out') }, { avatarDir }), createLogger(new MemoryLogSink()));
    const picture = await protocol.fetch('app://colorchanger/avatars/141981764-0123456789ab.png');
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toBe('image/png');
    expect(picture.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(Buffer.from(await picture.arrayBuffer()).equals(png)).toBe(true);
    // Only names of the cache's own shape, only from its folder.
    for (const url of ['app://colorchanger/avatars/secret.png', 'app://colorchanger/avatars/../secret.png', 'app://colorchanger/avatars/%2e%2e%2fsecret.png']) {
      expect((await protocol.fetch(url)).status, url).toBe(404);
    }
  });

  it('the CSP allows only our own scripts and styles and no network at all', () => {
    expect(APP_CSP).toContain("default-src 'none'");
    expect(APP_CSP).toContain("script-src 'self'");
    expect(APP_CSP).toContain("connect-src 'none'");
    expect(APP_CSP).toContain("frame-ancestors 'none'");
    expect(APP_CSP).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('answers 404 for anything else: other hosts, sources, escapes out of the folder', async () => {
    serve();
    for (const url of ['app://other/index.html', 'app://colorchanger/main.ts', 'app://colorchanger/../out/main.js', 'app://colorchanger/%2e%2e/src/index.html', 'app://colorchanger/missing.html']) {
      const response = await protocol.fetch(url);
      expect(response.status, url).toBe(404);
      expect(response.headers.get('content-security-policy')).toBe(APP_CSP);
    }
  });

  it('refuses anything but GET and HEAD', async () => {
    serve();
    expect((await protocol.fetch('app://colorchanger/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
    const head = await protocol.fetch('app://colorchanger/index.html', { method: 'HEAD' });
    expect(head.status).toBe(200);
  });
});
