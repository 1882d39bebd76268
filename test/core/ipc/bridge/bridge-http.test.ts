import { request as httpRequest } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestBridge, startTestBridge } from './bridge-harness.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(bridge: TestBridge, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: bridge.bridge.port, path, method, headers: { host: `127.0.0.1:${bridge.bridge.port}`, ...headers }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

let t: TestBridge;
beforeEach(async () => {
  t = await startTestBridge();
});
afterEach(async () => {
  await t.close();
});

describe('the bridge over HTTP', () => {
  it('listens on 127.0.0.1 and prints a URL with a long random token', () => {
    expect(t.bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    expect(t.bridge.wsUrl).toBe(`ws://127.0.0.1:${t.bridge.port}/ws?token=${t.bridge.token}`);
  });

  it('serves the page for the printed URL, with a strict policy and the token cookie', async () => {
    const reply = await get(t, `/?token=${t.bridge.token}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('main.js');
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.headers['referrer-policy']).toBe('no-referrer');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${t.bridge.port}`);
    expect(reply.headers['set-cookie']?.[0]).toBe(`colorchanger_${t.bridge.port}=${t.bridge.token}; Path=/; HttpOnly; SameSite=Strict`);
  });

  it('serves the page’s files to the page (by its cookie), with their content types', async () => {
    const cookie = `colorchanger_${t.bridge.port}=${t.bridge.token}`;
    const css = await get(t, '/style.css', { cookie, origin: t.bridge.origin });
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const js = await get(t, '/main.js', { cookie: `other=1; ${cookie}` });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const head = await get(t, '/main.js', { cookie }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it.each([
    ['no token', '/', {}],
    ['an empty token', '/?token=', {}],
    ['a wrong token', '/?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', {}],
    ['a file without the cookie', '/main.js', {}],
    ['a wrong cookie', '/main.js', { cookie: 'colorchanger_1=nope' }],
    ['a foreign Origin', '/?token=TOKEN', { origin: 'http://evil.example' }],
    ['another port’s Origin', '/?token=TOKEN', { origin: 'http://127.0.0.1:1' }],
    ['a rebound Host name', '/?token=TOKEN', { host: 'evil.example:PORT' }],
    ['localhost with the 127.0.0.1 Origin', '/?token=TOKEN', { host: 'localhost:PORT', origin: 'http://127.0.0.1:PORT' }],
    ['a name that merely contains localhost', '/?token=TOKEN', { host: 'localhost.evil.example:PORT' }],
  ])('R33 refuses a request with %s (403, logged without the token)', async (_label, path, headers) => {
    const fill = (s: string) => s.replace('TOKEN', t.bridge.token).replace('PORT', String(t.bridge.port));
    const reply = await get(t, fill(path), Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, fill(v)])));
    expect(reply.status).toBe(403);
    expect(reply.headers['set-cookie']).toBeUndefined();
    // A page in the app's look that says what to do, with nothing but its own inline style.
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.body).toMatch(/<h1>(This page needs ColorChanger’s access token|Open ColorChanger by its own address|Another page tried to use ColorChanger)<\/h1>/);
    expect(reply.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; /);
    expect(reply.body).not.toContain('<script');
    const line = t.sink.records.find((r) => r.event === 'bridge.refused');
    expect(line).toMatchObject({ level: 'warn', fields: { transport: 'http' } });
    expect(JSON.stringify(t.sink.records)).not.toContain(t.bridge.token);
  });

  it('answers other methods with 405, missing and forbidden files with 404', async () => {
    const token = `?token=${t.bridge.token}`;
    expect((await get(t, `/${token}`, {}, 'POST')).status).toBe(405);
    expect((await get(t, `/nothing.js${token}`)).status).toBe(404);
    expect((await get(t, `/../package.json${token}`)).status).toBe(404);
    expect((await get(t, `/%2e%2e/%2e%2e/etc/passwd.css${token}`)).status).toBe(404);
    // The WebSocket's address without an upgrade: 426 with a good token (how a page tells "refused" from "down").
    expect((await get(t, `/ws${token}`)).status).toBe(426);
    expect((await get(t, `/ws?token=${'A'.repeat(43)}`)).status).toBe(403);
  });

  it('accepts localhost, the loopback name, with a matching Origin; its cookie and policy name localhost (issue 17)', async () => {
    const host = `localhost:${t.bridge.port}`;
    const page = await get(t, `/?token=${t.bridge.token}`, { host });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain(`connect-src 'self' ws://${host}`);
    expect(page.headers['set-cookie']?.[0]).toBe(`colorchanger_${t.bridge.port}=${t.bridge.token}; Path=/; HttpOnly; SameSite=Strict`);
    const js = await get(t, '/main.js', { host, origin: `http://${host}`, cookie: `colorchanger_${t.bridge.port}=${t.bridge.token}` });
    expect(js.status).toBe(200);
  });

  it('the refusal page tells what to do: the printed address with its token, at 127.0.0.1 or localhost', async () => {
    const reply = await get(t, '/');
    expect(reply.body).toContain('Open the address ColorChanger printed when it started');
    expect(reply.body).toContain(`http://127.0.0.1:${t.bridge.port}`);
    expect(reply.body).toContain(`http://localhost:${t.bridge.port}`);
    const rebound = await get(t, '/', { host: 'evil.example' });
    expect(rebound.body).toContain('This address is not one ColorChanger answers to');
  });
});
