import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_PATH } from '../e2e/cli-process.js';
import { until, withE2e } from '../e2e/with-e2e.js';
import { ROOT } from './build-scripts.js';

/**
 * The container image (build/docker/) cannot be built here (no Docker, no registry): the
 * GitHub workflow builds and smoke-tests it. Here: what the Dockerfile must say, and its
 * healthcheck command, run as the image runs it (sh, the command on PATH, the data dir from
 * TWITCH_COLORCHANGER_DATA_DIR) against a real `run` and against none.
 */
const run = promisify(execFile);
const dockerfile = readFileSync(join(ROOT, 'build', 'docker', 'Dockerfile'), 'utf8');
const compose = readFileSync(join(ROOT, 'build', 'docker', 'compose.yaml'), 'utf8');
const workflow = readFileSync(join(ROOT, '.github', 'workflows', 'docker.yml'), 'utf8');
const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
/** The runtime stage's instructions of one kind, continuation lines joined as Docker reads them. */
const instruction = (name: string): string[] =>
  [...runtimeStage.replace(/\\\n\s*/g, ' ').matchAll(new RegExp(`^${name} (.+)$`, 'gm'))].map((m) => (m[1] ?? '').trim());

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the Dockerfile', () => {
  it('runs the packed npm package as a non-root user, with the data dir a volume', () => {
    expect(runtimeStage).toMatch(/npm install --global .*\/tmp\/twitch-colorchanger\.tgz/);
    expect(instruction('USER')).toEqual(['colorchanger']);
    expect(instruction('VOLUME')).toEqual(['["/data"]']);
    expect(instruction('ENV').join(' ')).toMatch(/TWITCH_COLORCHANGER_DATA_DIR=\/data/);
    expect(instruction('ENTRYPOINT')).toEqual(['["twitch-colorchanger"]']);
    expect(instruction('CMD')).toEqual(['["run"]']);
    // The user is set before the command runs, and nothing native is compiled for it.
    expect(runtimeStage.indexOf('USER colorchanger')).toBeLessThan(runtimeStage.indexOf('ENTRYPOINT'));
    expect(runtimeStage).not.toMatch(/apk add|apt-get|python|make|g\+\+/);
  });

  it('stops with SIGTERM and checks health with `status --json`', () => {
    expect(instruction('STOPSIGNAL')).toEqual(['SIGTERM']);
    expect(instruction('HEALTHCHECK')).toEqual([expect.stringMatching(/CMD twitch-colorchanger status --json \| grep -q '"running":true' \|\| exit 1$/)]);
  });

  it('builds on the builder’s platform (plain JavaScript) and lets the workflow build amd64, arm64 and arm/v7', () => {
    expect(dockerfile).toMatch(/^FROM --platform=\$BUILDPLATFORM node:22-bookworm-slim AS build$/m);
    expect(workflow).toMatch(/file: build\/docker\/Dockerfile/);
    expect(workflow).toMatch(/platforms: linux\/amd64,linux\/arm64,linux\/arm\/v7/);
    expect(compose).toMatch(/dockerfile: build\/docker\/Dockerfile/);
    expect(compose).toMatch(/- colorchanger-data:\/data/);
    expect(compose).toMatch(/stop_grace_period: 20s/);
  });

  it('its healthcheck fails while nothing runs and passes while `run` answers', { timeout: 60_000 }, async () => {
    const bin = mkdtempSync(join(tmpdir(), 'cc-health-'));
    temps.push(bin);
    // The command on PATH, as `npm install --global` puts it in the image.
    writeFileSync(join(bin, 'twitch-colorchanger'), `#!/bin/sh\nexec "${process.execPath}" "${CLI_PATH}" "$@"\n`);
    chmodSync(join(bin, 'twitch-colorchanger'), 0o755);
    const healthcheck = (instruction('HEALTHCHECK')[0] ?? '').replace(/^.*?CMD /, '');
    await withE2e(async (e) => {
      const dir = e.newDataDir();
      const env = { ...e.env, PATH: `${bin}:${process.env.PATH ?? ''}`, TWITCH_COLORCHANGER_DATA_DIR: dir };
      const probe = () => run('sh', ['-c', healthcheck], { env }).then(() => 'healthy', () => 'unhealthy');
      expect(await probe()).toBe('unhealthy');
      const alice = e.seedAccount(dir, { login: 'alice' });
      const service = e.spawn(undefined, ['run'], { TWITCH_COLORCHANGER_DATA_DIR: dir });
      await service.waitForStderr(/run\.started|Running \d+ account/, 15_000);
      await until(() => e.liveChannels(alice.id).length === 1, 'listening');
      expect(await probe()).toBe('healthy');
      expect((await service.stop('SIGTERM')).code).toBe(0);
      expect(await probe()).toBe('unhealthy');
    });
  });
});
