import { afterEach, describe, expect, it } from 'vitest';
import { MemoryLogSink, SecretRegistry, createLogger } from '../../../src-core/runtime/logger.js';
import { NetworkError, AuthError } from '../../../src-core/twitch/errors.js';
import type { TokenGrant } from '../../../src-core/tokens/oauth-port.js';
import { TokenSupervisor, type TokenSupervisorOptions } from '../../../src-core/tokens/token-supervisor.js';
import { ManualClock, flushMicrotasks } from '../../support/manual-clock.js';
import { FakeOAuth } from './fake-oauth.js';

const owners: AbortController[] = [];
afterEach(() => owners.splice(0).forEach((c) => c.abort()));

function setup(overrides: Partial<TokenSupervisorOptions> = {}) {
  const clock = new ManualClock();
  const oauth = new FakeOAuth(() => clock.now());
  const sink = new MemoryLogSink();
  const secrets = new SecretRegistry();
  const owner = new AbortController();
  owners.push(owner);
  const persisted: TokenGrant[] = [];
  const invalid: AuthError[] = [];
  const initial = oauth.grant();
  const supervisor = new TokenSupervisor({
    clientId: 'client-1',
    initial,
    oauth,
    clock,
    logger: createLogger(sink, { secrets }),
    secrets,
    signal: owner.signal,
    persist: async (tokens) => {
      persisted.push(tokens);
    },
    onInvalid: (error) => invalid.push(error),
    random: () => 0.5,
    ...overrides,
  });
  return { clock, oauth, sink, supervisor, persisted, invalid, owner, initial };
}

