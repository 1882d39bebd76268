import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ControlClient } from '../../src-core/app/control-channel.js';
import { controlSocketPath } from '../../src-core/app/instance-lock.js';
import type { AppSnapshot } from '../../src-core/ipc/snapshot.js';
import { buildAccount, persistedStateSchema, STORE_VERSION, type PersistedState } from '../../src-core/store/schema.js';
import { startFakeTwitch, type FakeTwitch, type FakeTwitchTimings, type FakeUser } from '../fake-twitch/index.js';
import { waitFor } from '../support/wait-for.js';
import { assertCliBuilt, CliProcess, commandLimiter, OutputRecorder, type CliResult } from './cli-process.js';

/** The `status --json` contract of issue 6 (more fields are allowed). */
export const statusSchema = z.object({
  accounts: z.array(
    z.object({
      login: z.string(),
      userId: z.string().nullable(),
      enabled: z.boolean(),
      prime: z.enum(['yes', 'no', 'unknown']),
      state: z.enum(['needs_login', 'authorizing', 'starting', 'active', 'paused', 'degraded', 'stopped']),
      reason: z.string().nullable(),
      channels: z.array(z.object({ login: z.string(), enabled: z.boolean() }).loose()),
    }).loose(),
  ),
}).loose();
export type StatusJson = z.infer<typeof statusSchema>;

/** One line of `--log-format json`. */
export const jsonLogLineSchema = z.object({
  time: z.iso.datetime(),
  level: z.enum(['debug', 'info', 'warn', 'error']),
  account: z.string().nullable(),
  event: z.string().min(1),
  message: z.string(),
}).loose();

/**
 * The fake Twitch on 127.0.0.1 plus helpers to spawn the built CLI against it in
 * throw-away data dirs. Everything the processes print is recorded for the R34 check;
 * every token the fake issued to us or that a store holds is remembered as a secret.
 */
export class E2e {
  readonly fake: FakeTwitch;
  readonly clientId: string;
  readonly output = new OutputRecorder();
  readonly #root: string;
  readonly #dataDirs: string[] = [];
  readonly #processes: CliProcess[] = [];
  readonly #secrets = new Set<string>();
  readonly env: NodeJS.ProcessEnv;

  private constructor(fake: FakeTwitch, clientId: string, root: string) {
    this.fake = fake;
    this.clientId = clientId;
    this.#root = root;
    const { NODE_OPTIONS: _options, TWITCH_CLIENT_SECRET: _secret, TWITCH_COLORCHANGER_DEBUG: _debug, ...inherited } = process.env;
    this.env = {
      ...inherited,
      TWITCH_AUTH_URL: fake.urls.auth,
      TWITCH_API_URL: fake.urls.api,
      TWITCH_EVENTSUB_URL: fake.urls.eventsub,
      // The default data dir must never be the real one of whoever runs the tests.
      XDG_CONFIG_HOME: join(root, 'xdg'),
      // Debug lines too: more output for the secret check to look at.
      TWITCH_COLORCHANGER_DEBUG: '1',
    };
  }

  static async start(timings: Partial<FakeTwitchTimings> = {}): Promise<E2e> {
    assertCliBuilt();
    const fake = await startFakeTwitch({ timings: { deviceIntervalSeconds: 0.05, ...timings } });
    const { clientId } = fake.registerClient({ type: 'public' });
    return new E2e(fake, clientId, mkdtempSync(join(tmpdir(), 'tcc-e2e-')));
  }

