import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.js';
import { startCoreRig, type CoreRig } from './support/core-rig.js';

let rig: CoreRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** An account whose 150 channels are not looked up yet: two GET /users batches of 100 + 50. */
async function accountWithUnresolvedChannels(): Promise<{ r: CoreRig; accountId: string; logins: string[] }> {
  const r = await startCoreRig({ start: false, fake: { rateLimitPerMinute: 100_000 } });
  rig = r;
  const logins = Array.from({ length: 150 }, (_, i) => `chan_${String(i).padStart(3, '0')}`);
  const { accountId } = await r.addAccount({ login: 'alice', channels: logins });
  return { r, accountId, logins };
}

function storedIds(r: CoreRig, accountId: string): Array<string | undefined> {
  return r.store.get().accounts.find((a) => a.id === accountId)?.channels.map((c) => c.id) ?? [];
}

describe('channel lookups', () => {
  it('R17 a lookup that fails mid-batch changes no channel and is retried', async () => {
    const { r, accountId, logins } = await accountWithUnresolvedChannels();
    // One of the two concurrent batches is refused; 400 is not retried by the Helix client.
    r.fake.injectFault({ method: 'GET', path: '/helix/users', status: 400, times: 1 });
    r.core.start();
    await waitFor(() => r.fake.log.requests({ method: 'GET', path: '/helix/users' }).length >= 2, { message: 'both batches sent' });
    await waitFor(() => r.logs.records.some((l) => l.event === 'channels.lookup_failed'), { message: 'the failure is logged' });

    // Nothing was written from the half that succeeded, and nothing is marked unknown.
    expect(storedIds(r, accountId).every((id) => id === undefined)).toBe(true);
    expect(r.account(accountId).channels.every((c) => c.subscription === 'error' && /retrying/.test(c.error ?? ''))).toBe(true);
    expect(r.logs.records.some((l) => l.event === 'channels.unknown')).toBe(false);

    // The retry (after its backoff on the clock) confirms every channel.
    await r.until(() => storedIds(r, accountId).every((id) => id !== undefined), { message: 'every id stored after the retry' });
    const ids = storedIds(r, accountId);
    expect(ids).toEqual(logins.map((login) => r.fake.user(login).id));
    await r.until(() => r.account(accountId).channels.every((c) => c.subscription === 'live'), { message: 'every channel live' });
  });

  it('R25 a failing lookup is logged with account and operation, and every channel shows the error', async () => {
    const { r, accountId } = await accountWithUnresolvedChannels();
    const fault = r.fake.injectFault({ method: 'GET', path: '/helix/users', status: 503 });
    r.core.start();
    // Helix retries a GET twice with backoff before the resolver sees the failure.
    await r.until(() => r.logs.records.some((l) => l.event === 'channels.lookup_failed'), { message: 'lookup failure logged' });
    const line = r.logs.records.find((l) => l.event === 'channels.lookup_failed');
    expect(line?.fields).toMatchObject({ account: 'alice', operation: 'users.lookup' });
    expect(line?.message).toMatch(/503/);
    expect((line?.fields.channels as string[]).length).toBe(150);
    const view = r.account(accountId);
    expect(view.channels.every((c) => c.subscription === 'error' && /503/.test(c.error ?? ''))).toBe(true);

    fault.remove();
    await r.until(() => r.account(accountId).channels.every((c) => c.subscription === 'live'), { message: 'recovered after the fault', stepMs: 2_000 });
  });

  it('R25 an unknown channel is logged and shown as such, the others still work', async () => {
    const r = await startCoreRig();
    rig = r;
    const { accountId } = await r.addAccount({ login: 'alice', channels: ['alice'] });
    await r.store.persistNow((draft) => {
      draft.accounts[0]?.channels.push({ login: 'no_such_channel', enabled: true });
    });
    await r.until(() => r.account(accountId).channels.find((c) => c.login === 'no_such_channel')?.subscription === 'error', { message: 'unknown channel shown' });
    const unknown = r.account(accountId).channels.find((c) => c.login === 'no_such_channel');
    expect(unknown?.error).toMatch(/no channel named "no_such_channel"/);
    expect(r.logs.records.find((l) => l.event === 'channels.unknown')?.fields).toMatchObject({ account: 'alice', channel: 'no_such_channel', operation: 'users.lookup' });
    await r.until(() => r.account(accountId).channels.find((c) => c.login === 'alice')?.subscription === 'live', { message: 'the known channel is live' });
  });
});
