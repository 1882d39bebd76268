import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreApp } from '../../../src-core/app/core-app.js';
import { headlessPlatform } from '../../../src-core/cli/data-dir-session.js';
import { createIpcHandlers, type IpcHandlers } from '../../../src-core/ipc/handlers.js';
import type { CoreEvent } from '../../../src-core/ipc/core-port.js';
import type { AccountView } from '../../../src-core/ipc/snapshot.js';
import { MemoryLogSink, SecretRegistry, createLogger, type LogRecord, type LogSink, type Logger } from '../../../src-core/runtime/logger.js';
import { sealTokens } from '../../../src-core/store/account-secrets.js';
import { createFileBackend } from '../../../src-core/store/file-storage.js';
import { PlainSecretBox } from '../../../src-core/store/plain-secret-box.js';
import { buildAccount, type PersistedFollowLive } from '../../../src-core/store/schema.js';
import type { SecretBox } from '../../../src-core/store/secret-box.js';
import type { StoragePort } from '../../../src-core/store/storage-port.js';
import { StateStore } from '../../../src-core/store/state-store.js';
import { HttpClient, type HttpClientOptions, type HttpRequest, type HttpResponse } from '../../../src-core/twitch/http/http-client.js';
import { startFakeTwitch, type FakeTwitch, type FakeTwitchOptions } from '../../fake-twitch/index.js';
import { ManualClock } from '../../support/manual-clock.js';
import { settleIo, waitFor } from '../../support/wait-for.js';
import { mulberry32 } from './prng.js';
import { SecretLedger } from './secret-ledger.js';

/** The core's HTTP client, recording every secret that crosses it; a hook may fail a call first. */
export class RecordingHttpClient extends HttpClient {
  constructor(
    options: HttpClientOptions,
    readonly ledger: SecretLedger,
    readonly hooks: { beforeSend?: (req: HttpRequest) => void } = {},
  ) {
    super(options);
  }

  /** Calls sent and not answered yet. */
  inFlight = 0;
  /** Calls answered (or failed) so far. */
  settled = 0;

  override async send(req: HttpRequest): Promise<HttpResponse> {
    this.ledger.fromRequest(req);
    this.hooks.beforeSend?.(req);
    this.inFlight += 1;
    try {
      const res = await super.send(req);
      this.ledger.fromResponse(res);
      return res;
    } finally {
      this.inFlight -= 1;
      this.settled += 1;
    }
  }

  /**
   * Waits (real time) until no call is in flight, or until calls stop finishing for
   * `quietMs` (one that hangs on purpose). Simulated time must not pass a call's deadline
   * while its answer is still on the wire.
   */
  async idle(quietMs = 100): Promise<void> {
    let progress = this.settled;
    let since = performance.now();
    while (this.inFlight > 0) {
      if (this.settled !== progress) {
        progress = this.settled;
        since = performance.now();
      } else if (performance.now() - since > quietMs) {
        return;
      }
      await settleIo(1);
    }
  }
}

/** Keeps the newest records, and counts them all (a day-long soak logs a lot). */
export class CountingLogSink implements LogSink {
  readonly memory: MemoryLogSink;
  total = 0;
  constructor(limit = 5_000) {
    this.memory = new MemoryLogSink(limit);
  }
  write(record: LogRecord): void {
    this.total += 1;
    this.memory.write(record);
  }
  get records(): LogRecord[] {
    return this.memory.records;
  }
}

export interface CoreRigOptions {
  fake?: Omit<FakeTwitchOptions, 'clock'>;
  /** Asked of Twitch (10-600); longer keepalives allow bigger clock steps. */
  keepaliveTimeoutSeconds?: number;
  /** Seed of every backoff's jitter. */
  seed?: number;
  coalesceMs?: number;
  /** Wraps the store's file storage (to fail or slow writes). */
  storage?: (real: StoragePort) => StoragePort;
  beforeSend?: (req: HttpRequest) => void;
  /** The core's overall HTTP deadline on the clock (default 20 s); longer allows bigger clock steps. */
  httpTimeoutMs?: number;
  /** Keep every core event and IPC message (fault tests), or only count them (soak). */
  record?: boolean;
  logLimit?: number;
  start?: boolean;
  /** Wraps the headless (plain) secret box, e.g. to make sealing slow like a desktop keyring. */
  box?: (plain: SecretBox) => SecretBox;
}

