import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_PATH } from '../e2e/cli-process.js';
import { ROOT } from './build-scripts.js';

/**
 * The systemd units in build/service/: the hardening and restart policy a service needs,
 * checked as text everywhere, and by systemd itself (`systemd-analyze verify`) where it is
 * installed (.ci/run installs Debian's systemd package; nothing here starts systemd). The
 * graceful SIGTERM stop they rely on is tested on the command itself (test/e2e/).
 */
const run = promisify(execFile);
const UNITS = { system: 'twitch-colorchanger.service', user: 'twitch-colorchanger.user.service' } as const;
type Kind = keyof typeof UNITS;

/** `[Section]` -> key -> values (a key may repeat). */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      current = new Map();
      sections.set(section[1] as string, current);
      continue;
    }
    const [key = '', ...rest] = line.split('=');
    current?.set(key, [...(current.get(key) ?? []), rest.join('=')]);
  }
  return sections;
}

const unitText = (kind: Kind): string => readFileSync(join(ROOT, 'build', 'service', UNITS[kind]), 'utf8');
const value = (kind: Kind, section: string, key: string): string | undefined => parseUnit(unitText(kind)).get(section)?.get(key)?.at(-1);

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe.each(['system', 'user'] as const)('the %s unit', (kind) => {
  it('runs the headless command in its own data dir, the only writable place', () => {
    const exec = value(kind, 'Service', 'ExecStart') ?? '';
    expect(exec).toMatch(/\/twitch-colorchanger run --data-dir (\S+)$/);
    const dataDir = /--data-dir (\S+)$/.exec(exec)?.[1];
    expect(value(kind, 'Service', 'ReadWritePaths')).toBe(dataDir);
    expect(value(kind, 'Service', 'StateDirectory')).toBe('twitch-colorchanger');
    expect(dataDir).toMatch(/twitch-colorchanger$/);
  });

  it('is hardened: no new privileges, read-only system and home, private /tmp', () => {
    expect(value(kind, 'Service', 'NoNewPrivileges')).toBe('yes');
    expect(value(kind, 'Service', 'ProtectSystem')).toBe('strict');
    expect(value(kind, 'Service', 'ProtectHome')).toBe('read-only');
    expect(value(kind, 'Service', 'PrivateTmp')).toBe('yes');
    expect(value(kind, 'Service', 'UMask')).toBe('0077');
    // Node's JIT writes executable code; this setting would kill it at start.
    expect(value(kind, 'Service', 'MemoryDenyWriteExecute')).toBeUndefined();
  });

  it('stops with SIGTERM (the graceful stop) and restarts on failure, within a start limit', () => {
    expect(value(kind, 'Service', 'KillSignal')).toBe('SIGTERM');
    // The command exits within 5 s of SIGTERM (test/e2e/cli.test.ts); systemd waits longer before SIGKILL.
    expect(Number.parseInt(value(kind, 'Service', 'TimeoutStopSec') ?? '0', 10)).toBeGreaterThan(5);
    expect(value(kind, 'Service', 'Restart')).toBe('on-failure');
    expect(value(kind, 'Unit', 'StartLimitIntervalSec')).toBe('10min');
    expect(value(kind, 'Unit', 'StartLimitBurst')).toBe('5');
    expect(value(kind, 'Service', 'RestartPreventExitStatus')).toBe('2');
  });
});

describe('the system unit', () => {
  it('runs as the dedicated user that its sysusers.d file creates, with no capabilities', () => {
    const sysusers = readFileSync(join(ROOT, 'build', 'service', 'twitch-colorchanger.sysusers'), 'utf8');
    expect(sysusers).toMatch(/^u twitch-colorchanger - "Twitch ColorChanger" \/var\/lib\/twitch-colorchanger \/usr\/sbin\/nologin$/m);
    expect(value('system', 'Service', 'User')).toBe('twitch-colorchanger');
    expect(value('system', 'Service', 'CapabilityBoundingSet')).toBe('');
    expect(value('system', 'Unit', 'After')).toBe('network-online.target');
  });
});

async function systemdAnalyze(): Promise<boolean> {
  try {
    await run('systemd-analyze', ['--version']);
    return true;
  } catch {
    return false;
  }
}

describe.runIf(await systemdAnalyze())('systemd-analyze verify (systemd is installed here)', () => {
  /** The unit as shipped, with ExecStart pointing at this machine's node and built CLI (verify checks it exists). */
  function onThisMachine(kind: Kind): { dir: string; file: string } {
    const dir = mkdtempSync(join(tmpdir(), 'cc-unit-'));
    temps.push(dir);
    const exec = value(kind, 'Service', 'ExecStart') ?? '';
    const text = unitText(kind).replace(/^ExecStart=.*$/m, `ExecStart=${process.execPath} ${CLI_PATH} ${exec.slice(exec.indexOf(' run ') + 1)}`);
    const file = join(dir, 'twitch-colorchanger.service');
    writeFileSync(file, text);
    return { dir, file };
  }

  it.each(['system', 'user'] as const)('the %s unit has no errors and no warnings', async (kind) => {
    const { dir, file } = onThisMachine(kind);
    const runtime = join(dir, 'runtime');
    mkdirSync(runtime, { mode: 0o700 });
    const args = kind === 'user' ? ['--user', 'verify', file] : ['verify', file];
    // A user manager needs a runtime dir; a private one, so no real session is touched.
    const result = await run('systemd-analyze', args, { env: { ...process.env, XDG_RUNTIME_DIR: runtime, SYSTEMD_LOG_COLOR: '0' } }).catch(
      (error: { code?: number; stdout?: string; stderr?: string }) => ({ ...error, failed: true }),
    );
    const problems = `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n').filter((line) => line.includes('twitch-colorchanger'));
    expect(problems).toEqual([]);
    expect('failed' in result).toBe(false);
  });
});
