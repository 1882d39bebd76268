import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUN = join(ROOT, 'out', 'test', 'electron-app', 'run.js');
const VITEST = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** An Electron "installation" with no binary in it: ELECTRON_OVERRIDE_DIST_PATH is honoured by electron/index.js and by us. */
function noElectronEnv(): NodeJS.ProcessEnv {
  const empty = mkdtempSync(join(tmpdir(), 'tcc-no-electron-'));
  dirs.push(empty);
  return { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty };
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [file, ...args], { cwd: ROOT, env, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? ((error as { code?: unknown }).code as number | null) : 0;
      resolve({ code: typeof code === 'number' ? code : null, stdout, stderr });
    });
  });
}

describe('npm run test:electron without an Electron binary', () => {
  it('says so in one line and exits 2 (not run), never 0', async () => {
    if (!existsSync(RUN)) throw new Error(`${RUN} is missing: run \`npm run build\` first`);
    const result = await run(RUN, [], noElectronEnv());
    expect(result.code).toBe(2);
    expect(result.stdout.trimEnd().split('\n')).toEqual([expect.stringMatching(/^test:electron: NOT RUN \(not a pass\): ELECTRON_OVERRIDE_DIST_PATH has no Electron binary/)]);
    expect(result.stderr).toBe('');
  });

  it('the smoke test itself, started directly, loads and fails rather than passing', async () => {
    const result = await run(VITEST, ['run', '--config', join(ROOT, 'test', 'electron-app', 'vitest.config.ts')], noElectronEnv());
    expect(result.code).toBe(1);
    const output = result.stdout + result.stderr;
    expect(output).toContain('app.smoke.ts');
    expect(output).toContain('No Electron binary: ELECTRON_OVERRIDE_DIST_PATH has no Electron binary');
    expect(output).not.toMatch(/Tests\s+\d+ passed/);
  }, 120_000);
});