describe('TokenSupervisor', () => {
  it('R03 concurrent 401s trigger exactly one refresh and every caller gets its result', async () => {
    const { supervisor, oauth, initial } = setup();
    let release!: () => void;
    oauth.refreshDelay = new Promise((r) => (release = r));
    const callers = Array.from({ length: 10 }, () => supervisor.refreshAfterUnauthorized(initial.accessToken));
    release();
    const tokens = await Promise.all(callers);
    expect(oauth.refreshCalls).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(initial.accessToken);
  });

  it('R03 a 401 with a token already superseded does not refresh again', async () => {
    const { supervisor, oauth, initial } = setup();
    const fresh = await supervisor.refreshAfterUnauthorized(initial.accessToken);
    const again = await supervisor.refreshAfterUnauthorized(initial.accessToken);
    expect(again).toBe(fresh);
    expect(oauth.refreshCalls).toBe(1);
  });

  it('R01 100 concurrent validations of one account all settle with one request', async () => {
    const { supervisor, oauth } = setup();
    const results = await Promise.all(Array.from({ length: 100 }, () => supervisor.validateNow()));
    expect(results.every((r) => r.userId === '1001')).toBe(true);
    expect(oauth.validateCalls).toBe(1);
  });

  it('R32 the rotated refresh token is persisted before the new access token is handed out', async () => {
    const order: string[] = [];
    let releasePersist!: () => void;
    const persistGate = new Promise<void>((r) => (releasePersist = r));
    const { supervisor, initial } = setup({
      persist: async (tokens) => {
        order.push(`persist-start ${tokens.refreshToken}`);
        await persistGate;
        order.push('persist-done');
      },
    });
    const refreshed = supervisor.refreshAfterUnauthorized(initial.accessToken).then((t) => order.push(`got ${t}`));
    await flushMicrotasks();
    // While the write is pending nobody may see the new token.
    const meanwhile = await Promise.race([supervisor.accessToken().then((t) => t), flushMicrotasks().then(() => 'pending')]);
    expect(meanwhile).toBe('pending');
    releasePersist();
    await refreshed;
    expect(order[0]).toMatch(/^persist-start refresh-token-2/);
    expect(order[1]).toBe('persist-done');
    expect(order[2]).toMatch(/^got access-token-2/);
  });

  it('R27 once refreshed, every later caller reads the new token', async () => {
    const { supervisor, initial } = setup();
    const fresh = await supervisor.refreshAfterUnauthorized(initial.accessToken);
    const reads = await Promise.all(Array.from({ length: 20 }, () => supervisor.accessToken()));
    expect(reads.every((t) => t === fresh)).toBe(true);
  });

  it('refreshes before expiry on its own schedule', async () => {
    const { supervisor, oauth, clock } = setup();
    await supervisor.start();
    await clock.advance(4 * 3600_000 - 10 * 60_000 - 1);
    expect(oauth.refreshCalls).toBe(0);
    await clock.advance(1);
    expect(oauth.refreshCalls).toBe(1);
  });

  it('validates at start and every hour, even when idle (G14)', async () => {
    const { supervisor, oauth, clock } = setup();
    await supervisor.start();
    expect(oauth.validateCalls).toBe(1);
    await clock.advance(3 * 3600_000);
    expect(oauth.validateCalls).toBe(4);
  });

  it('an invalid access token at start is refreshed once and validated again', async () => {
    const { supervisor, oauth, initial } = setup();
    oauth.live.delete(initial.accessToken);
    const identity = await supervisor.start();
    expect(identity.login).toBe('alice');
    expect(oauth.refreshCalls).toBe(1);
    expect(oauth.validateCalls).toBe(2);
  });

  it('a dead refresh token moves to invalid once, stops all use and schedules nothing', async () => {
    const { supervisor, oauth, initial, invalid, clock } = setup();
    oauth.liveRefresh.clear();
    await expect(supervisor.refreshAfterUnauthorized(initial.accessToken)).rejects.toBeInstanceOf(AuthError);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]?.reason).toBe('invalid_refresh_token');
    expect(supervisor.status).toBe('invalid');
    await expect(supervisor.accessToken()).rejects.toBeInstanceOf(AuthError);
    expect(clock.pending).toBe(0);
  });

  it('network errors never invalidate the login: they back off and retry', async () => {
    const transient: number[] = [];
    const { supervisor, oauth, initial, clock, invalid } = setup({
      onTransientFailure: (_e, at) => transient.push(at),
    });
    oauth.failNext.push(new NetworkError('refresh'), new NetworkError('refresh'));
    await expect(supervisor.refreshAfterUnauthorized(initial.accessToken)).rejects.toBeInstanceOf(NetworkError);
    expect(supervisor.status).toBe('valid');
    await clock.advance(60_000);
    await clock.advance(60_000);
    expect(oauth.refreshCalls).toBe(3);
    expect(invalid).toHaveLength(0);
    expect(transient).toHaveLength(2);
    expect(await supervisor.accessToken()).not.toBe(initial.accessToken);
  });

  it('R04 refresh, save and validate interleaved 1000 times all settle', async () => {
    const { supervisor, initial } = setup({
      persist: async () => {
        await flushMicrotasks(3);
      },
    });
    let current = initial.accessToken;
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 1000; i += 1) {
      if (i % 3 === 0) work.push(supervisor.refreshAfterUnauthorized(current).then((t) => (current = t)));
      else if (i % 3 === 1) work.push(supervisor.validateNow());
      else work.push(supervisor.accessToken());
    }
    const settled = await Promise.allSettled(work);
    expect(settled.every((s) => s.status === 'fulfilled')).toBe(true);
  });

  it('R16 stopping leaves no timer and rejects waiting callers', async () => {
    const { supervisor, clock, owner } = setup();
    await supervisor.start();
    expect(clock.pending).toBeGreaterThan(0);
    owner.abort();
    expect(clock.pending).toBe(0);
    await expect(supervisor.accessToken()).rejects.toThrow(/stopped/);
  });

  it('R34 tokens never appear in its log lines', async () => {
    const { supervisor, sink, initial, oauth } = setup();
    oauth.failNext.push(new NetworkError('refresh'));
    await supervisor.refreshAfterUnauthorized(initial.accessToken).catch(() => {});
    await supervisor.validateNow();
    const text = JSON.stringify(sink.records);
    expect(text).not.toMatch(/access-token-|refresh-token-/);
  });
});
