import type { Clock } from '../../src-core/runtime/clock.js';
import type { Accounts } from './accounts.js';
import { newAccessToken, newDeviceCode, newRefreshToken, newUserCode } from './ids.js';
import type { FakeTwitchTimings } from './options.js';

export interface AccessTokenRecord {
  token: string;
  clientId: string;
  userId: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
}

interface RefreshTokenRecord {
  token: string;
  clientId: string;
  userId: string;
  scopes: string[];
  expiresAt: number;
  /** Spent by a refresh grant, or revoked: either way "Invalid refresh token". */
  dead: boolean;
}

export interface DeviceLoginInfo {
  userCode: string;
  clientId: string;
  scopes: string[];
  state: 'pending' | 'approved' | 'denied' | 'used' | 'expired';
  userId: string | undefined;
  expiresAt: number;
}

interface DeviceLogin extends Omit<DeviceLoginInfo, 'state'> {
  deviceCode: string;
  state: 'pending' | 'approved' | 'denied' | 'used';
  lastPollAt: number | undefined;
}

/** The body of a successful POST /oauth2/token. */
export interface TokenGrant {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  scope: string[];
  token_type: 'bearer';
}

/** Twitch's OAuth error shape: `{"status":400,"message":"..."}` (no `error` field, G1). */
export interface OAuthFailure {
  status: number;
  message: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: OAuthFailure };

const fail = (status: number, message: string): { ok: false; error: OAuthFailure } => ({ ok: false, error: { status, message } });

/** Tokens, refresh tokens and pending device logins. Expiry is computed from the Clock. */
export class AuthStore {
  readonly #access = new Map<string, AccessTokenRecord>();
  readonly #refresh = new Map<string, RefreshTokenRecord>();
  readonly #devices = new Map<string, DeviceLogin>();
  readonly #clock: Clock;
  readonly #accounts: Accounts;
  readonly #timings: FakeTwitchTimings;
  readonly #enforceInterval: () => boolean;

  constructor(clock: Clock, accounts: Accounts, timings: FakeTwitchTimings, enforceInterval: () => boolean) {
    this.#clock = clock;
    this.#accounts = accounts;
    this.#timings = timings;
    this.#enforceInterval = enforceInterval;
  }

  issue(input: { userId: string; clientId: string; scopes: string[]; expiresInSeconds?: number }): TokenGrant {
    const now = this.#clock.now();
    const ttl = input.expiresInSeconds ?? this.#timings.accessTokenTtlSeconds;
    const access: AccessTokenRecord = {
      token: newAccessToken(),
      clientId: input.clientId,
      userId: input.userId,
      scopes: [...input.scopes],
      issuedAt: now,
      expiresAt: now + ttl * 1000,
      revoked: false,
    };
    const refresh: RefreshTokenRecord = {
      token: newRefreshToken(),
      clientId: input.clientId,
      userId: input.userId,
      scopes: [...input.scopes],
      expiresAt: now + this.#timings.refreshTokenTtlSeconds * 1000,
      dead: false,
    };
    this.#access.set(access.token, access);
    this.#refresh.set(refresh.token, refresh);
    return { access_token: access.token, refresh_token: refresh.token, expires_in: ttl, scope: [...input.scopes], token_type: 'bearer' };
  }

