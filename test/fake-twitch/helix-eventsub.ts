import { z } from 'zod';
import type { Clock } from '../../src-core/runtime/clock.js';
import type { Accounts } from './accounts.js';
import type { AccessTokenRecord } from './auth-store.js';
import type { EventSubSessions } from './eventsub-sessions.js';
import type { Headers, HttpContext } from './http-io.js';
import { readBody, sendEmpty, sendHelixError, sendJson } from './http-io.js';
import type { FakeSubscription, SubscriptionRegistry } from './subscriptions.js';
import { SUBSCRIPTION_STATUSES } from './subscriptions.js';

export const MAX_ENABLED_PER_SESSION = 300;
export const MAX_CONNECTIONS_PER_USER = 3;

export interface EventSubDeps {
  clock: Clock;
  accounts: Accounts;
  subscriptions: SubscriptionRegistry;
  sessions: EventSubSessions;
}

const createBody = z.object({
  type: z.string(),
  version: z.string(),
  condition: z.record(z.string(), z.string()),
  transport: z.object({ method: z.string(), session_id: z.string().optional() }),
});

/** The only type/version this fake knows how to deliver. */
const SUPPORTED = new Set(['channel.chat.message@1']);

function listBody(subs: FakeSubscription[], deps: EventSubDeps, all: FakeSubscription[]): Record<string, unknown> {
  const now = deps.clock.now();
  return { data: subs.map((s) => deps.subscriptions.toJson(s, now)), total: all.length, total_cost: 0, max_total_cost: 10 };
}

/** Subscriptions a user token can see: those created by the same client ID + user. */
function visible(token: AccessTokenRecord, deps: EventSubDeps): FakeSubscription[] {
  return deps.subscriptions.ownedBy(token.clientId, token.userId);
}

/** POST /helix/eventsub/subscriptions (TWITCH.md §8). */
export async function createSubscription(ctx: HttpContext, token: AccessTokenRecord, headers: Headers, deps: EventSubDeps): Promise<void> {
  const raw = (await readBody(ctx.req)).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return sendHelixError(ctx.res, 400, 'Malformed request body', headers);
  }
  const parsed = createBody.safeParse(json);
  if (!parsed.success) return sendHelixError(ctx.res, 400, 'Missing or invalid type, version, condition or transport', headers);
  const body = parsed.data;
  if (!SUPPORTED.has(`${body.type}@${body.version}`)) return sendHelixError(ctx.res, 400, 'The combination of values in the type and version fields is not valid', headers);
  const broadcaster = body.condition.broadcaster_user_id;
  const reader = body.condition.user_id;
  if (!broadcaster || !reader) return sendHelixError(ctx.res, 400, 'The condition is missing broadcaster_user_id or user_id', headers);
  if (!deps.accounts.user(broadcaster) || !deps.accounts.user(reader)) return sendHelixError(ctx.res, 400, 'A user in the condition does not exist', headers);
  if (body.transport.method !== 'websocket') return sendHelixError(ctx.res, 400, 'The transport method is not supported with a user access token', headers);
  const sessionId = body.transport.session_id;
  if (!sessionId) return sendHelixError(ctx.res, 400, 'The transport is missing session_id', headers);
  if (!token.scopes.includes('user:read:chat') || reader !== token.userId) {
    return sendHelixError(ctx.res, 403, 'subscription missing proper authorization', headers);
  }
  // TWITCH.md lists no create error for a banned reader; a 403 naming the ban is (unverified).
  if (deps.accounts.isBanned(broadcaster, reader)) {
    return sendHelixError(ctx.res, 403, "The user in the condition is banned from the broadcaster's chat", headers);
  }
  if (!deps.sessions.isLive(sessionId)) {
    return sendHelixError(ctx.res, 400, 'websocket transport session does not exist or has already disconnected', headers);
  }
  const now = deps.clock.now();
  const condition = { broadcaster_user_id: broadcaster, user_id: reader };
  // Every subscription with this client and reader was created by that reader's token
  // (reader === token.userId above), so the token's own ones are all there is to check.
  const mine = visible(token, deps);
  const duplicate = mine.some((s) =>
    s.clientId === token.clientId && s.type === body.type && s.version === body.version &&
    s.condition.broadcaster_user_id === broadcaster && s.condition.user_id === reader &&
    deps.subscriptions.countsAsEnabled(s, now));
  if (duplicate) return sendHelixError(ctx.res, 409, 'subscription already exists', headers);
  const onSession = deps.subscriptions.enabledOn(sessionId);
  if (onSession.length >= MAX_ENABLED_PER_SESSION) {
    return sendHelixError(ctx.res, 429, 'websocket transport session subscription limit exceeded', headers);
  }
  if (!onSession.some((s) => s.clientId === token.clientId && s.userId === token.userId)) {
    const used = new Set(mine
      .filter((s) => s.status === 'enabled' && s.clientId === token.clientId && s.userId === token.userId && deps.sessions.isLive(s.sessionId))
      .map((s) => s.sessionId));
    if (used.size >= MAX_CONNECTIONS_PER_USER) return sendHelixError(ctx.res, 429, 'number of websocket transports limit exceeded', headers);
  }
  const sub = deps.subscriptions.create({
    type: body.type,
    version: body.version,
    condition,
    clientId: token.clientId,
    userId: token.userId,
    sessionId,
    connectedAt: deps.sessions.connectedAt(sessionId) ?? now,
    createdAt: now,
  });
  deps.sessions.markSubscribed(sessionId);
  mine.push(sub);
  sendJson(ctx.res, 202, listBody([sub], deps, mine), headers);
}