/**
 * The real core (store on disk, Twitch clients, account runtimes, IPC handlers) against the
 * fake Twitch, both on one ManualClock: simulated time for every timer, real sockets and
 * HTTP underneath. Move time with `advance`/`until`, never in one big jump.
 */
export interface CoreRig {
  clock: ManualClock;
  fake: FakeTwitch;
  core: CoreApp;
  store: StateStore;
  handlers: IpcHandlers;
  http: RecordingHttpClient;
  ledger: SecretLedger;
  secrets: SecretRegistry;
  /** The core's logger (lines land in `logs`, secrets masked). */
  logger: Logger;
  logs: CountingLogSink;
  /** Core events as the core emitted them (when recording). */
  events: CoreEvent[];
  /** Events as the IPC layer forwarded them to a UI (when recording). */
  ipcOut: Array<{ event: string; payload: unknown }>;
  eventCount: number;
  dataDir: string;
  clientId: string;
  box: SecretBox;
  hooks: { beforeSend?: (req: HttpRequest) => void };
  /** Creates the Twitch user (and channels), issues a token and stores the account. `client` defaults to the public one. */
  addAccount(input: {
    login: string;
    prime?: boolean;
    channels: string[];
    resolved?: boolean;
    id?: string;
    client?: { clientId: string; secret?: string | undefined };
    /** What the login was granted (default: the two required scopes, as before issue 18). */
    scopes?: string[];
    followLive?: Partial<PersistedFollowLive>;
  }): Promise<{ accountId: string; userId: string }>;
  account(accountId: string): AccountView;
  /** Advances the clock in steps, letting sockets and HTTP settle after each. */
  advance(ms: number, stepMs?: number): Promise<void>;
  /** Lets sockets settle and waits for the HTTP calls in flight to be answered. */
  settle(): Promise<void>;
  /** Stops the core and its store as a quit does, and starts new ones on the same data dir (same clock, same fake). */
  restart(): Promise<void>;
  /** Advances step by step until `predicate` holds; fails after `maxMs` simulated (or 20 s real). */
  until(predicate: () => boolean, options?: { message?: string; maxMs?: number; stepMs?: number }): Promise<void>;
  close(): Promise<void>;
}

