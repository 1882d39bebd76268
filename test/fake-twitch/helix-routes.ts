import type { AuthStore } from './auth-store.js';
import type { EventSubDeps } from './helix-eventsub.js';
import { createSubscription, deleteSubscription, listSubscriptions } from './helix-eventsub.js';
import type { HelixDeps } from './helix-users-color.js';
import { getChatColor, getUsers, putChatColor } from './helix-users-color.js';
import { getFollowedStreams, type StreamsDeps } from './helix-streams.js';
import type { HttpContext } from './http-io.js';
import { bearerToken, sendHelixError } from './http-io.js';
import type { RateLimiter } from './rate-limit.js';

export interface HelixRouteDeps extends HelixDeps, EventSubDeps, StreamsDeps {
  auth: AuthStore;
  limiter: RateLimiter;
}

/**
 * api.twitch.tv/helix/*: user token + matching Client-Id (401 otherwise), then the
 * per-client-per-user bucket (429 with Ratelimit-* headers), then the endpoint.
 */
export async function handleHelix(ctx: HttpContext, deps: HelixRouteDeps): Promise<boolean> {
  if (!ctx.path.startsWith('/helix/')) return false;
  const route = `${ctx.method} ${ctx.path}`;
  const known = ['GET /helix/users', 'GET /helix/chat/color', 'PUT /helix/chat/color', 'POST /helix/eventsub/subscriptions', 'GET /helix/eventsub/subscriptions', 'DELETE /helix/eventsub/subscriptions', 'GET /helix/streams/followed'];
  if (!known.includes(route)) {
    sendHelixError(ctx.res, 404, 'Not Found');
    return true;
  }
  const clientHeader = ctx.req.headers['client-id'];
  const clientId = Array.isArray(clientHeader) ? clientHeader[0] : clientHeader;
  ctx.entry.clientId = clientId;
  const token = deps.auth.validate(bearerToken(ctx.req));
  if (!token) {
    sendHelixError(ctx.res, 401, 'Invalid OAuth token');
    return true;
  }
  ctx.entry.userId = token.userId;
  if (clientId === undefined || clientId === '') {
    sendHelixError(ctx.res, 401, 'Client ID is missing');
    return true;
  }
  if (clientId !== token.clientId) {
    sendHelixError(ctx.res, 401, 'Client ID and OAuth token do not match');
    return true;
  }
  const rate = deps.limiter.consume(token.clientId, token.userId);
  if (!rate.allowed) {
    sendHelixError(ctx.res, 429, 'Too Many Requests', rate.headers);
    return true;
  }
  switch (route) {
    case 'GET /helix/users':
      getUsers(ctx, token, rate.headers, deps);
      break;
    case 'GET /helix/chat/color':
      getChatColor(ctx, rate.headers, deps);
      break;
    case 'PUT /helix/chat/color':
      putChatColor(ctx, token, rate.headers, deps);
      break;
    case 'POST /helix/eventsub/subscriptions':
      await createSubscription(ctx, token, rate.headers, deps);
      break;
    case 'GET /helix/eventsub/subscriptions':
      listSubscriptions(ctx, token, rate.headers, deps);
      break;
    case 'GET /helix/streams/followed':
      getFollowedStreams(ctx, token, rate.headers, deps);
      break;
    default:
      deleteSubscription(ctx, token, rate.headers, deps);
  }
  return true;
}
