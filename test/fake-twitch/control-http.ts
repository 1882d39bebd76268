import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { FakeTwitch } from './fake-twitch.js';
import { readBody, sendJson } from './http-io.js';

interface ControlRequest {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  path: string;
  query: URLSearchParams;
}

type Route = { schema: z.ZodType; run: (fake: FakeTwitch, body: never, query: URLSearchParams) => unknown };

const str = z.string().min(1);
const badge = z.object({ set_id: z.string(), id: z.string(), info: z.string() });
const optStr = (q: URLSearchParams, key: string): string | undefined => q.get(key) ?? undefined;

function route<S extends z.ZodType>(schema: S, run: (fake: FakeTwitch, body: z.infer<S>, query: URLSearchParams) => unknown): Route {
  return { schema, run: run as Route['run'] };
}

const none = z.unknown();

/** The control API over HTTP for the standalone server (`POST` bodies are JSON). See index.ts. */
export const CONTROL_ROUTES: Record<string, Route> = {
  'GET /control/state': route(none, (f) => ({ urls: f.urls, users: f.users(), deviceLogins: f.deviceLogins(), sessions: f.sessions(), subscriptions: f.subscriptions() })),
  'GET /control/users': route(none, (f) => f.users()),
  'GET /control/sessions': route(none, (f) => f.sessions()),
  'GET /control/subscriptions': route(none, (f) => f.subscriptions()),
  'GET /control/device-logins': route(none, (f) => f.deviceLogins()),
  'GET /control/log/requests': route(none, (f, _b, q) => f.log.requests({ method: optStr(q, 'method'), path: optStr(q, 'path'), status: q.has('status') ? Number(q.get('status')) : undefined })),
  'GET /control/log/sockets': route(none, (f, _b, q) => f.log.socketEvents({ sessionId: optStr(q, 'session_id') })),
  'GET /control/log/color-changes': route(none, (f, _b, q) => f.log.colorChanges(optStr(q, 'user_id'))),
  'GET /control/log/refresh-grants': route(none, (f) => ({ count: f.log.refreshGrants() })),
  'POST /control/clients': route(
    z.object({ clientId: str.optional(), type: z.enum(['public', 'confidential']).optional(), secret: str.optional() }),
    (f, b) => f.registerClient(b),
  ),
  'POST /control/users': route(
    z.object({ login: str, id: str.optional(), displayName: str.optional(), prime: z.boolean().optional(), turbo: z.boolean().optional(), color: z.string().optional() }),
    (f, b) => f.createUser(b),
  ),
  'POST /control/users/update': route(
    z.object({ user: str, prime: z.boolean().optional(), turbo: z.boolean().optional(), color: z.string().optional(), displayName: str.optional() }),
    (f, { user, ...patch }) => f.updateUser(user, patch),
  ),
  'POST /control/users/remove': route(z.object({ user: str }), (f, b) => f.removeUser(b.user)),
  'POST /control/users/restore': route(z.object({ userId: str }), (f, b) => f.restoreUser(b.userId)),
  'POST /control/users/rename': route(z.object({ user: str, login: str, displayName: str.optional() }), (f, b) => f.renameUser(b.user, b.login, b.displayName)),
  'POST /control/bans': route(z.object({ channel: str, user: str }), (f, b) => f.banUser(b.channel, b.user)),
  'POST /control/bans/remove': route(z.object({ channel: str, user: str }), (f, b) => f.unbanUser(b.channel, b.user)),
  'POST /control/revoke-channel': route(
    z.object({ channel: str, status: str, reader: str.optional() }),
    (f, b) => ({ revoked: f.revokeChannelSubscriptions(b.channel, b.status, b.reader === undefined ? {} : { reader: b.reader }) }),
  ),
  'GET /control/streams': route(none, (f) => f.liveStreams()),
  'POST /control/streams/start': route(
    z.object({ channel: str, viewers: z.number().int().min(0).optional(), startedAt: z.number().optional(), title: z.string().optional(), gameName: z.string().optional() }),
    (f, { channel, ...input }) => f.startStream(channel, input),
  ),
  'POST /control/streams/stop': route(z.object({ channel: str }), (f, b) => ({ wasLive: f.stopStream(b.channel) })),
  'POST /control/follows': route(z.object({ user: str, channels: z.array(str).min(1) }), (f, b) => f.follow(b.user, ...b.channels)),
  'POST /control/follows/remove': route(z.object({ user: str, channel: str }), (f, b) => f.unfollow(b.user, b.channel)),
  'POST /control/tokens': route(
    z.object({ user: str, clientId: str, scopes: z.array(z.string()).optional(), expiresInSeconds: z.number().optional() }),
    (f, b) => f.issueToken(b),
  ),
  'POST /control/approve-device': route(z.object({ userCode: str, user: str }), (f, b) => f.approveDevice(b.userCode, b.user)),
  'POST /control/deny-device': route(z.object({ userCode: str }), (f, b) => f.denyDevice(b.userCode)),
  'POST /control/revoke-user-tokens': route(
    z.object({ user: str, clientId: str.optional(), revokeSubscriptions: z.boolean().optional() }),
    (f, { user, ...options }) => ({ revoked: f.revokeUserTokens(user, options) }),
  ),
  'POST /control/expire-tokens': route(
    z.object({ accessToken: str.optional(), user: str.optional() }),
    (f, b) => {
      if (b.accessToken) f.expireAccessToken(b.accessToken);
      return { expired: b.user ? f.expireUserTokens(b.user) : 1 };
    },
  ),
  'POST /control/say': route(
    z.object({
      channel: str, chatter: str, text: z.string(), messageId: str.optional(), color: z.string().optional(),
      badges: z.array(badge).optional(), messageType: str.optional(),
      sharedChat: z.object({ channels: z.array(str), sourceBadges: z.array(badge).optional() }).optional(),
    }),
    (f, b) => f.say(b),
  ),
  'POST /control/redeliver': route(z.object({ messageId: str }), (f, b) => f.redeliver(b.messageId)),
  'POST /control/reconnect': route(z.object({ sessionId: str }), (f, b) => ({ reconnectUrl: f.sendReconnect(b.sessionId) })),
  'POST /control/close-session': route(z.object({ sessionId: str, code: z.number().int(), reason: z.string().optional() }), (f, b) => f.closeSession(b.sessionId, b.code, b.reason)),
  'POST /control/drop-socket': route(z.object({ sessionId: str, code: z.number().int().optional(), reason: z.string().optional() }), (f, { sessionId, ...o }) => f.dropSocket(sessionId, o)),
  'POST /control/go-silent': route(z.object({ sessionId: str, silent: z.boolean().optional() }), (f, b) => f.goSilent(b.sessionId, b.silent ?? true)),
  'POST /control/ping': route(z.object({ sessionId: str, timeoutMs: z.number().optional() }), (f, b) => f.ping(b.sessionId, b.timeoutMs)),
  'POST /control/revoke-subscription': route(z.object({ subscriptionId: str, status: str.optional() }), (f, b) => f.revokeSubscription(b.subscriptionId, b.status)),
  'POST /control/send-raw': route(
    z.object({ sessionId: str, data: z.string(), base64: z.boolean().optional() }),
    (f, b) => ({ sent: f.sendRaw(b.sessionId, b.base64 ? Buffer.from(b.data, 'base64') : b.data) }),
  ),
  'POST /control/send-message': route(
    z.object({ sessionId: str, messageType: str, payload: z.unknown(), metadata: z.record(z.string(), z.unknown()).optional() }),
    (f, b) => ({ sent: f.sendMessage(b.sessionId, b.messageType, b.payload, b.metadata) }),
  ),
  'POST /control/faults': route(
    z.object({
      method: str, path: str, status: z.number().int().optional(), body: z.unknown().optional(), headers: z.record(z.string(), z.string()).optional(),
      latencyMs: z.number().optional(), hang: z.boolean().optional(), drop: z.boolean().optional(), times: z.number().int().positive().optional(),
    }),
    (f, b) => void f.injectFault(b),
  ),
  'DELETE /control/faults': route(none, (f) => f.clearFaults()),
  'POST /control/rate-limit': route(
    z.object({ limit: z.number().positive(), clientId: str.optional(), userId: str.optional(), remaining: z.number().min(0).optional() }),
    (f, b) => f.setRateLimit(b),
  ),
  'POST /control/timings': route(
    z.object({
      defaultKeepaliveTimeoutSeconds: z.number().optional(), keepaliveIntervalMs: z.number().optional(), welcomeDeadlineMs: z.number().optional(),
      reconnectGraceMs: z.number().optional(), deviceIntervalSeconds: z.number().optional(), deviceExpiresSeconds: z.number().optional(),
      accessTokenTtlSeconds: z.number().optional(), refreshTokenTtlSeconds: z.number().optional(),
    }),
    (f, b) => f.setTimings(b),
  ),
  'POST /control/orphaned-linger': route(z.object({ ms: z.number().min(0) }), (f, b) => f.setOrphanedSubscriptionsLinger(b.ms)),
};

export async function handleControl(ctx: ControlRequest, fake: FakeTwitch): Promise<void> {
  const key = `${ctx.method} ${ctx.path}`;
  const found = CONTROL_ROUTES[key];
  if (!found) {
    return sendJson(ctx.res, 404, { error: `no control route ${key}`, routes: Object.keys(CONTROL_ROUTES) });
  }
  let body: unknown = undefined;
  if (ctx.method === 'POST') {
    const text = (await readBody(ctx.req)).toString('utf8');
    try {
      body = text === '' ? {} : JSON.parse(text);
    } catch {
      return sendJson(ctx.res, 400, { error: 'body is not JSON' });
    }
  }
  const parsed = found.schema.safeParse(body);
  if (!parsed.success) return sendJson(ctx.res, 400, { error: z.prettifyError(parsed.error) });
  try {
    const result = found.run(fake, parsed.data as never, ctx.query);
    sendJson(ctx.res, 200, result ?? { ok: true });
  } catch (error) {
    sendJson(ctx.res, 400, { error: error instanceof Error ? error.message : String(error) });
  }
}
