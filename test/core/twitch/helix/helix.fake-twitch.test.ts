import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src-core/runtime/clock.js';
import { RetryExhaustedError, TimeoutError } from '../../../../src-core/runtime/errors.js';
import { MemoryLogSink, createLogger } from '../../../../src-core/runtime/logger.js';
import { OAuthClient } from '../../../../src-core/twitch/auth/oauth-client.js';
import { TokenSet } from '../../../../src-core/twitch/auth/token-set.js';
import { EventSubSessionGoneError, HexColorRejectedError, TwitchApiError } from '../../../../src-core/twitch/errors.js';
import { HelixClient } from '../../../../src-core/twitch/helix/helix-client.js';
import { HttpClient } from '../../../../src-core/twitch/http/http-client.js';
import type { TokenSource } from '../../../../src-core/twitch/token-source.js';
import { startFakeTwitch, type FakeTwitch } from '../../../fake-twitch/index.js';
import { openSession, type Kit, seed } from '../../../fake-twitch/test-kit.js';
import { ManualClock } from '../../../support/manual-clock.js';
import { waitFor } from '../../../support/wait-for.js';
import { runOnClock } from '../http/local-server.js';

/** A minimal token supervisor: one refresh in flight, callers share it (the real one lives in tokens/). */
class OAuthTokens implements TokenSource {
  readonly #oauth: OAuthClient;
  #current: TokenSet;
  #refreshing: Promise<string> | undefined;

  constructor(oauth: OAuthClient, initial: TokenSet) {
    this.#oauth = oauth;
    this.#current = initial;
  }

  get clientId(): string {
    return this.#oauth.clientId;
  }

  async accessToken(): Promise<string> {
    return this.#current.accessToken;
  }

  refreshAfterUnauthorized(refused: string): Promise<string> {
    if (refused !== this.#current.accessToken) return Promise.resolve(this.#current.accessToken);
    this.#refreshing ??= this.#oauth.refresh(this.#current.refreshToken).then((tokens) => {
      this.#current = tokens;
      this.#refreshing = undefined;
      return tokens.accessToken;
    });
    return this.#refreshing;
  }
}

let clock: ManualClock;
let fake: FakeTwitch;
let kit: Kit;
let http: HttpClient;
let helix: HelixClient;
let sink: MemoryLogSink;
const sockets: { close(): void }[] = [];

beforeEach(async () => {
  clock = new ManualClock();
  fake = await startFakeTwitch({ clock });
  kit = seed(fake);
  http = new HttpClient({ clock: systemClock, proxyEnv: {} });
  sink = new MemoryLogSink();
  const logger = createLogger(sink);
  const oauth = new OAuthClient({ http, endpoints: { authUrl: fake.urls.auth }, clientId: kit.clientId, clock, logger });
  const initial = new TokenSet({ accessToken: kit.token.access_token, refreshToken: kit.token.refresh_token, scopes: kit.token.scope, expiresAt: undefined });
  helix = new HelixClient({ endpoints: { apiUrl: fake.urls.api }, tokens: new OAuthTokens(oauth, initial), clock, logger, http });
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await helix.close();
  await http.close();
  await fake.close();
});

/**
 * Drives calls that wait on the clock (backoff, rate limits). Not for calls made while an
 * EventSub session is open: moving the shared clock would also run the fake's welcome
 * deadline and keepalives, so those calls are awaited directly (they wait on nothing).
 */
const run = <T>(work: Promise<T>) => runOnClock(clock, work, { stepMs: 1_000 });

