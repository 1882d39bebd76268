import { afterEach, describe, expect, it } from 'vitest';
import { hardenSession, hardenWebContents } from '../../../electron/windows/web-security.js';
import { MemoryLogSink, createLogger } from '../../../src-core/runtime/logger.js';
import { FakeWebContents, resetFakeElectron, session } from '../../fakes/electron.js';

afterEach(() => resetFakeElectron());

function hardened() {
  const opened: string[] = [];
  const sink = new MemoryLogSink();
  const contents = new FakeWebContents();
  hardenWebContents(contents, { openExternal: async (url) => void opened.push(url), logger: createLogger(sink) });
  return { contents, opened, sink };
}

describe('web security', () => {
  it('denies every new window; Twitch’s activation page goes to the system browser instead', () => {
    const { contents, opened } = hardened();
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'https://www.twitch.tv/activate?public=true&device-code=ABCD' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://www.twitch.tv/activate?public=true&device-code=ABCD']);
  });

  it('the developer console link of the first-run and settings screens opens in the system browser too (issue 20)', () => {
    const { contents, opened } = hardened();
    expect(contents.windowOpenHandler?.({ url: 'https://dev.twitch.tv/console/apps' })).toEqual({ action: 'deny' });
    contents.windowOpenHandler?.({ url: 'https://dev.twitch.tv/console/apps/evil' });
    contents.windowOpenHandler?.({ url: 'https://dev.twitch.tv.evil.example/console/apps' });
    expect(opened).toEqual(['https://dev.twitch.tv/console/apps']);
  });

  it('never opens look-alike URLs in the browser', () => {
    const { contents, opened } = hardened();
    for (const url of ['https://www.twitch.tv.evil.example/activate', 'http://www.twitch.tv/activate', 'https://user@www.twitch.tv/activate', 'file:///etc/passwd', 'https://www.twitch.tv/settings']) {
      contents.windowOpenHandler?.({ url });
    }
    expect(opened).toEqual([]);
  });

  it('blocks navigation away from our origin, and any <webview>', () => {
    const { contents, sink } = hardened();
    expect(contents.attemptNavigation('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.attemptNavigation('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(contents.attemptNavigation('will-navigate', 'app://colorchanger/index.html#login')).toBe(false);
    const attach = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    contents.emit('will-attach-webview', attach);
    expect(attach.defaultPrevented).toBe(true);
    expect(sink.records.map((r) => r.event)).toEqual(['web.navigation_denied', 'web.navigation_denied', 'web.webview_denied']);
  });

  it('grants no permission except copying the login code, and only to our pages', () => {
    hardenSession(session.defaultSession, createLogger(new MemoryLogSink()));
    const ask = (permission: string, requestingUrl: string): boolean => {
      let granted: boolean | null = null;
      session.defaultSession.permissionRequestHandler?.(null, permission, (g) => (granted = g), { requestingUrl });
      return granted === true;
    };
    expect(ask('clipboard-sanitized-write', 'app://colorchanger/index.html')).toBe(true);
    expect(ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      expect(ask(permission, 'app://colorchanger/index.html'), permission).toBe(false);
    }
    expect(session.defaultSession.permissionCheckHandler?.(null, 'media', 'app://colorchanger', {})).toBe(false);
  });

  it('lets only our own app:// origin copy the login code; look-alikes and other origins are refused', () => {
    hardenSession(session.defaultSession, createLogger(new MemoryLogSink()));
    const check = (origin: string): boolean | undefined => session.defaultSession.permissionCheckHandler?.(null, 'clipboard-sanitized-write', origin, {});
    const ask = (requestingUrl: string | undefined): boolean => {
      let granted: boolean | null = null;
      session.defaultSession.permissionRequestHandler?.(null, 'clipboard-sanitized-write', (g) => (granted = g), requestingUrl === undefined ? {} : { requestingUrl });
      return granted === true;
    };
    expect(check('app://colorchanger')).toBe(true);
    expect(ask('app://colorchanger/index.html#login')).toBe(true);
    for (const origin of ['https://evil.example', 'app://evil', 'app://colorchanger.evil.example', 'app://user@colorchanger', 'http://127.0.0.1:8080', 'file://', '']) {
      expect(check(origin), origin).toBe(false);
      expect(ask(origin), origin).toBe(false);
    }
    expect(ask(undefined)).toBe(false);
    expect(check('app://colorchanger') && session.defaultSession.permissionCheckHandler?.(null, 'clipboard-read', 'app://colorchanger', {})).toBe(false);
  });

  it('lets pages load only from app:// and data:, never from the network', () => {
    hardenSession(session.defaultSession, createLogger(new MemoryLogSink()));
    expect(session.defaultSession.allows('app://colorchanger/main.js')).toBe(true);
    expect(session.defaultSession.allows('data:image/png;base64,AAAA')).toBe(true);
    for (const url of ['https://api.twitch.tv/helix/users', 'http://127.0.0.1:8080/', 'ws://127.0.0.1/', 'file:///etc/passwd']) {
      expect(session.defaultSession.allows(url), url).toBe(false);
    }
  });
});
