import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../build/build-scripts.js';
import { CLI_PATH } from './cli-process.js';
import { statusSchema } from './e2e-harness.js';
import { lines, until, withE2e } from './with-e2e.js';

/**
 * The npm package of the headless command as a user gets it: generated from the build,
 * packed with `npm pack`, installed globally into a temporary prefix with no network
 * (`--offline`: the package has no dependencies to fetch), then run through its bin link.
 */
const run = promisify(execFile);
const TIMEOUT = 120_000;
let work: string;
let prefix: string;
let bin: string;
let tarball: string;

const env = (): NodeJS.ProcessEnv => ({ ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, npm_config_update_notifier: 'false' });

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'cc-npm-'));
  prefix = join(work, 'prefix');
  const { writeCliPackage } = (await import(pathToFileURL(join(ROOT, 'build', 'cli-package.mjs')).href)) as {
    writeCliPackage(options: { outDir: string; cliDir: string }): Promise<string>;
  };
  const packageDir = await writeCliPackage({ outDir: join(work, 'package'), cliDir: dirname(CLI_PATH) });
  const packed = await run('npm', ['pack', packageDir, '--pack-destination', work, '--json'], { env: env(), timeout: 60_000 });
  const [packedFile] = JSON.parse(packed.stdout) as Array<{ filename: string }>;
  tarball = join(work, packedFile?.filename ?? 'missing.tgz');
  await run('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], { env: env(), timeout: 60_000 });
  bin = join(prefix, 'bin', 'twitch-colorchanger');
}, TIMEOUT);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the npm package of the headless command', () => {
  it('holds only built files: its own package.json (name, bin, engines, no dependencies), the bundle, the UI, README and licenses', async () => {
    const listing = await run('tar', ['-tzf', tarball]);
    const files = lines(listing.stdout).map((file) => file.replace(/^package\//, ''));
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'out/cli/main.js', 'out/cli/THIRD_PARTY_LICENSES.txt', 'out/renderer/main.js', 'renderer/index.html']));
    for (const file of files) expect(file).toMatch(/^(package\.json|README\.md|LICENSE|out\/cli\/[^/]+\.(js|map|txt)|out\/renderer\/.+\.js|renderer\/.+\.(html|css|svg|png|ico|woff2))$/);
    expect(files.some((file) => /\.ts$|test|fake-twitch|node_modules/.test(file))).toBe(false);

    const installed = JSON.parse(readFileSync(join(prefix, 'lib', 'node_modules', 'twitch-colorchanger', 'package.json'), 'utf8')) as Record<string, unknown>;
    const app = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(installed).toMatchObject({ name: 'twitch-colorchanger', version: app.version, type: 'module', bin: { 'twitch-colorchanger': 'out/cli/main.js' }, engines: { node: '>=20.19' } });
    expect(installed.dependencies).toBeUndefined();
    expect(readFileSync(join(prefix, 'lib', 'node_modules', 'twitch-colorchanger', 'out', 'cli', 'THIRD_PARTY_LICENSES.txt'), 'utf8')).toMatch(/^zod \d/m);
  });

  it('--version prints the package version; status --json on an empty data dir says nothing runs and writes nothing', { timeout: TIMEOUT }, async () => {
    const app = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const version = await run(bin, ['--version'], { env: env() });
    expect(version.stdout).toBe(`twitch-colorchanger ${app.version}\n`);
    const dataDir = mkdtempSync(join(work, 'empty-data-'));
    const status = await run(bin, ['status', '--json', '--data-dir', dataDir], { env: { ...env(), XDG_CONFIG_HOME: join(work, 'xdg') } });
    expect(statusSchema.parse(JSON.parse(status.stdout))).toMatchObject({ running: false, accounts: [] });
    expect(status.stderr).toBe('');
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('runs against the fake Twitch: its account listens, an own message changes the color, SIGTERM stops it cleanly', { timeout: TIMEOUT }, async () => {
    await withE2e(async (e) => {
      const dir = e.newDataDir();
      const alice = e.seedAccount(dir, { login: 'alice', channels: ['alice'] });
      // As the container image runs it: the data dir from TWITCH_COLORCHANGER_DATA_DIR, no flag.
      const process = e.spawn(undefined, ['run'], { PATH: env().PATH, TWITCH_COLORCHANGER_DATA_DIR: dir }, bin);
      await process.waitForStderr(/run\.started|Running \d+ account/, 15_000);
      await until(() => e.liveChannels(alice.id).length === 1, 'subscribed at Twitch');
      e.fake.say({ channel: 'alice', chatter: 'alice', text: 'hello from the npm package' });
      await until(() => e.fake.log.colorChanges(alice.id).length === 1, 'a color change');
      const status = await run(bin, ['status', '--json'], { env: { ...e.env, PATH: env().PATH, TWITCH_COLORCHANGER_DATA_DIR: dir } });
      expect(statusSchema.parse(JSON.parse(status.stdout))).toMatchObject({ running: true, accounts: [{ login: 'alice', state: 'active' }] });
      const stopped = await process.stop('SIGTERM');
      expect(stopped.code, process.describe()).toBe(0);
    });
  });
});
