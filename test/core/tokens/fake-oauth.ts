import type { OAuthPort, TokenGrant, ValidateOutcome } from '../../../src-core/tokens/oauth-port.js';
import { AuthError } from '../../../src-core/twitch/errors.js';

/**
 * An in-memory OAuth server with Twitch's rules that matter to the supervisor: refresh
 * tokens are single-use, and a spent one is refused with `invalid_refresh_token`.
 */
export class FakeOAuth implements OAuthPort {
  refreshCalls = 0;
  validateCalls = 0;
  revokeCalls = 0;
  #seq = 0;
  readonly live = new Set<string>();
  readonly liveRefresh = new Set<string>();
  refreshDelay: Promise<void> | undefined;
  failNext: unknown[] = [];
  validateFailNext: unknown[] = [];

  constructor(private readonly now: () => number) {}

  grant(lifetimeMs = 4 * 3600_000): TokenGrant {
    this.#seq += 1;
    const grant = {
      accessToken: `access-token-${this.#seq}-xxxxxxxx`,
      refreshToken: `refresh-token-${this.#seq}-yyyyyyyy`,
      expiresAt: this.now() + lifetimeMs,
      scopes: ['user:read:chat', 'user:manage:chat_color'],
    };
    this.live.add(grant.accessToken);
    this.liveRefresh.add(grant.refreshToken);
    return grant;
  }

  async refresh(input: { refreshToken: string }): Promise<TokenGrant> {
    this.refreshCalls += 1;
    if (this.refreshDelay) await this.refreshDelay;
    const failure = this.failNext.shift();
    if (failure) throw failure;
    if (!this.liveRefresh.delete(input.refreshToken)) throw new AuthError('invalid_refresh_token');
    return this.grant();
  }

  async validate(input: { accessToken: string; clientId: string }): Promise<ValidateOutcome> {
    this.validateCalls += 1;
    await Promise.resolve();
    const failure = this.validateFailNext.shift();
    if (failure) throw failure;
    if (!this.live.has(input.accessToken)) return { kind: 'invalid' };
    return {
      kind: 'valid',
      identity: { clientId: input.clientId, userId: '1001', login: 'alice', scopes: ['user:read:chat', 'user:manage:chat_color'], expiresAt: this.now() + 3600_000 },
    };
  }

  async revoke(input: { accessToken: string }): Promise<void> {
    this.revokeCalls += 1;
    this.live.delete(input.accessToken);
  }
}
