import { z } from 'zod';

/**
 * The old Python bot's `twitch_colorchanger.conf`:
 * `{"users":[{"username","client_id","client_secret","channels","is_prime_or_turbo",
 * "enabled","access_token","refresh_token"}]}`. Hand-edited files are common, so every
 * field but `username` may be missing or null, and entries are parsed one by one: a bad
 * entry is skipped, not the whole file.
 */
export const legacyConfigWireSchema = z.object({ users: z.array(z.unknown()) });

const optionalText = z.string().nullish();

export const legacyUserWireSchema = z.object({
  username: z.string(),
  client_id: optionalText,
  client_secret: optionalText,
  // Some versions wrote "a, b" instead of a list.
  channels: z.union([z.array(z.string()), z.string()]).nullish(),
  is_prime_or_turbo: z.boolean().nullish(),
  enabled: z.boolean().nullish(),
  access_token: optionalText,
  refresh_token: optionalText,
});

/** One entry of the old file, mapped to our names; empty strings count as missing. */
export interface LegacyUser {
  username: string;
  clientId?: string;
  clientSecret?: string;
  /** As written in the file (maybe `#Name`); normalized by the importer. Undefined when absent. */
  channels?: string[];
  primeOrTurbo?: boolean;
  enabled?: boolean;
  accessToken?: string;
  refreshToken?: string;
}

export function toLegacyUser(wire: z.output<typeof legacyUserWireSchema>): LegacyUser {
  const text = (value: string | null | undefined): string | undefined => {
    const trimmed = value?.trim();
    return trimmed ? trimmed : undefined;
  };
  const user: LegacyUser = { username: wire.username };
  const set = <K extends keyof LegacyUser>(key: K, value: LegacyUser[K] | undefined): void => {
    if (value !== undefined) user[key] = value;
  };
  set('clientId', text(wire.client_id));
  set('clientSecret', text(wire.client_secret));
  set('channels', typeof wire.channels === 'string' ? wire.channels.split(/[\s,]+/).filter(Boolean) : (wire.channels ?? undefined));
  set('primeOrTurbo', wire.is_prime_or_turbo ?? undefined);
  set('enabled', wire.enabled ?? undefined);
  set('accessToken', text(wire.access_token));
  set('refreshToken', text(wire.refresh_token));
  return user;
}
