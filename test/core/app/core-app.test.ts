import { afterEach, describe, expect, it } from 'vitest';
import { startCoreHarness, type CoreHarness } from '../../support/core-harness.js';
import { waitFor } from '../../support/wait-for.js';

let h: CoreHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const live = (view: { channels: { subscription: string }[] }) => view.channels.length > 0 && view.channels.every((c) => c.subscription === 'live' || c.subscription === 'off');

describe('the core against the fake Twitch', () => {
  it('changes the color after each own message, never after others\' messages', async () => {
    h = await startCoreHarness();
    const { accountId, userId } = await h.addAccount({ login: 'alice', channels: ['alice', 'bob'] });
    h.fake.createUser({ login: 'carol' });
    await h.waitForAccount(accountId, (a) => a.state === 'active' && live(a), 'account active with live channels');

    h.fake.say({ channel: 'bob', chatter: 'carol', text: 'hello from someone else' });
    h.fake.say({ channel: 'bob', chatter: 'alice', text: 'my own message' });
    await waitFor(() => h!.fake.log.colorChanges(userId).length === 1);
    h.fake.say({ channel: 'alice', chatter: 'alice', text: 'second message' });
    await waitFor(() => h!.fake.log.colorChanges(userId).length === 2);
    const changes = h.fake.log.colorChanges(userId);
    expect(changes[0]?.hex).not.toBe(changes[1]?.hex);
    await h.waitForAccount(accountId, (a) => a.recentColors.length === 2, 'history shows both colors');
    expect(h.events.some((e) => e.type === 'color:changed')).toBe(true);
  });

  it('obeys ccd, cce and ccc from the own account only', async () => {
    h = await startCoreHarness();
    const { accountId, userId } = await h.addAccount({ login: 'alice', channels: ['alice'] });
    h.fake.createUser({ login: 'mallory' });
    await h.waitForAccount(accountId, (a) => a.state === 'active' && live(a));

    h.fake.say({ channel: 'alice', chatter: 'mallory', text: 'ccd' });
    h.fake.say({ channel: 'alice', chatter: 'alice', text: 'ccd' });
    await h.waitForAccount(accountId, (a) => !a.enabled && a.state === 'paused', 'ccd disables');
    h.fake.say({ channel: 'alice', chatter: 'alice', text: 'no change while disabled' });
    h.fake.say({ channel: 'alice', chatter: 'alice', text: 'ccc Sea Green' });
    await waitFor(() => h!.fake.log.colorChanges(userId).length === 1);
    expect(h.fake.log.colorChanges(userId)[0]?.color).toBe('sea_green');

    h.fake.say({ channel: 'alice', chatter: 'alice', text: 'cce' });
    await h.waitForAccount(accountId, (a) => a.enabled && a.state === 'active', 'cce enables');
    h.fake.say({ channel: 'alice', chatter: 'alice', text: 'cccombo is just a word' });
    await waitFor(() => h!.fake.log.colorChanges(userId).length === 2);
  });

  it('learns the home color at first connect and puts it back on pause and on removal, by name for a user without Prime', async () => {
    h = await startCoreHarness({ start: false });
    const { accountId, userId } = await h.addAccount({ login: 'alice', channels: ['alice'] });
    h.fake.updateUser(userId, { color: '#1E90FF', displayName: 'Alice_TV' });
    h.core.start();
    let view = await h.waitForAccount(accountId, (a) => a.state === 'active' && live(a) && a.home.color !== null, 'home color learned');
    // Twitch reports hex; one of the named colors is kept and shown by its name.
    expect(view.home).toEqual({ restore: false, color: 'dodger_blue' });
    expect(view.displayName).toBe('Alice_TV');
    expect(view.currentColor).toBe('dodger_blue');
    await h.core.setHome(accountId, true, undefined);

    h.fake.say({ channel: 'alice', chatter: 'alice', text: 'hello' });
    await waitFor(() => h!.fake.log.colorChanges(userId).length === 1);
    expect(h.fake.log.colorChanges(userId)[0]?.hex).not.toBe('#1E90FF');

    await h.core.setPaused(true);
    await waitFor(() => h!.fake.log.colorChanges(userId).length === 2);
    // Twitch reported it as hex; alice has no Turbo/Prime, so it goes back by its name.
    expect(h.fake.log.colorChanges(userId)[1]).toMatchObject({ color: 'dodger_blue', hex: '#1E90FF' });
    view = await h.waitForAccount(accountId, (a) => a.currentColor === 'dodger_blue', 'current color is the home color again');
    expect(view.recentColors[0]?.color).toBe('dodger_blue');

    await h.core.setPaused(false);
    await h.waitForAccount(accountId, (a) => a.state === 'active');
    h.fake.say({ channel: 'alice', chatter: 'alice', text: 'hello again' });
    await waitFor(() => h!.fake.log.colorChanges(userId).length === 3);
    await h.core.removeAccount(accountId);
    // Restored first, while the login still works; then the login is revoked.
    await waitFor(() => h!.fake.log.colorChanges(userId).length === 4);
    expect(h.fake.log.colorChanges(userId)[3]?.hex).toBe('#1E90FF');
    expect(h.core.snapshot().accounts).toEqual([]);
  });

  it('recent colors remember what was set (a name for a user without Prime) and give it back exactly; never the same color twice in a row (issues 17, 20)', async () => {
    h = await startCoreHarness();
    const { accountId, userId } = await h.addAccount({ login: 'alice', channels: ['alice'] });
    await h.waitForAccount(accountId, (a) => a.state === 'active' && live(a));
    await h.core.setColorNow(accountId, 'Dodger Blue');
    await h.core.setColorNow(accountId, 'sea green');
    let view = await h.waitForAccount(accountId, (a) => a.recentColors.length === 2);
    expect(view.recentColors.map((c) => c.color)).toEqual(['sea_green', 'dodger_blue']);
    expect(view.currentColor).toBe('sea_green');

    // Choosing the older one again sets it by its name, which Twitch accepts from anyone.
    await h.core.setColorNow(accountId, 'dodger_blue');
    // A hex from an older history, equal to a named color, goes by that name too.
    await expect(h.core.setColorNow(accountId, '#1E90FF')).resolves.toMatchObject({ color: 'dodger_blue' });
    expect(h.fake.log.colorChanges(userId).map((c) => c.color)).toEqual(['dodger_blue', 'sea_green', 'dodger_blue', 'dodger_blue']);
    view = await h.waitForAccount(accountId, (a) => a.recentColors.length === 3);
    expect(view.recentColors.map((c) => c.color)).toEqual(['dodger_blue', 'sea_green', 'dodger_blue']);

    // A hex color is refused for a palette of an account known to lack Turbo/Prime; names are stored as names.
    h.store.updateAccount(accountId, (a) => {
      a.prime = 'no';
    });
    await expect(h.core.setColorOptions(accountId, { palette: ['sea green', '#AABBCC'] })).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringContaining('#AABBCC is a hex color, which needs Turbo or Prime'),
    });
    await h.core.setColorOptions(accountId, { palette: ['Sea Green', '#ff7f50'] });
    expect(h.store.get().accounts[0]?.color.palette).toEqual(['sea_green', 'coral']);
  });

  it('R07 a channel toggled off loses its subscription at Twitch, toggled on gets it back', async () => {
    h = await startCoreHarness();
    const { accountId } = await h.addAccount({ login: 'alice', channels: ['alice', 'bob'] });
    await h.waitForAccount(accountId, (a) => live(a));
    const bobId = h.fake.user('bob').id;
    const enabledFor = (id: string) => h!.fake.subscriptions().filter((s) => s.status === 'enabled' && s.broadcasterUserId === id);
    expect(enabledFor(bobId)).toHaveLength(1);

    await h.core.setChannelEnabled(accountId, 'bob', false);
    await waitFor(() => enabledFor(bobId).length === 0);
    expect(h.fake.log.requests({ method: 'DELETE', path: '/helix/eventsub/subscriptions' }).length).toBeGreaterThan(0);
    expect(h.account(accountId).channels.find((c) => c.login === 'bob')?.subscription).toBe('off');

    await h.core.setChannelEnabled(accountId, 'bob', true);
    await waitFor(() => enabledFor(bobId).length === 1);
  });

  it('adding an unknown channel is refused with a clear error and changes nothing', async () => {
    h = await startCoreHarness();
    const { accountId } = await h.addAccount({ login: 'alice', channels: ['alice'] });
    await h.waitForAccount(accountId, (a) => a.state === 'active');
    await expect(h.core.addChannel(accountId, '#NoSuchChannel')).rejects.toMatchObject({ code: 'unknown_channel' });
    expect(h.account(accountId).channels.map((c) => c.login)).toEqual(['alice']);
    h.fake.createUser({ login: 'dave' });
    await h.core.addChannel(accountId, '#Dave');
    await h.waitForAccount(accountId, (a) => a.channels.find((c) => c.login === 'dave')?.subscription === 'live');
  });

  it('a revoked authorization shows needs_login with a reason, and the login can be redone', async () => {
    h = await startCoreHarness();
    const { accountId, userId } = await h.addAccount({ login: 'alice', channels: ['alice'] });
    await h.waitForAccount(accountId, (a) => a.state === 'active' && live(a));
    h.fake.revokeUserTokens(userId);
    const view = await h.waitForAccount(accountId, (a) => a.state === 'needs_login', 'needs_login after revocation');
    expect(view.reason).toMatch(/log in again/i);

    const started = await h.core.startLogin();
    h.fake.approveDevice(started.userCode, 'alice');
    await waitFor(() => h!.events.some((e) => e.type === 'login:progress' && e.payload.status === 'success'), { timeoutMs: 5000 });
    await h.waitForAccount(accountId, (a) => a.state === 'active' && live(a), 'active again after re-login');
    expect(h.core.snapshot().accounts).toHaveLength(1);
  });

  it('a new device login adds an account with its own channel and Twitch\'s display name', async () => {
    h = await startCoreHarness();
    h.fake.createUser({ login: 'zoe', displayName: 'Zoe_Streams' });
    const started = await h.core.startLogin();
    expect(started.userCode).toMatch(/\S+/);
    h.fake.approveDevice(started.userCode, 'zoe');
    await waitFor(() => h!.core.snapshot().accounts.length === 1, { timeoutMs: 5000 });
    const [account] = h.core.snapshot().accounts;
    await h.waitForAccount(account!.id, (a) => a.state === 'active' && live(a));
    expect(account?.channels.map((c) => c.login)).toEqual(['zoe']);
    await h.waitForAccount(account!.id, (a) => a.displayName === 'Zoe_Streams', 'display name from Twitch');
  });

  it('a build with its own client ID logs in with it; the user\'s own wins for new logins; each account keeps the one it logged in with', async () => {
    h = await startCoreHarness({ builtIn: true });
    const builtIn = h.clientId;
    expect(h.core.snapshot().settings).toMatchObject({ clientId: null, builtInClientId: builtIn });
    h.fake.createUser({ login: 'zoe' });
    h.fake.createUser({ login: 'yuri' });
    const login = async (user: string) => {
      const started = await h!.core.startLogin();
      h!.fake.approveDevice(started.userCode, user);
      await waitFor(() => h!.core.snapshot().accounts.some((a) => a.login === user), { timeoutMs: 5000 });
    };
    await login('zoe');

    const own = h.fake.registerClient({ type: 'public' }).clientId;
    await h.core.setClientId(own);
    await login('yuri');
    expect(h.fake.deviceLogins().map((d) => d.clientId)).toEqual([builtIn, own]);
    expect(h.store.get().accounts.map((a) => [a.login, a.clientId])).toEqual([
      ['zoe', builtIn],
      ['yuri', own],
    ]);
    // Both keep working: each token is validated and refreshed with its own application.
    for (const account of h.core.snapshot().accounts) await h.waitForAccount(account.id, (a) => a.state === 'active' && live(a));

    await h.core.setClientId(null);
    expect(h.core.snapshot().settings).toMatchObject({ clientId: null, builtInClientId: builtIn });
    await h.core.startLogin();
    expect(h.fake.deviceLogins().at(-1)?.clientId).toBe(builtIn);
  });

  it('R34 no snapshot or event carries a token', async () => {
    h = await startCoreHarness();
    const { accountId } = await h.addAccount({ login: 'alice', channels: ['alice'] });
    await h.waitForAccount(accountId, (a) => a.state === 'active' && live(a));
    h.fake.say({ channel: 'alice', chatter: 'alice', text: 'hi' });
    await waitFor(() => h!.events.some((e) => e.type === 'color:changed'));
    const stored = JSON.stringify(h.store.get());
    const tokens = [...stored.matchAll(/"value":"([^"]{12,})"/g)].map((m) => m[1] as string);
    expect(tokens.length).toBeGreaterThan(0);
    const out = JSON.stringify([h.core.snapshot(), h.events, h.logs.records]);
    for (const token of tokens) expect(out).not.toContain(token);
  });
});