  newDataDir(): string {
    const dir = mkdtempSync(join(this.#root, 'data-'));
    this.#dataDirs.push(dir);
    return dir;
  }

  /** A scratch folder for files a test writes (legacy configs). */
  scratchDir(): string {
    return mkdtempSync(join(this.#root, 'scratch-'));
  }

  /** Starts `twitch-colorchanger ARGS --data-dir DIR` and returns at once. */
  spawn(dataDir: string | undefined, args: readonly string[], env: NodeJS.ProcessEnv = {}, cliPath?: string): CliProcess {
    const full = dataDir === undefined ? args : [...args, '--data-dir', dataDir];
    const process = new CliProcess(full, { ...this.env, ...env }, this.output, cliPath);
    this.#processes.push(process);
    return process;
  }

  /** Runs a command to its end. */
  cli(dataDir: string | undefined, ...args: string[]): Promise<CliResult> {
    return commandLimiter.run(() => this.spawn(dataDir, args).exited);
  }

  /** Runs a command that must succeed and returns its stdout. */
  async ok(dataDir: string, ...args: string[]): Promise<string> {
    const result = await this.cli(dataDir, ...args);
    if (result.code !== 0) throw new Error(`twitch-colorchanger ${args.join(' ')} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
  }

  async status(dataDir: string): Promise<StatusJson> {
    return statusSchema.parse(JSON.parse(await this.ok(dataDir, 'status', '--json')));
  }

  /** `run` until its account(s) serve chat: the fake holds an enabled subscription per enabled channel. */
  async startRun(dataDir: string, args: readonly string[] = []): Promise<CliProcess> {
    const run = this.spawn(dataDir, ['run', ...args]);
    await run.waitForStderr(/run\.started|Running \d+ account/, 15_000);
    return run;
  }

  /** Creates a Twitch user and stores it as an account of `dataDir`, with tokens issued by the fake. */
  seedAccount(dataDir: string, input: { login: string; prime?: boolean; channels?: string[]; enabled?: boolean; scopes?: string[] }): FakeUser {
    const user = this.fake.users().find((u) => u.login === input.login) ?? this.fake.createUser({ login: input.login, prime: input.prime ?? false });
    const channels = input.channels ?? [input.login];
    for (const channel of channels) this.ensureUser(channel);
    const grant = this.fake.issueToken({ user: user.id, clientId: this.clientId, ...(input.scopes ? { scopes: input.scopes } : {}) });
    this.#secrets.add(grant.access_token).add(grant.refresh_token);
    const state = this.#readState(dataDir) ?? persistedStateSchema.parse({ version: STORE_VERSION, settings: { clientId: this.clientId } });
    state.accounts.push(
      buildAccount({
        id: `acct-${input.login}`,
        login: input.login,
        clientId: this.clientId,
        enabled: input.enabled ?? true,
        tokens: {
          accessToken: { scheme: 'plain', value: grant.access_token },
          refreshToken: { scheme: 'plain', value: grant.refresh_token },
          expiresAt: Date.now() + grant.expires_in * 1000,
          scopes: grant.scope,
        },
        channels: channels.map((login) => ({ login, enabled: true })),
        addedAt: Date.now(),
      }),
    );
    writeFileSync(join(dataDir, 'config.json'), `${JSON.stringify(persistedStateSchema.parse(state), undefined, 2)}\n`, { mode: 0o600 });
    return user;
  }

  ensureUser(login: string): FakeUser {
    return this.fake.users().find((u) => u.login === login) ?? this.fake.createUser({ login });
  }

  /** A token grant the test itself will hand to the CLI (e.g. in a legacy file): remembered as a secret. */
  issueToken(login: string): { accessToken: string; refreshToken: string } {
    const grant = this.fake.issueToken({ user: login, clientId: this.clientId });
    this.#secrets.add(grant.access_token).add(grant.refresh_token);
    return { accessToken: grant.access_token, refreshToken: grant.refresh_token };
  }

  /** The store as on disk (validated), remembering its secrets; undefined when there is none. */
  storedState(dataDir: string): PersistedState | undefined {
    return this.#readState(dataDir);
  }

  storedRefreshToken(dataDir: string, login: string): string | undefined {
    const sealed = this.#readState(dataDir)?.accounts.find((a) => a.login === login)?.tokens?.refreshToken;
    return sealed?.scheme === 'plain' ? sealed.value : undefined;
  }

  /** The running process's view over its control socket: for waiting, not for asserting what a user sees. */
  async snapshot(dataDir: string): Promise<AppSnapshot> {
    const client = await ControlClient.connect(controlSocketPath(dataDir), 2000);
    try {
      const result = await client.request('app:snapshot', {}, 2000);
      if (!result.ok) throw new Error(result.error.message);
      return result.data as AppSnapshot;
    } finally {
      client.close();
    }
  }

  /** Polls the running process until its snapshot satisfies `predicate`. */
  async waitForSnapshot(dataDir: string, predicate: (snapshot: AppSnapshot) => boolean, message: string, timeoutMs = 10_000): Promise<AppSnapshot> {
    let last: AppSnapshot | undefined;
    try {
      return await waitFor(
        async () => {
          last = await this.snapshot(dataDir);
          return predicate(last) ? last : undefined;
        },
        { timeoutMs, intervalMs: 20, message },
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; last snapshot: ${JSON.stringify(last?.accounts)}`, { cause: error });
    }
  }

  /** Enabled subscriptions at the fake for `userId`, by broadcaster login. */
  liveChannels(userId: string): string[] {
    return this.fake
      .subscriptions()
      .filter((s) => s.userId === userId && s.status === 'enabled')
      .map((s) => this.fake.user(s.broadcasterUserId).login)
      .sort();
  }

  /** Every secret seen so far: issued by the fake to the test, or found in any store. */
  secrets(): string[] {
    for (const dir of this.#dataDirs) this.#readState(dir);
    return [...this.#secrets];
  }

  /**
   * Throws if any byte a CLI process printed holds a secret (R34): every token the test
   * knows of, and anything shaped like one of the fake's tokens (30 or 50 lower-case
   * alphanumerics, as Twitch's) or device codes (40 base64url characters), which catches
   * tokens issued by refreshes the test never saw. The client id has the token shape and is
   * not a secret.
   */
  assertNoSecretInOutput(): void {
    const text = this.output.text;
    for (const secret of this.secrets()) {
      if (text.includes(secret)) throw new Error(`A secret (${secret.slice(0, 4)}...) appeared in CLI output`);
    }
    const shaped = /(?<![a-z0-9])(?:[a-z0-9]{30}|[a-z0-9]{50})(?![a-z0-9])|(?<![\w-])[\w-]{40}(?![\w-])/g;
    const suspects = [...text.matchAll(shaped)].map((m) => m[0]).filter((word) => word !== this.clientId);
    if (suspects.length > 0) throw new Error(`Token-shaped text appeared in CLI output: ${suspects.map((s) => `${s.slice(0, 4)}...`).join(', ')}`);
  }

  async close(): Promise<void> {
    await Promise.all(this.#processes.filter((p) => p.running).map((p) => p.stop('SIGKILL')));
    await this.fake.close();
    rmSync(this.#root, { recursive: true, force: true });
  }

  #readState(dataDir: string): PersistedState | undefined {
    let text: string;
    try {
      text = readFileSync(join(dataDir, 'config.json'), 'utf8');
    } catch {
      return undefined;
    }
    let state: PersistedState;
    try {
      state = persistedStateSchema.parse(JSON.parse(text));
    } catch {
      // Corrupt or from the future (the tests write such files on purpose).
      return undefined;
    }
    for (const account of state.accounts) {
      for (const sealed of [account.tokens?.accessToken, account.tokens?.refreshToken, account.clientSecret]) {
        if (sealed?.scheme === 'plain') this.#secrets.add(sealed.value);
      }
    }
    return state;
  }
}
