/**
 * One place that decides what a channel (or account) login looks like, shared by the
 * store, the legacy import, chat commands and the UI. Users type `#SomeChannel`, paste
 * ` somechannel `, or import the old bot's uppercase lists; Twitch only knows `somechannel`.
 */
export const TWITCH_LOGIN_PATTERN = /^[a-z0-9_]{1,25}$/;
export const TWITCH_LOGIN_MAX_LENGTH = 25;

export type ChannelNameProblem = 'empty' | 'too_long' | 'invalid_characters';

export type ChannelNameResult =
  | { ok: true; login: string }
  | { ok: false; input: string; problem: ChannelNameProblem; message: string };

/** Strips `#` prefixes and whitespace, lower-cases, and checks Twitch's login rules. */
export function normalizeChannelName(input: string): ChannelNameResult {
  const login = input.trim().replace(/^#+/, '').trim().toLowerCase();
  if (login.length === 0) {
    return { ok: false, input, problem: 'empty', message: 'A channel name is empty; type the name as it appears in the channel URL' };
  }
  if (login.length > TWITCH_LOGIN_MAX_LENGTH) {
    return {
      ok: false,
      input,
      problem: 'too_long',
      message: `"${clip(input)}" is longer than ${TWITCH_LOGIN_MAX_LENGTH} characters, so it cannot be a Twitch login`,
    };
  }
  if (!TWITCH_LOGIN_PATTERN.test(login)) {
    return {
      ok: false,
      input,
      problem: 'invalid_characters',
      message: `"${clip(input)}" is not a Twitch login: use only letters, digits and underscores`,
    };
  }
  return { ok: true, login };
}

export interface ChannelListResult {
  /** Normalized, first occurrence kept, in input order. */
  logins: string[];
  invalid: Array<Extract<ChannelNameResult, { ok: false }>>;
}

/** Normalizes a list, dropping duplicates (after normalization) and collecting the invalid ones. */
export function normalizeChannelList(inputs: Iterable<string>): ChannelListResult {
  const seen = new Set<string>();
  const logins: string[] = [];
  const invalid: ChannelListResult['invalid'] = [];
  for (const input of inputs) {
    const result = normalizeChannelName(input);
    if (!result.ok) {
      invalid.push(result);
    } else if (!seen.has(result.login)) {
      seen.add(result.login);
      logins.push(result.login);
    }
  }
  return { logins, invalid };
}

// Names come from users and files; keep an absurdly long one from flooding a message.
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}
