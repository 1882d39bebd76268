import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AccountManager } from '../../src-core/accounts/account-manager.js';
import type { ChannelResolver } from '../../src-core/accounts/channel-resolver.js';
import { MemoryLogSink, SecretRegistry, createLogger } from '../../src-core/runtime/logger.js';
import { sealTokens } from '../../src-core/store/account-secrets.js';
import { PlainSecretBox } from '../../src-core/store/plain-secret-box.js';
import { buildAccount } from '../../src-core/store/schema.js';
import { StateStore } from '../../src-core/store/state-store.js';
import type { EventSubClient } from '../../src-core/twitch/eventsub/client.js';
import type * as ClientModule from '../../src-core/twitch/eventsub/client.js';
import type * as ResolverModule from '../../src-core/accounts/channel-resolver.js';
import { HttpClient } from '../../src-core/twitch/http/http-client.js';
import { startFakeTwitch, type FakeTwitch } from '../fake-twitch/index.js';
import { ManualClock } from '../support/manual-clock.js';
import { settleIo, waitFor } from '../support/wait-for.js';
import { enabledSubscriptions, isLive, startCoreRig, type CoreRig } from './support/core-rig.js';

// Every EventSub client and channel resolver the account runtimes make, to read their counts.
const made = vi.hoisted(() => ({ clients: [] as EventSubClient[], resolvers: [] as ChannelResolver[] }));
vi.mock('../../src-core/twitch/eventsub/client.js', async (importOriginal) => {
  const real = await importOriginal<typeof ClientModule>();
  class TrackedEventSubClient extends real.EventSubClient {
    constructor(...args: ConstructorParameters<typeof real.EventSubClient>) {
      super(...args);
      made.clients.push(this);
    }
  }
  return { ...real, EventSubClient: TrackedEventSubClient };
});
vi.mock('../../src-core/accounts/channel-resolver.js', async (importOriginal) => {
  const real = await importOriginal<typeof ResolverModule>();
  class TrackedChannelResolver extends real.ChannelResolver {
    constructor(...args: ConstructorParameters<typeof real.ChannelResolver>) {
      super(...args);
      made.resolvers.push(this);
    }
  }
  return { ...real, ChannelResolver: TrackedChannelResolver };
});

let rig: CoreRig | undefined;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await rig?.close();
  rig = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
  made.clients.length = 0;
  made.resolvers.length = 0;
});

/** The account manager alone, on a store that never touches the disk. */
async function managerRig(fake?: FakeTwitch) {
  const clock = fake ? (fake.clock as ManualClock) : new ManualClock();
  const logs = new MemoryLogSink();
  const secrets = new SecretRegistry();
  const logger = createLogger(logs, { secrets });
  const store = new StateStore({ storage: { path: '/dev/null/config.json', read: () => undefined, write: () => {} }, clock, logger, coalesceMs: 50 });
  store.load();
  const http = new HttpClient({ clock });
  const owner = new AbortController();
  const box = new PlainSecretBox();
  const endpoints = fake
    ? { authUrl: fake.urls.auth, apiUrl: fake.urls.api, eventSubUrl: fake.urls.eventsub }
    : { authUrl: 'http://127.0.0.1:9/oauth2', apiUrl: 'http://127.0.0.1:9/helix', eventSubUrl: 'ws://127.0.0.1:9/ws' };
  const manager = new AccountManager({ store, box, endpoints, http, clock, logger, secrets, signal: owner.signal, onChange: () => {}, onColorChanged: () => {} });
  manager.start();
  cleanups.push(async () => {
    await manager.stop({ restoreHome: false });
    owner.abort();
    await store.stop().catch(() => {});
    await http.close();
  });
  const listeners = (): number => getEventListeners(owner.signal, 'abort').length;
  return { clock, logs, secrets, store, manager, owner, box, listeners };
}

