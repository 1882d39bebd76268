import type { Accounts } from './accounts.js';
import type { AuthStore } from './auth-store.js';
import type { HttpContext } from './http-io.js';

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Stand-in for twitch.tv/activate, for people running the fake by hand: shows the code
 * and a form to authorize it as one of the fake's users (tests use the control API).
 */
export function activatePage(ctx: HttpContext, auth: AuthStore, accounts: Accounts): void {
  const code = (ctx.query.get('user_code') ?? ctx.query.get('device-code') ?? '').toUpperCase();
  const login = ctx.query.get('login');
  let notice = '';
  if (ctx.query.get('action') === 'authorize' && login) {
    try {
      auth.approveDevice(code, accounts.resolveUser(login).id);
      notice = `<p><strong>Authorized ${escape(code)} as ${escape(login)}.</strong> You can close this page.</p>`;
    } catch (error) {
      notice = `<p><strong>${escape(String(error))}</strong></p>`;
    }
  } else if (ctx.query.get('action') === 'deny') {
    try {
      auth.denyDevice(code);
      notice = `<p><strong>Denied ${escape(code)}.</strong></p>`;
    } catch (error) {
      notice = `<p><strong>${escape(String(error))}</strong></p>`;
    }
  }
  const options = accounts.users().map((u) => `<option value="${escape(u.login)}">${escape(u.displayName)}</option>`).join('');
  const html = `<!doctype html><meta charset="utf-8"><title>Fake Twitch: activate</title>
<h1>Fake Twitch device activation</h1>${notice}
<form method="get" action="/activate">
<label>Code <input name="user_code" value="${escape(code)}"></label>
<label>User <select name="login">${options}</select></label>
<button name="action" value="authorize">Authorize</button>
<button name="action" value="deny">Deny</button>
</form>`;
  ctx.res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) });
  ctx.res.end(html);
}
