import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { matchesNoProxy, ProxyConfigError, proxyFor, type ProxySettings } from '../../../../src-core/twitch/http/proxy-env.js';

const TWITCH_WSS = new URL('wss://eventsub.wss.twitch.tv/ws');

function proxyOf(url: URL | string, env: NodeJS.ProcessEnv, includeLoopback = false): string | undefined {
  const settings: ProxySettings = { env, includeLoopback };
  const proxy = proxyFor(typeof url === 'string' ? new URL(url) : url, settings);
  return proxy && `${proxy.protocol}//${String(proxy)}`;
}

describe('NO_PROXY matching', () => {
  it.each<[host: string, port: number, noProxy: string, direct: boolean]>([
    ['eventsub.wss.twitch.tv', 443, '', false],
    ['eventsub.wss.twitch.tv', 443, ' , ,', false],
    ['eventsub.wss.twitch.tv', 443, 'eventsub.wss.twitch.tv', true],
    ['eventsub.wss.twitch.tv', 443, 'twitch.tv', true],
    ['eventsub.wss.twitch.tv', 443, '.twitch.tv', true],
    ['eventsub.wss.twitch.tv', 443, '*.twitch.tv', true],
    ['twitch.tv', 443, '.twitch.tv', true],
    ['nottwitch.tv', 443, 'twitch.tv', false],
    ['twitch.tv', 443, 'eventsub.wss.twitch.tv', false],
    ['eventsub.wss.twitch.tv', 443, 'example.com,twitch.tv', true],
    ['eventsub.wss.twitch.tv', 443, 'example.com, twitch.tv', true],
    ['eventsub.wss.twitch.tv', 443, 'example.com twitch.tv', true],
    ['eventsub.wss.twitch.tv', 443, 'example.com', false],
    ['eventsub.wss.twitch.tv', 443, '*', true],
    ['eventsub.wss.twitch.tv', 443, 'example.com,*', true],
    ['eventsub.wss.twitch.tv', 443, 'twitch.tv:443', true],
    ['eventsub.wss.twitch.tv', 443, 'twitch.tv:8443', false],
    ['EventSub.WSS.Twitch.TV', 443, 'TWITCH.tv', true],
    ['eventsub.wss.twitch.tv.', 443, 'twitch.tv', true],
    ['10.1.2.3', 443, '10.1.2.3', true],
    ['10.1.2.3', 443, '10.1.2.30', false],
    ['10.1.2.30', 443, '10.1.2.3', false],
    ['2001:db8::1', 443, '2001:db8::1', true],
    ['[2001:db8::1]', 443, '[2001:db8::1]', true],
    ['2001:db8::1', 443, '[2001:db8::1]:443', true],
    ['2001:db8::1', 443, '[2001:db8::1]:80', false],
  ])('%s:%i with NO_PROXY=%j -> direct %s', (host, port, noProxy, direct) => {
    expect(matchesNoProxy(host, port, noProxy)).toBe(direct);
  });
});

describe('proxyFor', () => {
  it('wss: uses HTTPS_PROXY and falls back to HTTP_PROXY; ws: uses HTTP_PROXY only', () => {
    expect(proxyOf(TWITCH_WSS, { HTTPS_PROXY: 'http://s.corp:3128', HTTP_PROXY: 'http://p.corp:8080' })).toBe('http://s.corp:3128');
    expect(proxyOf(TWITCH_WSS, { HTTP_PROXY: 'http://p.corp:8080' })).toBe('http://p.corp:8080');
    expect(proxyOf('ws://twitch.example/ws', { HTTPS_PROXY: 'http://s.corp:3128' })).toBeUndefined();
    expect(proxyOf('ws://twitch.example/ws', { HTTPS_PROXY: 'http://s.corp:3128', http_proxy: 'http://p.corp:8080' })).toBe('http://p.corp:8080');
    expect(proxyOf(TWITCH_WSS, {})).toBeUndefined();
    expect(proxyOf(TWITCH_WSS, { HTTPS_PROXY: '  ' })).toBeUndefined();
  });

  it('reads either case, lower case first, as the HTTP client does', () => {
    expect(proxyOf(TWITCH_WSS, { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' })).toBe('http://lower:1');
    expect(proxyOf(TWITCH_WSS, { HTTPS_PROXY: 'http://upper:2', no_proxy: 'twitch.tv' })).toBeUndefined();
    expect(proxyOf(TWITCH_WSS, { HTTPS_PROXY: 'http://upper:2', NO_PROXY: '.twitch.tv' })).toBeUndefined();
  });

  it('loopback targets always go direct, whatever NO_PROXY says (a separate rule)', () => {
    const env = { HTTPS_PROXY: 'http://s.corp:3128', HTTP_PROXY: 'http://s.corp:3128', NO_PROXY: '' };
    for (const url of ['ws://127.0.0.1:8080/ws', 'ws://127.5.6.7/ws', 'wss://localhost/ws', 'ws://[::1]:9000/ws', 'wss://eventsub.localhost/ws']) {
      expect(proxyOf(url, env), url).toBeUndefined();
      expect(proxyOf(url, env, true), url).toBe('http://s.corp:3128');
    }
    expect(proxyOf('ws://127.0.0.1:8080/ws', { ...env, NO_PROXY: '127.0.0.1' }, true)).toBeUndefined();
  });

  it('takes a scheme-less proxy as http:// and fills in default ports', () => {
    expect(proxyOf(TWITCH_WSS, { HTTPS_PROXY: 'proxy.corp:3128' })).toBe('http://proxy.corp:3128');
    expect(proxyOf(TWITCH_WSS, { HTTPS_PROXY: 'http://proxy.corp' })).toBe('http://proxy.corp:80');
    expect(proxyOf(TWITCH_WSS, { HTTPS_PROXY: 'https://proxy.corp/' })).toBe('https://proxy.corp:443');
    expect(proxyOf(TWITCH_WSS, { HTTPS_PROXY: 'http://[2001:db8::5]:3128' })).toBe('http://[2001:db8::5]:3128');
  });

  it('R34 proxy credentials become a Basic header and show nowhere else', () => {
    const proxy = proxyFor(TWITCH_WSS, { env: { HTTPS_PROXY: 'http://al%40ice:s3cret%3Apass@proxy.corp:3128' } })!;
    expect(proxy.authorization).toBe(`Basic ${Buffer.from('al@ice:s3cret:pass').toString('base64')}`);
    for (const shown of [String(proxy), inspect(proxy, { depth: 5, showHidden: true }), JSON.stringify(proxy)]) {
      expect(shown).not.toContain('s3cret');
      expect(shown).not.toContain(Buffer.from('al@ice:s3cret:pass').toString('base64'));
    }
    expect(proxyFor(TWITCH_WSS, { env: { HTTPS_PROXY: 'http://proxy.corp:3128' } })!.authorization).toBeUndefined();
  });

  it.each([
    ['socks5://bob:hunter22@proxy.corp:1080', 'must be an http:// or https:// proxy URL'],
    ['http://bob:hunter22@', 'is not a valid URL'],
    ['http://bob:hunter22%zz@proxy.corp', 'badly percent-encoded'],
  ])('R34 an unusable proxy variable (%s) is a ProxyConfigError that does not repeat the value', (value, problem) => {
    let error: unknown;
    try {
      proxyFor(TWITCH_WSS, { env: { HTTPS_PROXY: value } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProxyConfigError);
    expect((error as ProxyConfigError).message).toContain(problem);
    expect((error as ProxyConfigError).message).toContain('HTTPS_PROXY');
    expect((error as ProxyConfigError).message).not.toContain('hunter22');
  });
});
