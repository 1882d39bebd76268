import type { Clock } from '../../src-core/runtime/clock.js';
import { systemClock } from '../../src-core/runtime/clock.js';

/** Real Twitch values by default; tests shorten them so end-to-end runs stay fast. */
export interface FakeTwitchTimings {
  /** keepalive_timeout_seconds when the client asks for none (Twitch: 10). */
  defaultKeepaliveTimeoutSeconds: number;
  /** Silence before a keepalive is sent. Default: the session's keepalive_timeout_seconds. */
  keepaliveIntervalMs: number | undefined;
  /** Time after the welcome to create a first subscription, else 4003. Default: the keepalive timeout. */
  welcomeDeadlineMs: number | undefined;
  /** Time after session_reconnect to finish the handover, else 4004 (Twitch: 30 s). */
  reconnectGraceMs: number;
  /** `interval` of POST /device (Twitch: 5). May be fractional for tests. */
  deviceIntervalSeconds: number;
  /** `expires_in` of POST /device (Twitch: 1800). */
  deviceExpiresSeconds: number;
  /** Access token lifetime (Twitch: about 4 h). */
  accessTokenTtlSeconds: number;
  /** Refresh token lifetime after it is generated (Twitch: 30 days). */
  refreshTokenTtlSeconds: number;
}

export interface FakeTwitchOptions {
  /** Every timer and timestamp of the fake. Share a ManualClock with the code under test. */
  clock?: Clock;
  /** 0 (default) picks a free port. The host is always 127.0.0.1. */
  port?: number;
  timings?: Partial<FakeTwitchTimings>;
  /** Default Helix bucket: points per minute and bucket size (Twitch: about 800). */
  rateLimitPerMinute?: number;
  /**
   * G6 fault switch: after a non-reconnect disconnect, the session's subscriptions are
   * disabled but keep counting as enabled (409 on re-create, `enabled` in listings) for
   * this long. 0 (default) = they stop counting at once.
   */
  orphanedSubscriptionsLingerMs?: number;
  /** Answer `slow_down` to device-code polls that come faster than `interval` (unverified on Twitch). */
  enforceDeviceInterval?: boolean;
}

export interface ResolvedOptions {
  clock: Clock;
  port: number;
  timings: FakeTwitchTimings;
  rateLimitPerMinute: number;
  orphanedSubscriptionsLingerMs: number;
  enforceDeviceInterval: boolean;
}

export const DEFAULT_TIMINGS: FakeTwitchTimings = {
  defaultKeepaliveTimeoutSeconds: 10,
  keepaliveIntervalMs: undefined,
  welcomeDeadlineMs: undefined,
  reconnectGraceMs: 30_000,
  deviceIntervalSeconds: 5,
  deviceExpiresSeconds: 1800,
  accessTokenTtlSeconds: 14_124,
  refreshTokenTtlSeconds: 30 * 24 * 3600,
};

export function resolveOptions(options: FakeTwitchOptions = {}): ResolvedOptions {
  return {
    clock: options.clock ?? systemClock,
    port: options.port ?? 0,
    timings: { ...DEFAULT_TIMINGS, ...options.timings },
    rateLimitPerMinute: options.rateLimitPerMinute ?? 800,
    orphanedSubscriptionsLingerMs: options.orphanedSubscriptionsLingerMs ?? 0,
    enforceDeviceInterval: options.enforceDeviceInterval ?? false,
  };
}
