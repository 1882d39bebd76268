import type { ColorValue } from '../../color/color-value.js';
import { HexColorRejectedError, TwitchApiError } from '../errors.js';
import { chatColorsResponseWireSchema, setChatColorResponseWireSchema } from './chat-color.wire.js';
import type { HelixTransport } from './helix-transport.js';

export interface ChatColor {
  userId: string;
  login: string;
  displayName: string;
  /** `#RRGGBB` as Twitch reports it, or '' when the user never set a color. */
  color: string;
}

/** GET /chat/color for up to 100 user ids. Unknown ids are simply absent from the answer. */
export async function getChatColors(transport: HelixTransport, userIds: readonly string[], signal?: AbortSignal): Promise<ChatColor[]> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return [];
  if (ids.length > 100) throw new RangeError('GET /chat/color takes at most 100 user ids');
  const query = new URLSearchParams(ids.map((id): [string, string] => ['user_id', id]));
  const result = await transport.call({ method: 'GET', path: '/chat/color', query, schema: chatColorsResponseWireSchema, signal });
  if (result.outcome !== 'success') throw new TwitchApiError(result.status, 'GET', '/chat/color', result.twitchMessage);
  return result.data.data.map((entry) => ({
    userId: entry.user_id,
    login: entry.user_login,
    displayName: entry.user_name,
    color: entry.color,
  }));
}

/**
 * PUT /chat/color?user_id=&color=. Named colors go as Helix's lower snake_case names, hex
 * as `#RRGGBB`, which URLSearchParams sends as `%23RRGGBB` (G11). A 400 on a hex color is
 * HexColorRejectedError: the user has neither Turbo nor Prime (G12); on a named color it
 * stays a TwitchApiError. 429s are waited out (bounded) by the transport.
 */
export async function setChatColor(
  transport: HelixTransport,
  userId: string,
  color: ColorValue,
  signal?: AbortSignal,
): Promise<void> {
  const value = color.kind === 'named' ? color.name : color.hex;
  const query = new URLSearchParams({ user_id: userId, color: value });
  const result = await transport.call({
    method: 'PUT',
    path: '/chat/color',
    query,
    schema: setChatColorResponseWireSchema,
    handles: ['bad_request'],
    signal,
  });
  if (result.outcome === 'success') return;
  if (color.kind === 'hex') throw new HexColorRejectedError(color.hex);
  throw new TwitchApiError(result.status, 'PUT', '/chat/color', result.twitchMessage);
}
