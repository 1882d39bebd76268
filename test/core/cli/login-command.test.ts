import { describe, expect, it } from 'vitest';
import { parseArgv } from '../../../src-core/cli/argv.js';
import { loginCommand } from '../../../src-core/cli/login-command.js';
import type { DataDirSession } from '../../../src-core/cli/data-dir-session.js';

/**
 * `login` in a terminal and Ctrl+C. A Ctrl+C that arrives while nothing listens for SIGINT is
 * not an event at all: the system's default ends the process at once (no "Login cancelled",
 * exit by signal). So the handler must be in place before the code is on the screen: the
 * user (or a script) reacts to that line. The e2e test (test/e2e/cli.test.ts, R21) saw the
 * gap under load; this test checks the order without depending on timing.
 */
describe('login: Ctrl+C', () => {
  it('is listened for before the code is printed, and cancels the login with one line', async () => {
    const requests: string[] = [];
    let emit: (event: string, payload: unknown) => void = () => {};
    let interrupt: (() => void) | undefined;
    const printed: Array<{ text: string; listening: boolean }> = [];
    const session: DataDirSession = {
      mode: 'offline',
      request: (async (command: string) => {
        requests.push(command);
        if (command === 'login:start') return { loginId: 'L1', userCode: 'ABCDEFGH', verificationUri: 'https://www.twitch.tv/activate', expiresAt: Date.now() + 30 * 60_000 };
        if (command === 'login:cancel') queueMicrotask(() => emit('login:progress', { loginId: 'L1', status: 'cancelled', message: 'Login cancelled' }));
        return null;
      }) as DataDirSession['request'],
      onEvent: async (listener) => {
        emit = listener;
      },
      close: async () => {},
    };
    const run = loginCommand({
      args: parseArgv(['login', '--client-id', 'abcdefghijklmnopqrstuvwxyz0123']),
      out: (text) => printed.push({ text, listening: interrupt !== undefined }),
      session: async () => session,
      readOnlySession: async () => session,
      env: {},
      onInterrupt: (handler) => {
        interrupt = handler;
        return () => {
          interrupt = undefined;
        };
      },
    });
    await expect.poll(() => printed.find((p) => p.text.includes('ABCDEFGH'))).toBeDefined();
    expect(printed.find((p) => p.text.includes('ABCDEFGH'))?.listening).toBe(true);
    interrupt?.();
    await expect(run).rejects.toThrow('Login cancelled');
    expect(requests).toContain('login:cancel');
    expect(interrupt).toBeUndefined();
  });

  it('once the login succeeded, Ctrl+C is no longer held: it ends the command while channels are added', async () => {
    let emit: (event: string, payload: unknown) => void = () => {};
    let interrupt: (() => void) | undefined;
    let heldWhileAdding: boolean | undefined;
    const session: DataDirSession = {
      mode: 'offline',
      request: (async (command: string) => {
        if (command === 'login:start') {
          queueMicrotask(() => emit('login:progress', { loginId: 'L1', status: 'success', accountId: 'acc-1', login: 'alice' }));
          return { loginId: 'L1', userCode: 'ABCDEFGH', verificationUri: 'https://www.twitch.tv/activate', expiresAt: Date.now() + 30 * 60_000 };
        }
        if (command === 'channels:add') heldWhileAdding = interrupt !== undefined;
        return null;
      }) as DataDirSession['request'],
      onEvent: async (listener) => {
        emit = listener;
      },
      close: async () => {},
    };
    await loginCommand({
      args: parseArgv(['login', '--client-id', 'abcdefghijklmnopqrstuvwxyz0123', '--channels', 'bob']),
      out: () => {},
      session: async () => session,
      readOnlySession: async () => session,
      env: {},
      onInterrupt: (handler) => {
        interrupt = handler;
        return () => {
          interrupt = undefined;
        };
      },
    });
    expect(heldWhileAdding).toBe(false);
  });
});
