/**
 * `npm run demo`: Twitch ColorChanger at work without a Twitch account. Starts the fake
 * Twitch (test/fake-twitch) with a Turbo/Prime demo user, stores that user as an account in
 * a temporary data dir, runs the built headless CLI (`twitch-colorchanger run`) against it,
 * plays a simulated chat, and prints every color change Twitch receives with a swatch under
 * the message that caused it. Ctrl+C stops the CLI, the fake Twitch, and removes the folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isAbortError, sleep } from '../../src-core/runtime/abort.js';
import { systemClock } from '../../src-core/runtime/clock.js';
import { describeError } from '../../src-core/runtime/errors.js';
import { buildAccount, persistedStateSchema, STORE_VERSION } from '../../src-core/store/schema.js';
import { startFakeTwitch, type ColorChange, type FakeTwitch } from '../fake-twitch/index.js';
import { CHAT_SCRIPT, CHATTERS, DEMO_CHANNEL, DEMO_LOGIN } from './chat-script.js';
import { createRenderer } from './render.js';

const CLI = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const BEAT_MS = 1000;
const CHANGE_WAIT_MS = 5000;
const NO_CHANGE_WAIT_MS = 700;
const STOP_BUDGET_MS = 6000;

/** The CLI's `--log-format json` lines; only a few events are worth showing in the demo. */
const logLineSchema = z.object({ level: z.string(), event: z.string(), message: z.string() });
const SHOWN_EVENTS = new Set(['run.started', 'eventsub.welcomed', 'color.prime_detected', 'run.stopping']);

const out = (line: string): void => void process.stdout.write(`${line}\n`);
const render = createRenderer(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);

function seedAccount(fake: FakeTwitch, dataDir: string, clientId: string): void {
  const grant = fake.issueToken({ user: DEMO_LOGIN, clientId });
  const state = persistedStateSchema.parse({
    version: STORE_VERSION,
    settings: { clientId },
    accounts: [
      buildAccount({
        id: 'demo-account',
        login: DEMO_LOGIN,
        displayName: 'Demo',
        clientId,
        tokens: {
          accessToken: { scheme: 'plain', value: grant.access_token },
          refreshToken: { scheme: 'plain', value: grant.refresh_token },
          expiresAt: Date.now() + grant.expires_in * 1000,
          scopes: grant.scope,
        },
        channels: [{ login: DEMO_CHANNEL, enabled: true }],
        addedAt: Date.now(),
      }),
    ],
  });
  writeFileSync(join(dataDir, 'config.json'), `${JSON.stringify(state, undefined, 2)}\n`, { mode: 0o600 });
}

function startCli(fake: FakeTwitch, dataDir: string, onExit: (code: number | null) => void): ChildProcess {
  // Its own process group: Ctrl+C reaches only the demo, which then stops the CLI once, cleanly.
  const child = spawn(process.execPath, [CLI, 'run', '--data-dir', dataDir, '--log-format', 'json'], {
    env: { ...process.env, TWITCH_AUTH_URL: fake.urls.auth, TWITCH_API_URL: fake.urls.api, TWITCH_EVENTSUB_URL: fake.urls.eventsub },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  child.once('exit', onExit);
  if (child.stderr) {
    createInterface({ input: child.stderr }).on('line', (line) => {
      let parsed: z.infer<typeof logLineSchema>;
      try {
        parsed = logLineSchema.parse(JSON.parse(line));
      } catch {
        out(render.info(line));
        return;
      }
      if (SHOWN_EVENTS.has(parsed.event) || parsed.level === 'warn' || parsed.level === 'error') out(render.info(`twitch-colorchanger: ${parsed.message}`));
    });
  }
  return child;
}

async function stopCli(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_BUDGET_MS);
  await exited;
  clearTimeout(timer);
}

async function until<T>(read: () => T | undefined, timeoutMs: number, signal: AbortSignal): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined || Date.now() >= deadline) return value;
    await sleep(systemClock, 20, signal);
  }
}

async function playChat(fake: FakeTwitch, userId: string, signal: AbortSignal): Promise<never> {
  let switchedOff = false;
  for (let i = 0; ; i = (i + 1) % CHAT_SCRIPT.length) {
    const line = CHAT_SCRIPT[i];
    if (!line) continue;
    const seen = fake.log.colorChanges(userId).length;
    const nameHex = line.chatter === DEMO_LOGIN ? fake.user(userId).color || undefined : CHATTERS[line.chatter];
    fake.say({ channel: DEMO_CHANNEL, chatter: line.chatter, text: line.text });
    out(render.chat(Date.now(), line.chatter, nameHex, line.text));
    if (line.note) out(render.note(line.note));
    if (line.chatter === DEMO_LOGIN) {
      if (line.text === 'ccd') switchedOff = true;
      if (line.text === 'cce') switchedOff = false;
      const change: ColorChange | undefined = await until(() => fake.log.colorChanges(userId)[seen], line.changes ? CHANGE_WAIT_MS : NO_CHANGE_WAIT_MS, signal);
      if (change) out(render.change(change.color, change.hex));
      else if (line.changes) out(render.kept(`Twitch saw no change within ${CHANGE_WAIT_MS / 1000} s`));
      else if (switchedOff && line.text !== 'ccd') out(render.kept('automatic changes are off until cce'));
    }
    await sleep(systemClock, BEAT_MS, signal);
  }
}

async function main(): Promise<number> {
  const controller = new AbortController();
  let failure: string | undefined;
  let child: ChildProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'twitch-colorchanger-demo-'));
  const stop = (): void => {
    if (!controller.signal.aborted) {
      controller.abort();
      return;
    }
    // A second Ctrl+C while stopping: give up waiting.
    child?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(130);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);

  const fake = await startFakeTwitch();
  try {
    const { clientId } = fake.registerClient({ type: 'public' });
    const user = fake.createUser({ login: DEMO_LOGIN, displayName: 'Demo', prime: true });
    fake.createUser({ login: DEMO_CHANNEL, displayName: 'DemoChannel' });
    for (const [login, color] of Object.entries(CHATTERS)) fake.createUser({ login, color });
    seedAccount(fake, dataDir, clientId);

    out('Twitch ColorChanger demo');
    out(render.info(`a fake Twitch runs on ${new URL(fake.urls.api).host}; "${DEMO_LOGIN}" has Turbo/Prime, so any hex color works`));
    out(render.info(`twitch-colorchanger run --data-dir ${dataDir} serves it in #${DEMO_CHANNEL}`));
    out(render.info('Ctrl+C ends the demo'));
    out('');

    child = startCli(fake, dataDir, (code) => {
      if (controller.signal.aborted) return;
      failure = `twitch-colorchanger run exited unexpectedly (code ${code})`;
      controller.abort();
    });
    const serving = await until(() => fake.subscriptions().find((s) => s.userId === user.id && s.status === 'enabled'), 20_000, controller.signal);
    if (!serving) throw new Error('twitch-colorchanger run did not connect to the fake Twitch within 20 s');
    out('');
    await playChat(fake, user.id, controller.signal);
  } catch (error) {
    if (!isAbortError(error)) failure = describeError(error);
  } finally {
    out('');
    out(render.info('stopping...'));
    await stopCli(child);
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (failure) {
    process.stderr.write(`demo: ${failure}\n`);
    return 1;
  }
  out(render.info('demo stopped; the temporary data folder was removed'));
  return 0;
}

process.exitCode = await main();
