import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let child: ChildProcess | undefined;
let output = '';

beforeAll(async () => {
  // What `npm run fake-twitch` does, minus npm: compile the fake to out/ and run it.
  await promisify(execFile)(process.execPath, ['node_modules/typescript/bin/tsc', '-b', 'test/fake-twitch'], { cwd: root });
  child = spawn(process.execPath, ['out/test/fake-twitch/standalone.js'], { cwd: root, env: { ...process.env, FAKE_TWITCH_PORT: '0' } });
  child.stdout?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  await waitFor(() => output.includes('Ctrl+C'), { timeoutMs: 10_000, message: `standalone did not start: ${output}` });
}, 60_000);

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

describe('npm run fake-twitch (standalone)', () => {
  it('prints the URLs and env vars, has a demo user and a public client, and stops on SIGTERM', async () => {
    const env = (name: string) => new RegExp(`export ${name}=(\\S+)`).exec(output)?.[1];
    const auth = env('TWITCH_AUTH_URL');
    const api = env('TWITCH_API_URL');
    const eventsub = env('TWITCH_EVENTSUB_URL');
    const clientId = env('TWITCH_CLIENT_ID') ?? '';
    expect(auth).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth2$/);
    expect(api).toBe(auth?.replace('/oauth2', '/helix'));
    expect(eventsub).toBe(auth?.replace('http:', 'ws:').replace('/oauth2', '/ws'));
    expect(output).toMatch(/curl -X POST \S+\/control\/approve-device/);

    const control = auth?.replace('/oauth2', '/control');
    const dev = await fetch(`${auth}/device`, { method: 'POST', body: new URLSearchParams({ client_id: clientId, scopes: 'user:read:chat user:manage:chat_color' }) });
    const { user_code: userCode, device_code: deviceCode } = (await dev.json()) as { user_code: string; device_code: string };
    const approve = await fetch(`${control}/approve-device`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userCode, user: 'demo' }) });
    expect(approve.status).toBe(200);
    const token = await fetch(`${auth}/token`, { method: 'POST', body: new URLSearchParams({ client_id: clientId, device_code: deviceCode, grant_type: 'urn:ietf:params:oauth:grant-type:device_code' }) });
    expect(token.status).toBe(200);

    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child?.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
