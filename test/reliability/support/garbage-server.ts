import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ManualClock } from '../../support/manual-clock.js';
import { settleIo } from '../../support/wait-for.js';
import { brokenText, mutateJson, randomJson } from './fuzz-gen.js';
import type { Prng } from './prng.js';

/** Awaits `work` while moving the clock; fails if it is still pending after `maxMs` simulated. */
export async function onClock<T>(clock: ManualClock, work: Promise<T>, maxMs: number, what: string): Promise<T> {
  let done = false;
  const watched = work.finally(() => {
    done = true;
  });
  watched.catch(() => {});
  for (let waited = 0; !done; waited += 5_000) {
    await settleIo(1);
    if (done) break;
    if (waited >= maxMs) throw new Error(`${what} still pending after ${maxMs} ms simulated`);
    await clock.advance(5_000);
  }
  return watched;
}

/** Answers every request with a random status, headers and body, sometimes cutting the connection. */
export function garbageServer(prng: Prng, clock: ManualClock): Promise<Server> {
  const bodies: unknown[] = [
    { data: [{ id: '1', login: 'alice', display_name: 'Alice', broadcaster_type: '', profile_image_url: '' }] },
    { data: [{ user_id: '1', user_name: 'Alice', user_login: 'alice', color: '#112233' }] },
    { data: [{ id: 's1', status: 'enabled', type: 'channel.chat.message', version: '1', condition: { broadcaster_user_id: '1', user_id: '2' }, transport: { method: 'websocket', session_id: 'AQoQx' }, created_at: '2026-01-01T00:00:00Z', cost: 0 }], total: 1, total_cost: 0, max_total_cost: 10, pagination: {} },
    { client_id: 'fuzzclient', login: 'alice', user_id: '1', scopes: ['user:read:chat', 'user:manage:chat_color'], expires_in: 100 },
    { access_token: 'a'.repeat(30), refresh_token: 'r'.repeat(50), expires_in: 14000, scope: ['user:read:chat'], token_type: 'bearer' },
    { device_code: 'd'.repeat(40), user_code: 'ABCDEFGH', verification_uri: 'https://www.twitch.tv/activate', expires_in: 1800, interval: 5 },
    { error: 'Bad Request', status: 400, message: 'invalid refresh token' },
  ];
  const statuses = [200, 200, 200, 201, 202, 204, 400, 401, 403, 404, 409, 410, 418, 429, 500, 502, 503];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    if (prng.chance(0.03)) {
      res.socket?.destroy();
      return;
    }
    const headers: Record<string, string> = {};
    if (prng.chance(0.5)) headers['content-type'] = prng.pick(['application/json', 'text/html', 'text/plain', 'application/octet-stream']);
    if (prng.chance(0.3)) headers['ratelimit-reset'] = prng.pick(['', 'soon', '-1', '99999999999', String(Math.floor(clock.now() / 1000) + prng.int(90))]);
    if (prng.chance(0.3)) headers['ratelimit-remaining'] = prng.pick(['', '-5', 'x', '0', '800']);
    if (prng.chance(0.2)) headers['ratelimit-limit'] = prng.pick(['0', 'NaN', '800']);
    let body: string;
    const roll = prng.int(5);
    if (roll === 0) body = JSON.stringify(prng.pick(bodies));
    else if (roll === 1) body = JSON.stringify(mutateJson(prng, prng.pick(bodies)));
    else if (roll === 2) body = brokenText(prng, JSON.stringify(prng.pick(bodies)));
    else if (roll === 3) body = JSON.stringify(randomJson(prng));
    else body = prng.chance(0.5) ? '' : '<html><body>502 Bad Gateway</body></html>';
    res.writeHead(prng.pick(statuses), headers);
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
