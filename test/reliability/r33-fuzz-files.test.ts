import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseArgv, UsageError } from '../../src-core/cli/argv.js';
import { ColorChangerError } from '../../src-core/runtime/errors.js';
import { MemoryLogSink, createLogger } from '../../src-core/runtime/logger.js';
import { createFileBackend } from '../../src-core/store/file-storage.js';
import { UnsupportedStoreVersionError } from '../../src-core/store/migrations.js';
import { buildAccount, defaultState, persistedStateSchema } from '../../src-core/store/schema.js';
import { StateStore } from '../../src-core/store/state-store.js';
import { StoreUnavailableError } from '../../src-core/store/store-errors.js';
import { ManualClock } from '../support/manual-clock.js';
import { startCoreRig, type CoreRig } from './support/core-rig.js';
import { brokenText, mutateJson, randomJson, randomString } from './support/fuzz-gen.js';
import { mulberry32, seedFromEnv, type Prng } from './support/prng.js';

const SEED = seedFromEnv(0xf11e5);
/** The built CLI (`npx tsc -b`; `npm test` builds first). */
const CLI_PATH = process.env.TCC_CLI_PATH ?? fileURLToPath(new URL('../../out/cli/main.js', import.meta.url));
let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
beforeAll(() => process.on('unhandledRejection', onUnhandled));
afterAll(() => process.off('unhandledRejection', onUnhandled));

const dirs: string[] = [];
let rig: CoreRig | undefined;
afterEach(async () => {
  expect(unhandled, `unhandled rejections (seed ${SEED})`).toEqual([]);
  unhandled = [];
  await rig?.close();
  rig = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tcc-fuzz-'));
  dirs.push(dir);
  return dir;
}

function validStore(): Record<string, unknown> {
  const state = defaultState();
  state.settings.clientId = 'abcdefghijklmnopqrstuvwxyz0123';
  state.accounts.push(
    buildAccount({
      id: 'acct-1',
      userId: '1001',
      login: 'alice',
      clientId: 'abcdefghijklmnopqrstuvwxyz0123',
      tokens: { accessToken: { scheme: 'plain', value: 'a'.repeat(30) }, refreshToken: { scheme: 'plain', value: 'r'.repeat(50) }, expiresAt: 0, scopes: [] },
      channels: [{ login: 'alice', id: '1001', enabled: true }, { login: 'bob', enabled: false }],
      recentColors: [{ color: '#112233', at: 1 }],
      addedAt: 1,
    }),
  );
  return JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
}

function hostileStoreFile(prng: Prng): Buffer {
  const valid = validStore();
  switch (prng.int(7)) {
    case 0:
      return prng.bytes(prng.between(0, 400));
    case 1:
      return Buffer.from(brokenText(prng, JSON.stringify(valid, null, 2)));
    case 2:
    case 3:
      return Buffer.from(JSON.stringify(mutateJson(prng, valid, 1 + prng.int(4))));
    case 4:
      return Buffer.from(JSON.stringify(randomJson(prng)));
    case 5:
      return Buffer.from(JSON.stringify({ ...valid, version: prng.pick([0, 2, 99, -1, '1', null, 1.5]) }));
    default:
      return Buffer.from(JSON.stringify({ users: [{ username: 'old_bot_user' }] }));
  }
}

describe('R33 fuzz: bad files and arguments', () => {
  it(`R33 300 corrupt, truncated and near-valid store files: each loads, or is kept aside byte for byte, or is refused untouched (seed ${SEED})`, async () => {
    const prng = mulberry32(SEED);
    const outcomes: Record<string, number> = {};
    for (let i = 0; i < 300; i += 1) {
      const dir = tempDir();
      const file = join(dir, 'config.json');
      const bytes = hostileStoreFile(prng);
      writeFileSync(file, bytes, { mode: 0o600 });
      const clock = new ManualClock();
      const sink = new MemoryLogSink();
      const store = new StateStore({ storage: createFileBackend(dir), clock, logger: createLogger(sink), coalesceMs: 1 });
      let outcome: string;
      try {
        const report = store.load();
        outcome = report.outcome;
        expect(persistedStateSchema.safeParse(store.get()).success).toBe(true);
        if (report.outcome === 'recovered') {
          // Nothing lost: the bad file is kept aside exactly as it was, and the user is told.
          expect(readFileSync(report.movedTo).equals(bytes), `#${i} moved aside unchanged`).toBe(true);
          expect(report.message.length).toBeGreaterThan(20);
          expect(sink.records.some((r) => r.event === 'store.recovered' && r.level === 'error')).toBe(true);
        }
        // The store works afterwards, and writing never touches the kept file.
        await store.persistNow((draft) => {
          draft.settings.pauseAll = true;
        });
        expect((JSON.parse(readFileSync(file, 'utf8')) as { settings: { pauseAll: boolean } }).settings.pauseAll).toBe(true);
        if (report.outcome === 'recovered') expect(readFileSync(report.movedTo).equals(bytes)).toBe(true);
      } catch (error) {
        outcome = error instanceof Error ? error.name : 'thrown';
        // Only a newer format is refused, and then the file is left exactly as it was.
        expect(error instanceof UnsupportedStoreVersionError || error instanceof StoreUnavailableError, `#${i}: ${String(error)}`).toBe(true);
        expect((error as Error).message.length).toBeGreaterThan(20);
        expect(readFileSync(file).equals(bytes), `#${i} refused file untouched`).toBe(true);
      } finally {
        await store.stop().catch(() => {});
      }
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      // No temp file of an atomic write is ever left behind.
      expect(readdirSync(dir).filter((name) => name.includes('.tmp-'))).toEqual([]);
    }
    expect(outcomes.recovered).toBeGreaterThan(50);
    expect(outcomes.loaded).toBeGreaterThan(20);
  });

  it(`R33 1000 hostile legacy files: each imports or is refused with a clear error, and no stored account is lost (seed ${SEED})`, async () => {
    const prng = mulberry32(SEED + 1);
    const r = await startCoreRig({ start: false });
    rig = r;
    await r.addAccount({ login: 'alice', channels: ['alice'] });
    const legacy = {
      users: [
        { username: 'olduser', client_id: 'abcdefghijklmnopqrstuvwxyz0123', client_secret: 's'.repeat(30), channels: ['olduser', '#Other'], is_prime_or_turbo: true, enabled: true, access_token: 't'.repeat(30), refresh_token: 'u'.repeat(50) },
        { username: 'second', channels: 'a, b', enabled: null },
      ],
    };
    let imported = 0;
    for (let i = 0; i < 1000; i += 1) {
      const roll = prng.int(4);
      const contents =
        roll === 0 ? brokenText(prng, JSON.stringify(legacy)) : roll === 1 ? JSON.stringify(randomJson(prng)) : roll === 2 ? JSON.stringify(mutateJson(prng, legacy, 2)) : randomString(prng);
      const before = r.store.get().accounts.map((a) => a.id);
      const beforeText = JSON.stringify(r.store.get());
      try {
        const report = await r.core.importLegacy(contents);
        imported += report.imported.length + report.updated.length;
        for (const entry of report.skipped) expect(entry.reason.length).toBeGreaterThan(5);
      } catch (error) {
        expect(error, `#${i}`).toBeInstanceOf(ColorChangerError);
        expect((error as ColorChangerError).code, `#${i} ${String(error)}`).toBe('invalid_request');
        expect(JSON.stringify(r.store.get()), `#${i} a refused import changed nothing`).toBe(beforeText);
      }
      const after = new Set(r.store.get().accounts.map((a) => a.id));
      expect(before.every((id) => after.has(id)), `#${i} lost an account`).toBe(true);
    }
    expect(imported).toBeGreaterThan(0);
  });

  it(`R33 5000 random command lines: parsed or refused with a usage error, nothing else (seed ${SEED})`, () => {
    const prng = mulberry32(SEED + 2);
    for (let i = 0; i < 5000; i += 1) {
      const argv = randomArgv(prng);
      try {
        const parsed = parseArgv(argv);
        expect(typeof parsed.command).toBe('string');
      } catch (error) {
        expect(error, `${JSON.stringify(argv)}: ${String(error)}`).toBeInstanceOf(UsageError);
        expect((error as Error).message.length).toBeGreaterThan(5);
      }
    }
  });

  it(`R33 the built CLI given 14 random command lines: exit 0, 1 or 2 with one clear line, never a crash or a stack (seed ${SEED})`, async () => {
    if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npx tsc -b\` first`);
    const prng = mulberry32(SEED + 3);
    const home = tempDir();
    const dataDir = join(home, 'data');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify(validStore()), { mode: 0o600 });
    const keptStore = readFileSync(join(dataDir, 'config.json'));
    const runs = Array.from({ length: 14 }, () => [...randomArgv(prng).filter((a) => a !== 'run' && !a.startsWith('--data-dir')), '--data-dir', dataDir]);
    const results = await Promise.all(runs.map((argv) => runCli(argv, home)));
    results.forEach((result, i) => {
      const context = `${JSON.stringify(runs[i])}\nexit ${result.code}\n${result.stderr}`;
      expect([0, 1, 2], context).toContain(result.code);
      expect(result.stderr, context).not.toMatch(/\n\s+at |Unhandled|TypeError|SyntaxError/);
      if (result.code !== 0) expect(result.stderr, context).toMatch(/^twitch-colorchanger: \S/);
    });
    // The store may have been edited by a valid command, but it is never corrupted.
    const text = readFileSync(join(dataDir, 'config.json'), 'utf8');
    expect(persistedStateSchema.safeParse(JSON.parse(text)).success, text.slice(0, 200)).toBe(true);
    expect(keptStore.length).toBeGreaterThan(0);
  });
});