describe('R14 registries of per-account objects are pruned', () => {
  it('R14 adding and removing 1000 accounts leaves the runtime registry and the owner signal at baseline', async () => {
    const m = await managerRig();
    const baseline = { size: m.manager.size, listeners: m.listeners(), timers: m.clock.pending };
    for (let round = 0; round < 10; round += 1) {
      m.store.update((draft) => {
        for (let i = 0; i < 100; i += 1) {
          draft.accounts.push(buildAccount({ id: `acct-${round}-${i}`, login: `user_${round}_${i}`, clientId: 'client', addedAt: 0 }));
        }
      });
      expect(m.manager.size).toBe(baseline.size + 100);
      m.store.update((draft) => {
        draft.accounts = [];
      });
      await m.clock.advance(1_000);
      expect({ size: m.manager.size, listeners: m.listeners(), timers: m.clock.pending }).toEqual(baseline);
    }
  });

  it('R14 accounts that ran against Twitch leave no runtime, timer, token mask or request behind once removed', async () => {
    const clock = new ManualClock();
    const fake = await startFakeTwitch({ clock, rateLimitPerMinute: 100_000 });
    cleanups.push(() => fake.close());
    const m = await managerRig(fake);
    const { clientId } = fake.registerClient({ type: 'public' });
    const baseline = { size: m.manager.size, listeners: m.listeners(), timers: m.clock.pending, masks: m.secrets.size };
    for (let round = 0; round < 2; round += 1) {
      const accounts = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const user = fake.createUser({ login: `runner_${round}_${i}` });
          const grant = fake.issueToken({ user: user.id, clientId });
          return buildAccount({
            id: `acct-${round}-${i}`,
            login: user.login,
            clientId,
            tokens: await sealTokens(m.box, { accessToken: grant.access_token, refreshToken: grant.refresh_token, expiresAt: clock.now() + grant.expires_in * 1000, scopes: [] }),
            addedAt: 0,
          });
        }),
      );
      m.store.update((draft) => {
        draft.accounts.push(...accounts);
      });
      // Every account validated its login: each holds a refresh and a validation timer.
      await waitFor(() => fake.log.requests({ path: '/helix/chat/color' }).length >= 50 * (round + 1), { message: 'all accounts started' });
      expect(m.clock.pending).toBeGreaterThanOrEqual(baseline.timers + 100);
      m.store.update((draft) => {
        draft.accounts = [];
      });
      // Calls in flight end with their account; let their aborts land.
      await settleIo(20);
      // Past the store's coalescing delay: its write timer is not a leak.
      await clock.advance(100);
      expect({ size: m.manager.size, listeners: m.listeners(), timers: m.clock.pending, masks: m.secrets.size }).toEqual(baseline);
    }
    // No loop outlived its account: a day later Twitch has heard nothing more.
    const before = fake.log.requests().length;
    await clock.advance(24 * 3600_000);
    expect(fake.log.requests().length).toBe(before);
  });
});

describe('R15 per-channel maps and queues are pruned', () => {
  it('R15 adding and removing 1000 channels leaves subscriptions, sockets, timers and per-channel maps at baseline', async () => {
    const r = await startCoreRig({ fake: { rateLimitPerMinute: 1_000_000 } });
    rig = r;
    const { accountId, userId } = await r.addAccount({ login: 'alice', channels: ['alice'], resolved: true });
    await r.until(() => isLive(r.account(accountId)), { message: 'account live' });
    await quiesce(r);
    const client = made.clients.at(-1);
    const resolver = made.resolvers.at(-1);
    if (!client || !resolver) throw new Error('the runtime made no EventSub client or resolver');
    const baseline = { diagnostics: client.diagnostics(), problems: resolver.problems.size, timers: r.clock.pending, sessions: openSessions(r), subs: enabledSubscriptions(r.fake) };

    // 600 real channels (two sessions of 300) and 400 that Twitch does not know.
    const real = Array.from({ length: 600 }, (_, i) => r.fake.createUser({ login: `streamer_${i}` }));
    await r.store.persistNow((draft) => {
      const account = draft.accounts.find((a) => a.id === accountId);
      for (const user of real) account?.channels.push({ login: user.login, id: user.id, enabled: true });
      for (let i = 0; i < 400; i += 1) account?.channels.push({ login: `ghost_${i}`, enabled: true });
    });
    await r.until(() => enabledSubscriptions(r.fake) === baseline.subs + 600 && resolver.problems.size === 400, { message: '600 live, 400 unknown', stepMs: 200 });
    expect(client.diagnostics().channels).toBe(baseline.diagnostics.channels + 600);
    expect(openSessions(r)).toBe(3);

    for (const channel of r.account(accountId).channels) {
      if (channel.login !== 'alice') await r.core.removeChannel(accountId, channel.login);
    }
    await r.until(() => enabledSubscriptions(r.fake) === baseline.subs && client.diagnostics().channels === baseline.diagnostics.channels, {
      message: 'every subscription deleted',
      stepMs: 200,
    });
    await waitFor(() => openSessions(r) === baseline.sessions, { message: 'the emptied sessions closed' });
    await quiesce(r);
    expect(client.diagnostics()).toMatchObject({ sockets: baseline.diagnostics.sockets, timers: baseline.diagnostics.timers, channels: baseline.diagnostics.channels, listeners: baseline.diagnostics.listeners });
    expect(resolver.problems.size).toBe(baseline.problems);
    expect(r.clock.pending).toBe(baseline.timers);
    // The one channel left still works.
    r.fake.say({ channel: 'alice', chatter: 'alice', text: 'still here' });
    await waitFor(() => r.fake.log.colorChanges(userId).length === 1);
  });
});

/** Lets pending writes, snapshots and socket closes finish, so counts are not caught mid-flight. */
async function quiesce(r: CoreRig): Promise<void> {
  await r.advance(1_000, 250);
  await settleIo(20);
}

function openSessions(r: CoreRig): number {
  return r.fake.sessions().filter((s) => s.state !== 'closed').length;
}