const FILTERS = ['status', 'type', 'user_id', 'subscription_id'] as const;

/** GET /helix/eventsub/subscriptions: at most one filter, `first`, `after` cursor, oldest first. */
export function listSubscriptions(ctx: HttpContext, token: AccessTokenRecord, headers: Headers, deps: EventSubDeps): void {
  const given = FILTERS.filter((f) => ctx.query.has(f));
  if (given.length > 1) return sendHelixError(ctx.res, 400, 'Only one filter query parameter may be specified', headers);
  const status = ctx.query.get('status');
  if (status !== null && !(SUBSCRIPTION_STATUSES as readonly string[]).includes(status)) return sendHelixError(ctx.res, 400, 'Invalid status', headers);
  const type = ctx.query.get('type');
  if (type !== null && !/^[a-z0-9_]+(\.[a-z0-9_]+)+$/.test(type)) return sendHelixError(ctx.res, 400, 'Invalid type', headers);
  const firstRaw = ctx.query.get('first');
  const first = firstRaw === null ? 100 : Number(firstRaw);
  if (!Number.isInteger(first) || first < 1 || first > 100) return sendHelixError(ctx.res, 400, 'Invalid first', headers);
  const after = ctx.query.get('after');
  let afterSeq = 0;
  if (after !== null) {
    const decoded = /^s(\d+)$/.exec(Buffer.from(after, 'base64url').toString('utf8'));
    if (!decoded?.[1]) return sendHelixError(ctx.res, 400, 'Invalid cursor', headers);
    afterSeq = Number(decoded[1]);
  }
  const now = deps.clock.now();
  const all = visible(token, deps);
  const userId = ctx.query.get('user_id');
  const subscriptionId = ctx.query.get('subscription_id');
  const matching = all.filter((s) =>
    (status === null || deps.subscriptions.effectiveStatus(s, now) === status) &&
    (type === null || s.type === type) &&
    (userId === null || Object.values(s.condition).includes(userId)) &&
    (subscriptionId === null || s.id === subscriptionId));
  const rest = matching.filter((s) => s.seq > afterSeq);
  const page = rest.slice(0, first);
  const last = page.at(-1);
  const pagination = rest.length > page.length && last ? { cursor: Buffer.from(`s${last.seq}`).toString('base64url') } : {};
  sendJson(ctx.res, 200, { ...listBody(page, deps, all), pagination }, headers);
}

/** DELETE /helix/eventsub/subscriptions?id= */
export function deleteSubscription(ctx: HttpContext, token: AccessTokenRecord, headers: Headers, deps: EventSubDeps): void {
  const id = ctx.query.get('id');
  if (!id) return sendHelixError(ctx.res, 400, 'Missing required parameter "id"', headers);
  const sub = deps.subscriptions.get(id);
  if (!sub || sub.clientId !== token.clientId || sub.userId !== token.userId) {
    return sendHelixError(ctx.res, 404, 'subscription not found', headers);
  }
  deps.subscriptions.delete(id);
  sendEmpty(ctx.res, 204, headers);
}
