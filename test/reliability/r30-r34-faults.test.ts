import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startUiBridge, type UiBridge } from '../../src-core/ipc/bridge/server.js';
import type { LogRecord } from '../../src-core/runtime/logger.js';
import { openAccountSecrets } from '../../src-core/store/account-secrets.js';
import type { StoragePort } from '../../src-core/store/storage-port.js';
import { TestSocket, tempRendererAssets } from '../core/ipc/bridge/bridge-harness.js';
import { isLive, startCoreRig, type CoreRig } from './support/core-rig.js';

let rig: CoreRig | undefined;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rig?.close();
  rig = undefined;
});

/** Fails the next `n` writes with an fs error, as a full disk would. */
class FlakyStorage implements StoragePort {
  failures = 0;
  constructor(private readonly real: StoragePort) {}
  get path(): string {
    return this.real.path;
  }
  read(): unknown {
    return this.real.read();
  }
  write(data: Readonly<Record<string, unknown>>): void | Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw Object.assign(new Error(`ENOSPC: no space left on device, write '${this.real.path}'`), { code: 'ENOSPC' });
    }
    return this.real.write(data);
  }
}

/** The field must be there (which account a fault hits first depends on timing). */
const ANY = Symbol('any');

interface Expectation {
  fault: string;
  event: string;
  fields: Record<string, string | number | typeof ANY>;
  /** The status, close code or fs code, in a field or in the message. */
  status: RegExp;
}

function lineFor(records: readonly LogRecord[], expectation: Expectation): LogRecord | undefined {
  return records.find(
    (record) =>
      record.event === expectation.event &&
      Object.entries(expectation.fields).every(([key, value]) => (value === ANY ? typeof record.fields[key] === 'string' : record.fields[key] === value)) &&
      expectation.status.test(`${String(record.fields.status ?? '')} ${String(record.fields.code ?? '')} ${record.message} ${String(record.fields.reason ?? '')}`),
  );
}