describe('Helix against the fake Twitch', () => {
  it('R22 250 logins -> 3 user-lookup requests; R25 unknown logins reported', async () => {
    const logins = Array.from({ length: 250 }, (_, i) => `streamer_${i}`);
    for (const login of logins) fake.createUser({ login });
    const result = await run(helix.getUsersByLogin([...logins, 'nobody_here']));
    expect(fake.log.requests({ method: 'GET', path: '/helix/users' })).toHaveLength(3);
    expect(result.users).toHaveLength(250);
    expect(result.notFound).toEqual(['nobody_here']);
    expect(sink.records.find((r) => r.event === 'helix.users_not_found')?.fields).toMatchObject({ notFound: ['nobody_here'] });
    const byId = await run(helix.getUsersById([kit.me.id, '987654321']));
    expect(byId.users.map((u) => u.login)).toEqual(['me']);
    expect(byId.notFound).toEqual(['987654321']);
  });

  it('sets named and (for Prime) hex colors; hex without Turbo/Prime -> HexColorRejectedError', async () => {
    await run(helix.setChatColor(kit.me.id, { kind: 'named', name: 'blue_violet' }));
    expect(fake.user('me').color).toBe('#8A2BE2');
    await expect(run(helix.getChatColor(kit.me.id))).resolves.toBe('#8A2BE2');

    await expect(run(helix.setChatColor(kit.me.id, { kind: 'hex', hex: '#123456' }))).rejects.toBeInstanceOf(HexColorRejectedError);
    fake.updateUser('me', { prime: true });
    await run(helix.setChatColor(kit.me.id, { kind: 'hex', hex: '#123456' }));
    expect(fake.log.colorChanges(kit.me.id).map((c) => c.hex)).toEqual(['#8A2BE2', '#123456']);
  });

  it('R03 an expired token -> exactly one refresh, and the call succeeds', async () => {
    fake.expireUserTokens('me');
    await run(Promise.all(Array.from({ length: 5 }, () => helix.setChatColor(kit.me.id, { kind: 'named', name: 'red' }))));
    expect(fake.log.refreshGrants({ status: 200 })).toBe(1);
    expect(fake.user('me').color).toBe('#FF0000');
  });

  it('429 from an empty bucket -> waits for the reset, then succeeds', async () => {
    fake.setRateLimit({ limit: 60, clientId: kit.clientId, userId: kit.me.id, remaining: 0 });
    await run(helix.setChatColor(kit.me.id, { kind: 'named', name: 'coral' }));
    expect(fake.log.requests({ method: 'PUT', path: '/helix/chat/color', status: 429 }).length).toBeGreaterThanOrEqual(1);
    expect(fake.user('me').color).toBe('#FF7F50');
  });

  it('5xx: PUT chat color is retried, POST subscription is not', async () => {
    fake.injectFault({ method: 'PUT', path: '/helix/chat/color', status: 503, times: 2 });
    await run(helix.setChatColor(kit.me.id, { kind: 'named', name: 'green' }));
    expect(fake.log.requests({ method: 'PUT', path: '/helix/chat/color' })).toHaveLength(3);

    const socket = await openSession(fake);
    sockets.push(socket);
    fake.injectFault({ method: 'POST', path: '/helix/eventsub/subscriptions', status: 500, times: 1 });
    const error = await run(helix.createChatSubscription({ sessionId: socket.sessionId, broadcasterUserId: kit.channel.id, userId: kit.me.id })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TwitchApiError);
    expect(error).toMatchObject({ status: 500 });
    expect(fake.log.requests({ method: 'POST', path: '/helix/eventsub/subscriptions' })).toHaveLength(1);
  });

  it('creates, lists and deletes chat subscriptions; deleting twice is fine', async () => {
    const socket = await openSession(fake);
    sockets.push(socket);
    const other = fake.createUser({ login: 'other' });
    const a = await helix.createChatSubscription({ sessionId: socket.sessionId, broadcasterUserId: kit.channel.id, userId: kit.me.id });
    const b = await helix.createChatSubscription({ sessionId: socket.sessionId, broadcasterUserId: other.id, userId: kit.me.id });
    expect(a).toEqual({ id: a.id, status: 'enabled', broadcasterUserId: kit.channel.id, userId: kit.me.id, sessionId: socket.sessionId });
    expect((await helix.listChatSubscriptions()).map((s) => s.id)).toEqual([a.id, b.id]);
    await helix.deleteSubscription(a.id);
    await helix.deleteSubscription(a.id);
    expect(fake.subscriptions().map((s) => s.id)).toEqual([b.id]);
  });

  it('lists every page', async () => {
    const socket = await openSession(fake);
    sockets.push(socket);
    const channels = Array.from({ length: 230 }, (_, i) => fake.createUser({ login: `c${i}` }));
    await Promise.all(channels.map((c) => helix.createChatSubscription({ sessionId: socket.sessionId, broadcasterUserId: c.id, userId: kit.me.id })));
    const list = await helix.listChatSubscriptions();
    expect(list).toHaveLength(230);
    expect(new Set(list.map((s) => s.broadcasterUserId))).toEqual(new Set(channels.map((c) => c.id)));
    expect(fake.log.requests({ method: 'GET', path: '/helix/eventsub/subscriptions' })).toHaveLength(3);
  });

  it('G6 a subscription orphaned by a dropped session (409) is replaced on the new session', async () => {
    fake.setOrphanedSubscriptionsLinger(120_000);
    const old = await openSession(fake);
    const stale = await helix.createChatSubscription({ sessionId: old.sessionId, broadcasterUserId: kit.channel.id, userId: kit.me.id });
    fake.dropSocket(old.sessionId);
    await waitFor(() => old.closed);
    const fresh = await openSession(fake);
    sockets.push(fresh);
    const created = await helix.createChatSubscription({ sessionId: fresh.sessionId, broadcasterUserId: kit.channel.id, userId: kit.me.id });
    expect(created.sessionId).toBe(fresh.sessionId);
    expect(fake.log.requests({ method: 'POST', path: '/helix/eventsub/subscriptions' }).map((r) => r.status)).toEqual([202, 409, 202]);
    expect(fake.log.requests({ method: 'DELETE', path: '/helix/eventsub/subscriptions' }).map((r) => r.query.id)).toEqual([[stale.id]]);
    expect(fake.subscriptions().map((s) => s.id)).toEqual([created.id]);
  });

  it('G8 creating on a session that is gone -> EventSubSessionGoneError', async () => {
    const socket = await openSession(fake);
    socket.close();
    await waitFor(() => socket.closed);
    await waitFor(() => fake.sessions().every((s) => s.id !== socket.sessionId || s.state !== 'connected'));
    const error = await helix.createChatSubscription({ sessionId: socket.sessionId, broadcasterUserId: kit.channel.id, userId: kit.me.id }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EventSubSessionGoneError);
  });

  it('R26 Twitch never answers -> TimeoutError (as the last cause after the bounded retries)', async () => {
    fake.injectFault({ method: 'GET', path: '/helix/users', hang: true });
    const timed = new HttpClient({ clock, proxyEnv: {}, timeoutMs: 10_000 });
    const lookup = new HelixClient({
      endpoints: { apiUrl: fake.urls.api },
      tokens: { clientId: kit.clientId, accessToken: async () => kit.token.access_token, refreshAfterUnauthorized: async () => kit.token.access_token },
      clock,
      logger: createLogger(sink),
      http: timed,
      retry: { attempts: 2, random: () => 0 },
    });
    try {
      const pending = lookup.getUsersByLogin(['me']).catch((caught: unknown) => caught);
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        await waitFor(() => fake.log.requests({ path: '/helix/users' }).length === attempt);
        await clock.advance(10_000);
      }
      const error = await pending;
      expect(error).toBeInstanceOf(RetryExhaustedError);
      expect((error as RetryExhaustedError).lastError).toBeInstanceOf(TimeoutError);
      expect(sink.records.some((r) => r.event === 'helix.users_lookup_failed')).toBe(true);
    } finally {
      await lookup.close();
      await timed.close();
    }
  });
});