const COMMANDS = ['status', 'accounts', 'channels', 'mode', 'pause', 'resume', 'import-legacy', 'login', 'help', 'list', 'remove', 'enable', 'disable', 'add'];
const FLAGS = ['--json', '--help', '--log-format', '--ui-port', '--client-id', '--channels', '--account', '--data-dir', '--', '--unknown', '-x', '--json=1', '--account=alice'];

function randomArgv(prng: Prng): string[] {
  const argv: string[] = [];
  for (let n = prng.int(6); n >= 0; n -= 1) {
    const roll = prng.int(4);
    if (roll === 0) argv.push(prng.pick(COMMANDS));
    else if (roll === 1) argv.push(prng.pick(FLAGS));
    else if (roll === 2) argv.push(prng.pick(['alice', 'bob', '#Caps', 'random', 'palette', 'red', '#ff0000', 'text', 'json', '0', '65536', 'x'.repeat(40)]));
    else argv.push(randomString(prng).split('\u0000').join(''));
  }
  return argv;
}

function runCli(argv: string[], home: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const closed = 'http://127.0.0.1:9';
    const child = spawn(process.execPath, [CLI_PATH, ...argv], {
      env: { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), TWITCH_AUTH_URL: `${closed}/oauth2`, TWITCH_API_URL: `${closed}/helix`, TWITCH_EVENTSUB_URL: 'ws://127.0.0.1:9/ws' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}