  /** A live access token, or undefined when unknown, revoked or expired. */
  validate(token: string | undefined): AccessTokenRecord | undefined {
    if (token === undefined) return undefined;
    const record = this.#access.get(token);
    if (!record || record.revoked || this.#clock.now() >= record.expiresAt) return undefined;
    return record;
  }

  loginOf(userId: string): string {
    return this.#accounts.user(userId)?.login ?? '';
  }

  secondsLeft(record: AccessTokenRecord): number {
    return Math.max(0, Math.floor((record.expiresAt - this.#clock.now()) / 1000));
  }

  refresh(input: { clientId: string | undefined; clientSecret: string | undefined; refreshToken: string | undefined }): Outcome<TokenGrant> {
    const client = this.#accounts.client(input.clientId);
    if (!client) return fail(400, 'invalid client');
    const secretProblem = this.#checkSecret(client.type, client.secret, input.clientSecret, true);
    if (secretProblem) return { ok: false, error: secretProblem };
    if (!input.refreshToken) return fail(400, 'missing refresh token');
    const record = this.#refresh.get(input.refreshToken);
    if (!record || record.dead || record.clientId !== client.clientId || this.#clock.now() >= record.expiresAt) {
      return fail(400, 'Invalid refresh token');
    }
    record.dead = true; // single use
    return { ok: true, value: this.issue({ userId: record.userId, clientId: record.clientId, scopes: record.scopes }) };
  }

  #checkSecret(type: 'public' | 'confidential', expected: string | undefined, given: string | undefined, required: boolean): OAuthFailure | undefined {
    if (type === 'public') return undefined;
    if (given === undefined || given === '') return required ? { status: 400, message: 'missing client secret' } : undefined;
    return given === expected ? undefined : { status: 403, message: 'invalid client secret' };
  }

  /** POST /oauth2/revoke semantics. */
  revoke(clientId: string | undefined, token: string | undefined): Outcome<null> {
    if (!this.#accounts.client(clientId)) return fail(404, 'client does not exist');
    const record = token === undefined ? undefined : this.#access.get(token);
    if (!record || record.clientId !== clientId || record.revoked) return fail(400, 'Invalid token');
    record.revoked = true;
    return { ok: true, value: null };
  }

  /** The user disconnected the app (or changed password): every access and refresh token dies. */
  revokeUser(userId: string, clientId?: string): number {
    let count = 0;
    for (const record of this.#access.values()) {
      if (record.userId === userId && (clientId === undefined || record.clientId === clientId) && !record.revoked) {
        record.revoked = true;
        count += 1;
      }
    }
    for (const record of this.#refresh.values()) {
      if (record.userId === userId && (clientId === undefined || record.clientId === clientId)) record.dead = true;
    }
    return count;
  }

  /** Makes one access token (or all of a user's) expired now; refresh tokens stay valid. */
  expire(target: { accessToken?: string; userId?: string }): number {
    let count = 0;
    const now = this.#clock.now();
    for (const record of this.#access.values()) {
      if (record.token === target.accessToken || (target.userId !== undefined && record.userId === target.userId)) {
        record.expiresAt = Math.min(record.expiresAt, now);
        count += 1;
      }
    }
    return count;
  }

  startDevice(clientId: string | undefined, scopes: string | undefined): Outcome<{ deviceCode: string; userCode: string }> {
    if (!this.#accounts.client(clientId) || clientId === undefined) return fail(400, 'invalid client');
    if (scopes === undefined) return fail(400, 'missing scopes');
    const now = this.#clock.now();
    const login: DeviceLogin = {
      deviceCode: newDeviceCode(),
      userCode: newUserCode(),
      clientId,
      scopes: scopes.split(' ').filter((s) => s !== ''),
      state: 'pending',
      userId: undefined,
      expiresAt: now + this.#timings.deviceExpiresSeconds * 1000,
      lastPollAt: undefined,
    };
    this.#devices.set(login.deviceCode, login);
    return { ok: true, value: { deviceCode: login.deviceCode, userCode: login.userCode } };
  }

  pollDevice(input: { clientId: string | undefined; clientSecret: string | undefined; deviceCode: string | undefined }): Outcome<TokenGrant> {
    const client = this.#accounts.client(input.clientId);
    if (!client) return fail(400, 'invalid client');
    // A DCF token can be had without a secret even by a confidential client; its refresh then fails.
    const secretProblem = this.#checkSecret(client.type, client.secret, input.clientSecret, false);
    if (secretProblem) return { ok: false, error: secretProblem };
    const login = input.deviceCode === undefined ? undefined : this.#devices.get(input.deviceCode);
    const now = this.#clock.now();
    if (!login || login.clientId !== client.clientId || login.state === 'used' || login.state === 'denied' || now >= login.expiresAt) {
      return fail(400, 'invalid device code');
    }
    if (login.state === 'pending') {
      const tooFast = login.lastPollAt !== undefined && now - login.lastPollAt < this.#timings.deviceIntervalSeconds * 1000;
      login.lastPollAt = now;
      return fail(400, tooFast && this.#enforceInterval() ? 'slow_down' : 'authorization_pending');
    }
    login.state = 'used';
    return { ok: true, value: this.issue({ userId: login.userId ?? '', clientId: login.clientId, scopes: login.scopes }) };
  }

  approveDevice(userCode: string, userId: string): void {
    const login = this.#pendingByUserCode(userCode);
    login.state = 'approved';
    login.userId = userId;
  }

  denyDevice(userCode: string): void {
    this.#pendingByUserCode(userCode).state = 'denied';
  }

  deviceLogins(): DeviceLoginInfo[] {
    const now = this.#clock.now();
    return [...this.#devices.values()].map((d) => ({
      userCode: d.userCode,
      clientId: d.clientId,
      scopes: [...d.scopes],
      state: d.state === 'pending' && now >= d.expiresAt ? 'expired' : d.state,
      userId: d.userId,
      expiresAt: d.expiresAt,
    }));
  }

  #pendingByUserCode(userCode: string): DeviceLogin {
    const now = this.#clock.now();
    for (const login of this.#devices.values()) {
      if (login.userCode === userCode.toUpperCase() && login.state === 'pending' && now < login.expiresAt) return login;
    }
    throw new Error(`fake-twitch: no pending device login with user code ${userCode}`);
  }
}
