import { z } from 'zod';

/**
 * id.twitch.tv answers, as Twitch sends them (snake_case). Mapped to domain types in
 * token-set.ts / oauth-client.ts and nowhere else.
 */

/** `scope`/`scopes`: an array, but missing or null for scope-less tokens (G13). */
const scopeList = z
  .union([z.array(z.string()), z.string(), z.null()])
  .optional()
  .transform((value): string[] => {
    if (value === undefined || value === null) return [];
    if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
    return value;
  });

const seconds = z.number().nonnegative();

/** POST /device, 200. */
export const deviceStartWireSchema = z.object({
  device_code: z.string().min(1),
  expires_in: z.number().positive(),
  interval: z.number().nonnegative(),
  user_code: z.string().min(1),
  verification_uri: z.url({ protocol: /^https?$/ }),
});
export type DeviceStartWire = z.output<typeof deviceStartWireSchema>;

/** POST /token (device-code grant and refresh-token grant), 200. */
export const tokenWireSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: seconds.optional(),
  scope: scopeList,
  token_type: z.string().optional(),
});
export type TokenWire = z.output<typeof tokenWireSchema>;

/** GET /validate, 200. `login`/`user_id` are absent for app tokens. */
export const validateWireSchema = z.object({
  client_id: z.string(),
  login: z.string().optional(),
  user_id: z.string().optional(),
  scopes: scopeList,
  expires_in: seconds,
});
export type ValidateWire = z.output<typeof validateWireSchema>;
