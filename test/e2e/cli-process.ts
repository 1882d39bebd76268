import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built CLI; `npm test` builds first, a manual run needs `npx tsc -b src-core test/fake-twitch`. */
export const CLI_PATH = fileURLToPath(new URL('../../out/cli/main.js', import.meta.url));

export function assertCliBuilt(): void {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` before the end-to-end tests`);
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Every byte any CLI process wrote, so a test can prove no secret ever left (R34). */
export class OutputRecorder {
  readonly #chunks: string[] = [];

  add(chunk: string): void {
    this.#chunks.push(chunk);
  }

  get text(): string {
    return this.#chunks.join('');
  }
}

/** One spawned `twitch-colorchanger` process, with its output collected as it arrives. */
export class CliProcess {
  readonly child: ChildProcess;
  readonly args: readonly string[];
  readonly exited: Promise<CliResult>;
  stdout = '';
  stderr = '';
  #result: CliResult | undefined;

  /** `cliPath`: another build of the CLI (e.g. one with a built-in client ID). */
  constructor(args: readonly string[], env: NodeJS.ProcessEnv, recorder: OutputRecorder, cliPath = CLI_PATH) {
    this.args = args;
    this.child = spawn(process.execPath, [cliPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
      recorder.add(chunk);
    });
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
      recorder.add(chunk);
    });
    this.exited = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      // 'close' (not 'exit'): both pipes are drained, so stdout/stderr are complete.
      this.child.once('close', (code, signal) => {
        this.#result = { code, signal, stdout: this.stdout, stderr: this.stderr };
        resolve(this.#result);
      });
    });
  }

  get running(): boolean {
    return this.#result === undefined;
  }

  /** Waits until stdout matches; fails early (with the output) if the process exits first. */
  waitForStdout(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpExecArray> {
    return this.#waitForOutput(() => this.stdout, pattern, timeoutMs);
  }

  waitForStderr(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpExecArray> {
    return this.#waitForOutput(() => this.stderr, pattern, timeoutMs);
  }

  /** Sends `signal` and resolves with the result and how long the process took to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<CliResult & { ms: number }> {
    const started = performance.now();
    if (this.running) this.child.kill(signal);
    const result = await this.exited;
    return { ...result, ms: performance.now() - started };
  }

  describe(): string {
    return `twitch-colorchanger ${this.args.join(' ')}\n--- stdout ---\n${this.stdout}\n--- stderr ---\n${this.stderr}`;
  }

  async #waitForOutput(read: () => string, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(read());
      if (match) return match;
      if (!this.running) throw new Error(`The process exited before printing ${pattern}\n${this.describe()}`);
      if (performance.now() > deadline) throw new Error(`No ${pattern} within ${timeoutMs} ms\n${this.describe()}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/**
 * Caps how many short-lived commands start at once across concurrent tests: every start
 * costs about half a CPU second, and a burst on a shared 2-core machine would starve the
 * long-running `run` processes the tests are waiting on.
 */
export class StartLimiter {
  #active = 0;
  readonly #queue: Array<() => void> = [];

  constructor(readonly max: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#active >= this.max) await new Promise<void>((resolve) => this.#queue.push(resolve));
    this.#active += 1;
    try {
      return await work();
    } finally {
      this.#active -= 1;
      this.#queue.shift()?.();
    }
  }
}

export const commandLimiter = new StartLimiter(3);