export async function startCoreRig(options: CoreRigOptions = {}): Promise<CoreRig> {
  const clock = new ManualClock();
  const fake = await startFakeTwitch({ ...options.fake, clock, timings: { deviceIntervalSeconds: 1, ...options.fake?.timings } });
  const { clientId } = fake.registerClient({ type: 'public' });
  const dataDir = mkdtempSync(join(tmpdir(), 'tcc-rel-'));
  const logs = new CountingLogSink(options.logLimit);
  const secrets = new SecretRegistry();
  const logger = createLogger(logs, { secrets, now: () => clock.now() });
  const openStore = (): StateStore => {
    const real = createFileBackend(dataDir);
    const opened = new StateStore({ storage: options.storage ? options.storage(real) : real, clock, logger, coalesceMs: options.coalesceMs ?? 50 });
    opened.load();
    return opened;
  };
  const store = openStore();
  store.update((draft) => {
    draft.settings.clientId = clientId;
  });
  const ledger = new SecretLedger();
  const hooks: { beforeSend?: (req: HttpRequest) => void } = { beforeSend: options.beforeSend };
  const http = new RecordingHttpClient({ clock, ...(options.httpTimeoutMs ? { timeoutMs: options.httpTimeoutMs } : {}) }, ledger, hooks);
  const box = options.box ? options.box(new PlainSecretBox()) : new PlainSecretBox();
  const random = mulberry32(options.seed ?? 1).next;
  const openCore = (coreStore: StateStore): CoreApp => new CoreApp({
    store: coreStore,
    box,
    endpoints: { authUrl: fake.urls.auth, apiUrl: fake.urls.api, eventSubUrl: fake.urls.eventsub },
    clock,
    logger,
    secrets,
    version: '0.0.0-reliability',
    paths: { dataDir, logDir: join(dataDir, 'logs') },
    startOnBootSupported: false,
    http,
    random,
    snapshotDelayMs: 5,
    ...(options.keepaliveTimeoutSeconds ? { keepaliveTimeoutSeconds: options.keepaliveTimeoutSeconds } : {}),
  });
  const core = openCore(store);
  const handlers = createIpcHandlers({ core, platform: headlessPlatform, logger, secrets });
  const record = options.record ?? true;
  const rig: CoreRig = {
    clock,
    fake,
    core,
    store,
    handlers,
    http,
    ledger,
    secrets,
    logger,
    logs,
    events: [],
    ipcOut: [],
    eventCount: 0,
    dataDir,
    clientId,
    box,
    hooks,
    async addAccount({ login, prime = false, channels, resolved = false, id, client, scopes, followLive }) {
      const user = fake.users().find((u) => u.login === login) ?? fake.createUser({ login, prime });
      const ids = new Map<string, string>();
      for (const channel of channels) {
        const known = fake.users().find((u) => u.login === channel) ?? fake.createUser({ login: channel });
        ids.set(channel, known.id);
      }
      const accountClientId = client?.clientId ?? clientId;
      const grant = fake.issueToken({ user: user.id, clientId: accountClientId, ...(scopes ? { scopes } : {}) });
      ledger.add(grant.access_token);
      ledger.add(grant.refresh_token);
      ledger.add(client?.secret);
      const accountId = id ?? `acct-${login}`;
      const tokens = await sealTokens(box, {
        accessToken: grant.access_token,
        refreshToken: grant.refresh_token,
        expiresAt: clock.now() + grant.expires_in * 1000,
        scopes: scopes ?? ['user:read:chat', 'user:manage:chat_color'],
      });
      const clientSecret = client?.secret ? await box.seal(client.secret) : undefined;
      await store.persistNow((draft) => {
        draft.accounts.push(
          buildAccount({
            id: accountId,
            login,
            clientId: accountClientId,
            ...(clientSecret ? { clientSecret } : {}),
            tokens,
            channels: channels.map((c) => ({ login: c, enabled: true, ...(resolved ? { id: ids.get(c) } : {}) })),
            ...(followLive ? { followLive } : {}),
            addedAt: clock.now(),
          }),
        );
      });
      return { accountId, userId: user.id };
    },
    account(accountId) {
      const view = rig.core.snapshot().accounts.find((a) => a.id === accountId);
      if (!view) throw new Error(`no account ${accountId}`);
      return view;
    },
    async advance(ms, stepMs = 1_000) {
      for (let done = 0; done < ms; done += stepMs) {
        await clock.advance(Math.min(stepMs, ms - done));
        await rig.settle();
      }
    },
    async settle() {
      await settleIo(2);
      await http.idle();
    },
    async until(predicate, { message = 'condition', maxMs = 120_000, stepMs = 500 } = {}) {
      const started = clock.now();
      const realDeadline = performance.now() + 20_000;
      for (;;) {
        // Real I/O first: a socket frame or HTTP answer may be all that is missing.
        try {
          await waitFor(predicate, { timeoutMs: 30, intervalMs: 3 });
          return;
        } catch {
          // not yet
        }
        if (clock.now() - started >= maxMs || performance.now() > realDeadline) {
          throw new Error(`${message} not reached after ${clock.now() - started} ms simulated`);
        }
        await clock.advance(stepMs);
        await http.idle();
      }
    },
    async restart() {
      await rig.core.stop({ restoreHome: false });
      await rig.store.stop();
      rig.store = openStore();
      rig.core = openCore(rig.store);
      rig.handlers = createIpcHandlers({ core: rig.core, platform: headlessPlatform, logger, secrets });
      rig.core.start();
    },
    async close() {
      await rig.core.stop({ restoreHome: false }).catch(() => {});
      await rig.store.stop().catch(() => {});
      await http.close();
      await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  core.subscribe((event) => {
    rig.eventCount += 1;
    if (record) rig.events.push(event);
  });
  handlers.forwardEvents((event, payload) => {
    if (record) rig.ipcOut.push({ event, payload });
  });
  if (options.start !== false) core.start();
  return rig;
}

/** Subscriptions the fake holds as enabled for a broadcaster. */
export function enabledSubscriptions(fake: FakeTwitch, broadcasterUserId?: string): number {
  return fake.subscriptions().filter((s) => s.status === 'enabled' && (broadcasterUserId === undefined || s.broadcasterUserId === broadcasterUserId)).length;
}

export function isLive(view: AccountView): boolean {
  return view.state === 'active' && view.channels.length > 0 && view.channels.every((c) => c.subscription === 'live' || c.subscription === 'off');
}
