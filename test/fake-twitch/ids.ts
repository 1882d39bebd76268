import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function pick(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** Twitch access tokens look like 30 lower-case alphanumerics. */
export const newAccessToken = (): string => pick(LOWER_ALNUM, 30);
export const newRefreshToken = (): string => pick(LOWER_ALNUM, 50);
export const newDeviceCode = (): string => randomBytes(30).toString('base64url');
/** 8 letters, as in Twitch's examples. */
export const newUserCode = (): string => pick(UPPER, 8);
export const newClientId = (): string => pick(LOWER_ALNUM, 30);
export const newClientSecret = (): string => pick(LOWER_ALNUM, 30);
export const newUuid = (): string => randomUUID();
/** Session ids on Twitch are opaque base64-ish strings starting with "AQoQ". */
export const newSessionId = (): string => `AQoQ${randomBytes(18).toString('base64url')}`;
export const newReconnectKey = (): string => randomBytes(16).toString('base64url');

/** RFC3339 UTC with 9 fractional digits, as Twitch writes timestamps (ms precision + zeros). */
export function twitchTime(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-01-01T00:00:00.123Z
  return `${iso.slice(0, -1)}000000Z`;
}
