import type { Accounts, FakeUser } from './accounts.js';
import type { AccessTokenRecord } from './auth-store.js';
import { resolveColor } from './colors.js';
import type { Headers, HttpContext } from './http-io.js';
import { sendEmpty, sendHelixError, sendJson } from './http-io.js';
import type { FakeTwitchLog } from './log.js';
import { twitchTime } from './ids.js';
import { profileImageUrl } from './profile-images.js';

export interface HelixDeps {
  accounts: Accounts;
  log: FakeTwitchLog;
  /** Where the fake's picture CDN lives (its own origin). */
  imageOrigin(): string;
}

function userJson(user: FakeUser, imageOrigin: string): Record<string, unknown> {
  return {
    id: user.id,
    login: user.login,
    display_name: user.displayName,
    type: user.type,
    broadcaster_type: user.broadcasterType,
    description: user.description,
    profile_image_url: profileImageUrl(imageOrigin, user),
    offline_image_url: '',
    view_count: 0,
    created_at: twitchTime(user.createdAt),
  };
}

/** GET /helix/users (TWITCH.md §5). */
export function getUsers(ctx: HttpContext, token: AccessTokenRecord, headers: Headers, deps: HelixDeps): void {
  const ids = ctx.query.getAll('id');
  const logins = ctx.query.getAll('login');
  if (ids.length + logins.length > 100) {
    return sendHelixError(ctx.res, 400, 'The sum of the number of id and login parameters must not exceed 100', headers);
  }
  const found = new Map<string, FakeUser>();
  if (ids.length + logins.length === 0) {
    const own = deps.accounts.user(token.userId);
    if (own) found.set(own.id, own);
  }
  for (const id of ids) {
    const user = deps.accounts.user(id);
    if (user) found.set(user.id, user);
  }
  for (const login of logins) {
    const user = deps.accounts.userByLogin(login);
    if (user) found.set(user.id, user);
  }
  sendJson(ctx.res, 200, { data: [...found.values()].map((user) => userJson(user, deps.imageOrigin())) }, headers);
}

/** GET /helix/chat/color (TWITCH.md §6). */
export function getChatColor(ctx: HttpContext, headers: Headers, deps: HelixDeps): void {
  const ids = ctx.query.getAll('user_id');
  if (ids.length === 0) return sendHelixError(ctx.res, 400, 'Missing required parameter "user_id"', headers);
  if (ids.length > 100) return sendHelixError(ctx.res, 400, 'The number of user_id parameters must not exceed 100', headers);
  if (ids.some((id) => !/^\d+$/.test(id))) return sendHelixError(ctx.res, 400, 'Invalid user_id', headers);
  const seen = new Set<string>();
  const data: Record<string, string>[] = [];
  for (const id of ids) {
    const user = deps.accounts.user(id);
    if (!user || seen.has(id)) continue;
    seen.add(id);
    data.push({ user_id: user.id, user_login: user.login, user_name: user.displayName, color: user.color });
  }
  sendJson(ctx.res, 200, { data }, headers);
}

/** PUT /helix/chat/color: query only, no body; hex only for Turbo/Prime users (400 otherwise, G12). */
export function putChatColor(ctx: HttpContext, token: AccessTokenRecord, headers: Headers, deps: HelixDeps): void {
  if (!token.scopes.includes('user:manage:chat_color')) {
    return sendHelixError(ctx.res, 401, 'Missing scope: user:manage:chat_color', headers);
  }
  const userId = ctx.query.get('user_id');
  if (userId === null || userId === '') return sendHelixError(ctx.res, 400, 'Missing required parameter "user_id"', headers);
  if (userId !== token.userId) return sendHelixError(ctx.res, 401, 'The ID in user_id must match the user ID in the access token', headers);
  const user = deps.accounts.user(userId);
  if (!user) return sendHelixError(ctx.res, 400, 'Invalid user_id', headers);
  const color = ctx.query.get('color') ?? undefined;
  const verdict = resolveColor(color, user.prime || user.turbo);
  if (!verdict.ok) {
    const message = {
      missing: 'Missing required parameter "color"',
      invalid: 'The color specified in the color query parameter is not valid',
      hex_needs_prime_or_turbo: 'Only Turbo and Prime users may specify a hex color code',
    }[verdict.reason];
    return sendHelixError(ctx.res, 400, message, headers);
  }
  user.color = verdict.hex;
  deps.log.addColorChange({ userId, color: color ?? '', hex: verdict.hex });
  sendEmpty(ctx.res, 204, headers);
}
