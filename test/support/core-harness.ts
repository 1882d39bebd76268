import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreApp } from '../../src-core/app/core-app.js';
import type { CoreEvent } from '../../src-core/ipc/core-port.js';
import type { AccountView } from '../../src-core/ipc/snapshot.js';
import { systemClock } from '../../src-core/runtime/clock.js';
import { MemoryLogSink, SecretRegistry, createLogger } from '../../src-core/runtime/logger.js';
import { sealTokens } from '../../src-core/store/account-secrets.js';
import { createFileBackend } from '../../src-core/store/file-storage.js';
import { PlainSecretBox } from '../../src-core/store/plain-secret-box.js';
import { buildAccount } from '../../src-core/store/schema.js';
import { StateStore } from '../../src-core/store/state-store.js';
import { startFakeTwitch, type FakeTwitch, type FakeTwitchOptions } from '../fake-twitch/index.js';
import { waitFor } from './wait-for.js';

/**
 * The real core (store on disk, Twitch clients, runtimes) against the fake Twitch on
 * 127.0.0.1, for integration tests. Real time; the fake's timings are shortened instead.
 */
export interface CoreHarness {
  fake: FakeTwitch;
  core: CoreApp;
  store: StateStore;
  dataDir: string;
  logs: MemoryLogSink;
  events: CoreEvent[];
  clientId: string;
  /**
   * Creates a Twitch user with a token and stores it as an account with these channels.
   * `scopes`: what Twitch granted (default: a login from before issue 18, without
   * user:read:follows); `followLive`: "Live channels I follow" switched on.
   */
  addAccount(input: { login: string; prime?: boolean; channels: string[]; scopes?: string[]; followLive?: boolean }): Promise<{ accountId: string; userId: string }>;
  account(accountId: string): AccountView;
  waitForAccount(accountId: string, predicate: (view: AccountView) => boolean, message?: string): Promise<AccountView>;
  close(): Promise<void>;
}

/** `builtIn`: the core runs as a build carrying this public client (registered at the fake), with no own client ID set. */
export async function startCoreHarness(options: { fake?: FakeTwitchOptions; start?: boolean; builtIn?: boolean; avatars?: boolean; listen?: boolean } = {}): Promise<CoreHarness> {
  const fake = await startFakeTwitch({
    ...options.fake,
    timings: { deviceIntervalSeconds: 0.05, ...options.fake?.timings },
  });
  const { clientId } = fake.registerClient({ type: 'public' });
  const dataDir = mkdtempSync(join(tmpdir(), 'tcc-core-'));
  const logs = new MemoryLogSink();
  const secrets = new SecretRegistry();
  const logger = createLogger(logs, { secrets });
  const store = new StateStore({ storage: createFileBackend(dataDir), clock: systemClock, logger, coalesceMs: 5 });
  store.load();
  if (!options.builtIn) {
    store.update((draft) => {
      draft.settings.clientId = clientId;
    });
  }
  const box = new PlainSecretBox();
  const core = new CoreApp({
    store,
    box,
    endpoints: { authUrl: fake.urls.auth, apiUrl: fake.urls.api, eventSubUrl: fake.urls.eventsub },
    clock: systemClock,
    logger,
    secrets,
    version: '0.0.0-test',
    paths: { dataDir, logDir: join(dataDir, 'logs') },
    startOnBootSupported: false,
    snapshotDelayMs: 5,
    ...(options.builtIn ? { builtInClientId: clientId } : {}),
    ...(options.avatars ? { avatarDir: join(dataDir, 'avatars') } : {}),
  });
  const events: CoreEvent[] = [];
  // A listening UI, as far as the core can tell (pictures are fetched only while one listens).
  if (options.listen !== false) core.subscribe((event) => events.push(event));
  if (options.start !== false) core.start();

  const harness: CoreHarness = {
    fake,
    core,
    store,
    dataDir,
    logs,
    events,
    clientId,
    async addAccount({ login, prime = false, channels, scopes = ['user:read:chat', 'user:manage:chat_color'], followLive = false }) {
      const user = fake.createUser({ login, prime });
      for (const channel of channels) if (channel !== login && !fake.users().some((u) => u.login === channel)) fake.createUser({ login: channel });
      const grant = fake.issueToken({ user: user.id, clientId, scopes });
      const accountId = `acct-${login}`;
      const tokens = await sealTokens(box, {
        accessToken: grant.access_token,
        refreshToken: grant.refresh_token,
        expiresAt: Date.now() + 3600_000,
        scopes,
      });
      await store.persistNow((draft) => {
        draft.accounts.push(
          buildAccount({
            id: accountId,
            login,
            clientId,
            tokens,
            channels: channels.map((c) => ({ login: c, enabled: true })),
            addedAt: Date.now(),
          }),
        );
        const stored = draft.accounts.at(-1);
        if (stored) stored.followLive.enabled = followLive;
      });
      return { accountId, userId: user.id };
    },
    account(accountId) {
      const view = core.snapshot().accounts.find((a) => a.id === accountId);
      if (!view) throw new Error(`no account ${accountId}`);
      return view;
    },
    async waitForAccount(accountId, predicate, message) {
      try {
        await waitFor(() => predicate(harness.account(accountId)), { timeoutMs: 5000 });
      } catch (error) {
        throw new Error(`${message ?? 'account condition'} not met; account is ${JSON.stringify(harness.account(accountId))}`, { cause: error });
      }
      return harness.account(accountId);
    },
    async close() {
      await core.stop({ restoreHome: false });
      await store.stop().catch(() => {});
      await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
