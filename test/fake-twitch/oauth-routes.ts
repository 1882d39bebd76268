import type { AuthStore } from './auth-store.js';
import type { HttpContext } from './http-io.js';
import { bearerToken, readFormFields, sendEmpty, sendJson, sendOAuthError } from './http-io.js';
import type { FakeTwitchTimings } from './options.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export interface OAuthDeps {
  auth: AuthStore;
  timings: FakeTwitchTimings;
  /** Where the user would approve (http://127.0.0.1:PORT/activate). */
  activateUrl: () => string;
}

/** id.twitch.tv/oauth2/*. Returns false when the path is not an OAuth route. */
export async function handleOAuth(ctx: HttpContext, deps: OAuthDeps): Promise<boolean> {
  const route = `${ctx.method} ${ctx.path}`;
  switch (route) {
    case 'POST /oauth2/device':
      await device(ctx, deps);
      return true;
    case 'POST /oauth2/token':
      await token(ctx, deps);
      return true;
    case 'GET /oauth2/validate':
      validate(ctx, deps);
      return true;
    case 'POST /oauth2/revoke':
      await revoke(ctx, deps);
      return true;
    default:
      return false;
  }
}

async function device(ctx: HttpContext, deps: OAuthDeps): Promise<void> {
  const fields = await readFormFields(ctx);
  ctx.entry.clientId = fields.get('client_id');
  const started = deps.auth.startDevice(fields.get('client_id'), fields.get('scopes'));
  if (!started.ok) return sendOAuthError(ctx.res, started.error);
  const { deviceCode, userCode } = started.value;
  sendJson(ctx.res, 200, {
    device_code: deviceCode,
    expires_in: deps.timings.deviceExpiresSeconds,
    interval: deps.timings.deviceIntervalSeconds,
    user_code: userCode,
    verification_uri: `${deps.activateUrl()}?public=true&device-code=${userCode}`,
  });
}

async function token(ctx: HttpContext, deps: OAuthDeps): Promise<void> {
  const fields = await readFormFields(ctx);
  const grantType = fields.get('grant_type');
  ctx.entry.clientId = fields.get('client_id');
  ctx.entry.grantType = grantType;
  const common = { clientId: fields.get('client_id'), clientSecret: fields.get('client_secret') };
  if (grantType === DEVICE_GRANT) {
    const result = deps.auth.pollDevice({ ...common, deviceCode: fields.get('device_code') });
    if (!result.ok) return sendOAuthError(ctx.res, result.error);
    return sendJson(ctx.res, 200, result.value);
  }
  if (grantType === 'refresh_token') {
    const result = deps.auth.refresh({ ...common, refreshToken: fields.get('refresh_token') });
    if (!result.ok) return sendOAuthError(ctx.res, result.error);
    return sendJson(ctx.res, 200, result.value);
  }
  sendOAuthError(ctx.res, { status: 400, message: grantType ? 'unsupported grant type' : 'missing grant type' });
}

function validate(ctx: HttpContext, deps: OAuthDeps): void {
  const raw = bearerToken(ctx.req, ['oauth', 'bearer']);
  if (raw === undefined) return sendOAuthError(ctx.res, { status: 401, message: 'missing authorization token' });
  const record = deps.auth.validate(raw);
  if (!record) return sendOAuthError(ctx.res, { status: 401, message: 'invalid access token' });
  ctx.entry.clientId = record.clientId;
  ctx.entry.userId = record.userId;
  sendJson(ctx.res, 200, {
    client_id: record.clientId,
    login: deps.auth.loginOf(record.userId),
    scopes: record.scopes.length > 0 ? record.scopes : null,
    user_id: record.userId,
    expires_in: deps.auth.secondsLeft(record),
  });
}

async function revoke(ctx: HttpContext, deps: OAuthDeps): Promise<void> {
  const fields = await readFormFields(ctx);
  ctx.entry.clientId = fields.get('client_id');
  const result = deps.auth.revoke(fields.get('client_id'), fields.get('token'));
  if (!result.ok) return sendOAuthError(ctx.res, result.error);
  sendEmpty(ctx.res, 200);
}
