import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MEMORY_LINE_PREFIX } from '../memory-probe-cli.js';
import { cpuMs, cpuTimes, rssMb } from './proc.js';
import type { World } from './world.js';

const CLI = fileURLToPath(new URL('../../../cli/main.js', import.meta.url));
const PROBE_CLI = fileURLToPath(new URL('../memory-probe-cli.js', import.meta.url));

export interface HeapUsage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  gc: boolean;
  /** V8's own view: committed and physical bytes per heap space, and its malloc. */
  v8?: {
    totalPhysical: number;
    malloced: number;
    peakMalloced: number;
    spaces: Record<string, { committed: number; physical: number; used: number }>;
  };
}

export interface AppOptions {
  /** Start the memory-probe entry (same CLI, plus the SIGUSR2 heap probe) with --expose-gc. */
  memoryProbe?: boolean;
  /** Extra node flags, e.g. --cpu-prof when BENCH_CPU_PROF is set. */
  nodeFlags?: string[];
  /**
   * Another program on the world's data dir instead of the CLI, with --expose-gc: node's
   * arguments after the flags (the Electron main process under the fake, test/bench/desktop-main-probe.ts).
   * It must print BENCH_MEMORY lines on SIGUSR2 and stop on SIGTERM.
   */
  program?: (world: World) => string[];
}

/**
 * The headless app as a user runs it: `node out/cli/main.js run --data-dir DIR`,
 * pointed at the fake Twitch through TWITCH_*_URL. Logs (JSON) are counted by level, and
 * warnings and errors kept, so a run that went wrong cannot pass for a fast one.
 */
export class AppProcess {
  readonly child: ChildProcess;
  readonly startedAt: number;
  readonly logCounts: Record<string, number> = {};
  readonly problems: string[] = [];
  /** The newest log lines of any level, for a look at what the app did around a surprise. */
  readonly recentLog: string[] = [];
  readonly exited: Promise<number | null>;
  #memoryWaiters: Array<(usage: HeapUsage) => void> = [];
  #stdoutRest = '';
  #stderrRest = '';

  constructor(world: World, options: AppOptions = {}) {
    const flags = [...(options.nodeFlags ?? []), ...(options.memoryProbe ? ['--expose-gc', PROBE_CLI] : [CLI])];
    const args = options.program ? [...(options.nodeFlags ?? []), '--expose-gc', ...options.program(world)] : [...flags, 'run', '--data-dir', world.dataDir, '--log-format', 'json'];
    this.startedAt = performance.timeOrigin + performance.now();
    this.child = spawn(process.execPath, args, {
      env: { ...process.env, ...world.env, TWITCH_COLORCHANGER_DEBUG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stdoutRest = eachLine(this.#stdoutRest + chunk, (line) => this.#onStdout(line));
    });
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stderrRest = eachLine(this.#stderrRest + chunk, (line) => this.#onLog(line));
    });
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('bench: the app process did not start');
    return this.child.pid;
  }

  cpuMs(): number {
    return cpuMs(this.pid);
  }

  cpuTimes(): { user: number; system: number } {
    return cpuTimes(this.pid);
  }

  rssMb(): { rss: number; peak: number; file: number } {
    return rssMb(this.pid);
  }

  /** Heap after a full GC, from the memory-probe entry. */
  heap(timeoutMs = 5_000): Promise<HeapUsage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('bench: no BENCH_MEMORY line from the app')), timeoutMs);
      this.#memoryWaiters.push((usage) => {
        clearTimeout(timer);
        resolve(usage);
      });
      this.child.kill('SIGUSR2');
    });
  }

  /** SIGTERM, as systemd or Docker would stop it; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  #onStdout(line: string): void {
    if (!line.startsWith(MEMORY_LINE_PREFIX)) return;
    const usage = JSON.parse(line.slice(MEMORY_LINE_PREFIX.length)) as HeapUsage;
    const waiters = this.#memoryWaiters;
    this.#memoryWaiters = [];
    for (const waiter of waiters) waiter(usage);
  }

  #onLog(line: string): void {
    let level = 'unparsed';
    try {
      level = String((JSON.parse(line) as { level?: unknown }).level ?? 'unparsed');
    } catch {
      // Not a JSON log line (e.g. a Node warning): counted as such and kept.
    }
    this.logCounts[level] = (this.logCounts[level] ?? 0) + 1;
    this.recentLog.push(line.slice(0, 400));
    if (this.recentLog.length > 200) this.recentLog.shift();
    if (level !== 'info' && level !== 'debug' && this.problems.length < 50) this.problems.push(line.slice(0, 500));
  }
}

function eachLine(text: string, fn: (line: string) => void): string {
  const lines = text.split('\n');
  const rest = lines.pop() ?? '';
  for (const line of lines) if (line.trim() !== '') fn(line);
  return rest;
}
