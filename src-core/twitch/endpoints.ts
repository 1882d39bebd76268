import { isIP } from 'node:net';
import { z } from 'zod';
import { ColorChangerError } from '../runtime/errors.js';

/**
 * Where Twitch lives. Real Twitch by default; tests and the headless end-to-end runs point
 * these at the fake Twitch on 127.0.0.1. Plain http:/ws: is accepted only for loopback
 * hosts, so a typo can never send a token over an unencrypted link to another machine.
 */
export interface TwitchEndpoints {
  /** OAuth base, no trailing slash, e.g. https://id.twitch.tv/oauth2 */
  readonly authUrl: string;
  /** Helix base, no trailing slash, e.g. https://api.twitch.tv/helix */
  readonly apiUrl: string;
  /** EventSub WebSocket URL, used as given, e.g. wss://eventsub.wss.twitch.tv/ws */
  readonly eventSubUrl: string;
}

export const DEFAULT_ENDPOINTS: TwitchEndpoints = Object.freeze({
  authUrl: 'https://id.twitch.tv/oauth2',
  apiUrl: 'https://api.twitch.tv/helix',
  eventSubUrl: 'wss://eventsub.wss.twitch.tv/ws',
});

/** An endpoint variable is malformed or insecure; the app refuses to start with it. */
export class EndpointConfigError extends ColorChangerError {
  readonly code = 'endpoint_config';
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`${variable} ${problem}; fix or unset it to use Twitch's default`);
  }
}

/** 127.0.0.0/8, ::1 and localhost: traffic that never leaves this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/** A URL that is `secure`, or `plain` for a loopback host only, without credentials or fragment. */
export function endpointUrl(secure: 'https:' | 'wss:', plain: 'http:' | 'ws:') {
  return z.string().transform((raw, ctx) => {
    let url: URL;
    try {
      url = new URL(raw.trim());
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not a valid URL' });
      return z.NEVER;
    }
    if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'must not contain credentials' });
      return z.NEVER;
    }
    if (url.protocol === plain && !isLoopbackHost(url.hostname)) {
      ctx.addIssue({ code: 'custom', message: `may use ${plain} only for a loopback host (127.0.0.1, ::1, localhost); use ${secure}` });
      return z.NEVER;
    }
    if (url.protocol !== secure && url.protocol !== plain) {
      ctx.addIssue({ code: 'custom', message: `must be a ${secure} URL` });
      return z.NEVER;
    }
    if (url.hash) {
      ctx.addIssue({ code: 'custom', message: 'must not contain a #fragment' });
      return z.NEVER;
    }
    return url;
  });
}

const httpBase = endpointUrl('https:', 'http:').transform((url) => url.href.replace(/\/+$/, ''));
// The EventSub URL keeps its query (e.g. keepalive_timeout_seconds) and is used as given.
const wsUrl = endpointUrl('wss:', 'ws:').transform((url) => url.href);

const VARIABLES = [
  ['TWITCH_AUTH_URL', 'authUrl', httpBase],
  ['TWITCH_API_URL', 'apiUrl', httpBase],
  ['TWITCH_EVENTSUB_URL', 'eventSubUrl', wsUrl],
] as const;

/**
 * Reads TWITCH_AUTH_URL, TWITCH_API_URL and TWITCH_EVENTSUB_URL; unset or empty means
 * Twitch's own. Throws EndpointConfigError naming the first bad variable.
 */
export function loadEndpoints(env: NodeJS.ProcessEnv): TwitchEndpoints {
  const out: Record<keyof TwitchEndpoints, string> = { ...DEFAULT_ENDPOINTS };
  for (const [variable, key, schema] of VARIABLES) {
    const raw = env[variable];
    if (raw === undefined || raw.trim() === '') continue;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      throw new EndpointConfigError(variable, parsed.error.issues[0]?.message ?? 'is not valid');
    }
    out[key] = parsed.data;
  }
  return Object.freeze(out);
}
