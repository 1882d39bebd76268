import { afterEach } from 'vitest';
import type { Clock } from '../../../../src-core/runtime/clock.js';
import { systemClock } from '../../../../src-core/runtime/clock.js';
import { MemoryLogSink, createLogger } from '../../../../src-core/runtime/logger.js';
import { HelixClient } from '../../../../src-core/twitch/helix/helix-client.js';
import type { HelixRetryPolicy } from '../../../../src-core/twitch/helix/helix-transport.js';
import { HttpClient } from '../../../../src-core/twitch/http/http-client.js';
import type { TokenSource } from '../../../../src-core/twitch/token-source.js';
import { ManualClock } from '../../../support/manual-clock.js';
import { startLocalServer, type Handler, type LocalServer } from '../http/local-server.js';

/** A token supervisor stand-in: one current token, swapped by tests or by a refresh. */
export class FakeTokens implements TokenSource {
  readonly clientId = 'our-client';
  current = 'token-1';
  /** Real refreshes (the refused token was still the current one). */
  refreshes = 0;
  refused: string[] = [];

  async accessToken(): Promise<string> {
    return this.current;
  }

  async refreshAfterUnauthorized(refused: string): Promise<string> {
    this.refused.push(refused);
    if (refused === this.current) {
      this.refreshes += 1;
      this.current = `token-${this.refreshes + 1}`;
    }
    return this.current;
  }
}

export interface HelixSetup {
  local: LocalServer;
  helix: HelixClient;
  tokens: FakeTokens;
  sink: MemoryLogSink;
  clock: ManualClock;
  http: HttpClient;
}

/**
 * A HelixClient against a local server. Helix waits (backoff, rate limits) run on a
 * ManualClock; HTTP timeouts on real time, so drive calls with runOnClock.
 */
export async function helixSetup(handler: Handler, options: { retry?: Partial<HelixRetryPolicy>; clock?: Clock } = {}): Promise<HelixSetup & { close(): Promise<void> }> {
  const local = await startLocalServer(handler);
  const clock = new ManualClock();
  const http = new HttpClient({ clock: systemClock, proxyEnv: {} });
  const tokens = new FakeTokens();
  const sink = new MemoryLogSink();
  const helix = new HelixClient({
    endpoints: { apiUrl: `${local.origin}/helix` },
    tokens,
    clock: options.clock ?? clock,
    logger: createLogger(sink),
    http,
    retry: { random: () => 0.5, ...options.retry },
  });
  return {
    local,
    helix,
    tokens,
    sink,
    clock,
    http,
    close: async () => {
      await helix.close();
      await http.close();
      await local.close();
    },
  };
}

export function bearer(req: { headers: Record<string, string | string[] | undefined> }): string {
  const value = req.headers.authorization;
  return typeof value === 'string' ? value.replace(/^Bearer /, '') : '';
}

/**
 * A `setup(handler)` for a test file: each call starts a Helix client against a local
 * server, and everything started is closed after each test.
 */
export function useHelixSetup(): (handler: Handler) => Promise<HelixSetup & { close(): Promise<void> }> {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return async (handler) => {
    const s = await helixSetup(handler);
    cleanups.push(s.close);
    return s;
  };
}