describe('faults are logged with context, and no secret leaks while they happen', () => {
  it('R30 every fault leaves a log line with account, channel, operation and status; R34 no secret in any log, event, IPC or bridge message or error', async () => {
    let storage: FlakyStorage | undefined;
    const r = await startCoreRig({
      start: false,
      seed: 30,
      storage: (real) => (storage = new FlakyStorage(real)),
      fake: { rateLimitPerMinute: 100_000 },
    });
    rig = r;
    const confidential = r.fake.registerClient({ type: 'confidential' });
    const alice = await r.addAccount({ login: 'alice', prime: true, channels: ['alice'], resolved: true });
    const bob = await r.addAccount({ login: 'bob', channels: ['bob', 'carol'], client: { clientId: confidential.clientId, secret: confidential.secret } });

    // A UI on the bridge sees every event and answer the core sends.
    const { assets, cleanup } = tempRendererAssets();
    cleanups.push(cleanup);
    const bridge: UiBridge = await startUiBridge({ handlers: r.handlers, assets, logger: r.logger, port: 0, secrets: r.secrets });
    cleanups.push(() => bridge.stop());
    r.ledger.add(bridge.token);
    const received: string[] = [];
    const ui = await TestSocket.open(bridge.wsUrl, bridge.origin, received);
    cleanups.push(() => ui.close());
    const errors: unknown[] = [];

    // Faults that hit the accounts as they start: Twitch refuses the first subscription, and every
    // attempt of both start-up lookups (alice's check of her channel, bob's of his two names).
    r.fake.injectFault({ method: 'POST', path: '/helix/eventsub/subscriptions', status: 500, times: 1 });
    r.fake.injectFault({ method: 'GET', path: '/helix/users', status: 503, times: 6 });
    r.core.start();
    await r.until(() => isLive(r.account(alice.accountId)) && isLive(r.account(bob.accountId)), { message: 'both accounts live', stepMs: 1_000 });

    // Twitch fails a color change, echoing the token it was given (a hostile or buggy server).
    const aliceTokens = async () => {
      const account = r.store.get().accounts.find((a) => a.id === alice.accountId);
      const opened = account && (await openAccountSecrets(r.box, account));
      if (!opened?.ok || !opened.secrets.tokens) throw new Error('alice has no tokens');
      return opened.secrets.tokens;
    };
    const tokensNow = await aliceTokens();
    const echo = { error: 'Internal Server Error', status: 500, message: `backend rejected ${tokensNow.accessToken} / ${tokensNow.refreshToken}` };
    r.fake.injectFault({ method: 'PUT', path: '/helix/chat/color', status: 500, body: echo, times: 3 });
    r.fake.say({ channel: 'alice', chatter: 'alice', text: 'hello' });
    await r.until(() => r.logs.records.some((l) => l.event === 'color.change_failed'), { message: 'color failure logged' });

    // The same through IPC and the bridge: the error the UI gets names no secret.
    r.fake.injectFault({ method: 'PUT', path: '/helix/chat/color', status: 500, body: echo, times: 6 });
    const viaIpc = r.handlers.dispatch('colors:set-now', { accountId: alice.accountId, color: '#123456' });
    await r.advance(30_000);
    errors.push(await viaIpc);
    const viaBridge = ui.request('colors:set-now', { accountId: alice.accountId, color: 'blue' });
    await r.advance(30_000);
    errors.push(await viaBridge);
    expect(errors.every((e) => (e as { ok: boolean }).ok === false)).toBe(true);

    // Tokens expire and the refresh fails twice before it works (confidential client: its secret is sent).
    r.fake.expireUserTokens(bob.userId);
    r.fake.injectFault({ method: 'POST', path: '/oauth2/token', status: 503, times: 4 });
    r.fake.say({ channel: 'bob', chatter: 'bob', text: 'hi' });
    await r.until(() => r.fake.log.requests({ method: 'POST', path: '/oauth2/token', status: 200 }).length === 1, { message: 'the refresh went through on a retry', stepMs: 2_000 });
    await r.advance(60_000);
    r.fake.say({ channel: 'bob', chatter: 'bob', text: 'hi again' });
    await r.until(() => r.fake.log.colorChanges(bob.userId).length === 1, { message: 'bob changes colors with the new token', stepMs: 2_000 });

    // Alice's socket dies without a close frame; the store cannot write for a moment.
    const aliceSession = r.fake.subscriptions().find((s) => s.userId === alice.userId && s.status === 'enabled')?.sessionId;
    if (!aliceSession) throw new Error('alice has no session');
    if (storage) storage.failures = 2;
    r.fake.dropSocket(aliceSession);
    await r.until(() => r.logs.records.some((l) => l.event === 'eventsub.session_lost'), { message: 'session loss logged' });
    r.fake.say({ channel: 'alice', chatter: 'alice', text: 'after the drop' });
    await r.until(() => isLive(r.account(alice.accountId)) && r.store.status.failures === 0 && r.logs.records.some((l) => l.event === 'store.write_recovered'), {
      message: 'alice reconnected and the store saved again',
      stepMs: 1_000,
    });

    // A device login is denied, then bob disconnects the app on Twitch.
    const started = await r.handlers.dispatch('login:start', {});
    expect(started.ok).toBe(true);
    const { userCode, loginId } = started.ok ? (started.data as { userCode: string; loginId: string }) : { userCode: '', loginId: '' };
    // A denial looks like "invalid device code", which Twitch also says early (G2): the user cancels.
    r.fake.denyDevice(userCode);
    await r.advance(5_000);
    expect(await r.handlers.dispatch('login:cancel', { loginId })).toEqual({ ok: true, data: null });
    await r.until(() => r.events.some((e) => e.type === 'login:progress' && e.payload.status === 'cancelled'), { message: 'login cancelled' });
    r.fake.revokeUserTokens(bob.userId);
    await r.until(() => r.account(bob.accountId).state === 'needs_login', { message: 'bob needs a login', stepMs: 1_000 });

    // R30: each fault has its line, with the context that applies to it.
    const expectations: Expectation[] = [
      { fault: 'subscription create 500', event: 'eventsub.subscription_failed', fields: { account: ANY, channel: ANY, operation: 'create subscription', status: 500 }, status: /500/ },
      { fault: 'user lookup 503', event: 'channels.lookup_failed', fields: { account: ANY, operation: 'users.lookup' }, status: /503/ },
      { fault: 'color change 500', event: 'color.change_failed', fields: { account: 'alice', operation: 'set_color', status: 500 }, status: /500/ },
      { fault: 'token refresh 503', event: 'token.refresh_failed', fields: { account: 'bob', operation: 'refresh' }, status: /503/ },
      { fault: 'socket dropped', event: 'eventsub.session_lost', fields: { account: 'alice' }, status: /1006/ },
      { fault: 'store write ENOSPC', event: 'store.write_failed', fields: { code: 'ENOSPC' }, status: /ENOSPC/ },
      { fault: 'authorization revoked', event: 'account.needs_login', fields: { account: 'bob' }, status: /authorization_revoked/ },
    ];
    const missing = expectations.filter((e) => !lineFor(r.logs.records, e)).map((e) => `${e.fault} (${e.event})`);
    expect(missing, `faults without a log line:\n${describeRecords(r.logs.records)}`).toEqual([]);
    // carol's failed lookup recovered (she has her id), and with the login dead every channel says so (one cause, one state).
    expect(r.store.get().accounts.find((a) => a.id === bob.accountId)?.channels.every((c) => c.id !== undefined)).toBe(true);
    expect(r.account(bob.accountId).channels.map((c) => [c.state, c.subscription])).toEqual([
      ['waiting_for_login', 'off'],
      ['waiting_for_login', 'off'],
    ]);

    // R34: nothing that left the core carries a secret.
    expect(r.ledger.size).toBeGreaterThanOrEqual(8);
    const material: Record<string, unknown> = {
      logs: r.logs.records,
      events: r.events,
      ipc: r.ipcOut,
      bridge: received,
      errors,
      snapshot: r.core.snapshot(),
      inspectedCore: inspect(r.core, { depth: 6, showHidden: true }),
    };
    for (const [where, value] of Object.entries(material)) expect(r.ledger.leaksIn(value), `secrets in ${where}`).toEqual([]);
  });
});

function describeRecords(records: readonly LogRecord[]): string {
  return records
    .filter((r) => r.level !== 'debug')
    .map((r) => `${r.level} ${r.event} ${r.message} ${JSON.stringify(r.fields).slice(0, 200)}`)
    .join('\n');
}
