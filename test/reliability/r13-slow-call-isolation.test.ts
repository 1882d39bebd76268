import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.js';
import { isLive, startCoreRig, type CoreRig } from './support/core-rig.js';

let rig: CoreRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function twoLiveAccounts(): Promise<{ rig: CoreRig; a: { accountId: string; userId: string }; b: { accountId: string; userId: string } }> {
  const r = await startCoreRig();
  rig = r;
  const a = await r.addAccount({ login: 'alice', channels: ['alice'], resolved: true });
  const b = await r.addAccount({ login: 'bob', channels: ['bob'], resolved: true });
  await r.until(() => isLive(r.account(a.accountId)) && isLive(r.account(b.accountId)), { message: 'both accounts live' });
  return { rig: r, a, b };
}

describe('R13 nothing is held across a slow network call', () => {
  it('R13 a slow PUT for account A does not delay account B', async () => {
    const { rig: r, a, b } = await twoLiveAccounts();
    r.fake.injectFault({ method: 'PUT', path: '/helix/chat/color', hang: true, times: 1 });
    r.fake.say({ channel: 'alice', chatter: 'alice', text: 'hello' });
    await waitFor(() => r.fake.log.requests({ method: 'PUT', path: '/helix/chat/color' }).length === 1, { message: "A's PUT reached Twitch" });

    // A's call hangs (no simulated time passes, so it cannot time out); B's goes through now.
    const started = performance.now();
    r.fake.say({ channel: 'bob', chatter: 'bob', text: 'hello' });
    await waitFor(() => r.fake.log.colorChanges(b.userId).length === 1, { timeoutMs: 3000, message: "B's color changed while A's call hangs" });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(r.fake.log.colorChanges(a.userId)).toHaveLength(0);

    // A recovers by itself: its call times out on the clock and the idempotent PUT is sent again.
    await r.until(() => r.fake.log.colorChanges(a.userId).length === 1, { message: "A's color changed after the timeout", stepMs: 2_000 });
  });

  it('R13 a slow token refresh for account A does not delay account B', async () => {
    const { rig: r, a, b } = await twoLiveAccounts();
    r.fake.injectFault({ method: 'POST', path: '/oauth2/token', hang: true, times: 1 });
    r.fake.expireUserTokens(a.userId);
    r.fake.say({ channel: 'alice', chatter: 'alice', text: 'hello' });
    await waitFor(() => r.fake.log.requests({ method: 'POST', path: '/oauth2/token' }).length === 1, { message: "A's refresh reached Twitch" });

    r.fake.say({ channel: 'bob', chatter: 'bob', text: 'hello' });
    await waitFor(() => r.fake.log.colorChanges(b.userId).length === 1, { timeoutMs: 3000, message: "B's color changed while A's refresh hangs" });
    expect(r.fake.log.colorChanges(a.userId)).toHaveLength(0);
  });
});
