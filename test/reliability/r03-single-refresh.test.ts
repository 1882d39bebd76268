import { describe, expect, it } from 'vitest';
import { MemoryLogSink, createLogger } from '../../src-core/runtime/logger.js';
import { TokenSupervisor } from '../../src-core/tokens/token-supervisor.js';
import { FakeOAuth } from '../core/tokens/fake-oauth.js';
import { ManualClock, flushMicrotasks } from '../support/manual-clock.js';

describe('R03 one refresh in flight per account', () => {
  it('R03 ten 401s, a validation that finds the token dead and the refresh timer, all at once: one refresh at Twitch, every caller gets the new token', async () => {
    const clock = new ManualClock();
    const oauth = new FakeOAuth(() => clock.now());
    // Expires in 11 minutes: the refresh timer (10 minutes before expiry) is due in one.
    const initial = oauth.grant(11 * 60_000);
    const owner = new AbortController();
    const invalid: unknown[] = [];
    const supervisor = new TokenSupervisor({
      clientId: 'client',
      initial,
      oauth,
      clock,
      logger: createLogger(new MemoryLogSink()),
      signal: owner.signal,
      persist: async () => {},
      onInvalid: (error) => invalid.push(error),
      random: () => 0.5,
    });
    await supervisor.start();
    let release!: () => void;
    oauth.refreshDelay = new Promise<void>((resolve) => (release = resolve));
    oauth.live.delete(initial.accessToken);

    const callers = [
      ...Array.from({ length: 10 }, () => supervisor.refreshAfterUnauthorized(initial.accessToken)),
      supervisor.validateNow().then((identity) => identity.login),
      supervisor.accessToken(),
    ];
    await clock.advance(60_000);
    await flushMicrotasks();
    release();
    const results = await Promise.all(callers);
    expect(oauth.refreshCalls).toBe(1);
    expect(invalid).toEqual([]);
    const fresh = await supervisor.accessToken();
    expect(fresh).not.toBe(initial.accessToken);
    expect(results.slice(0, 10).every((token) => token === fresh)).toBe(true);
    owner.abort();
  });
});
