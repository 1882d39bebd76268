import { expect } from 'vitest';
import type { CommandName, CommandRequest, CommandResponse } from '../../../src-core/ipc/contract.js';
import type { FakeCore } from './fake-core.js';

/**
 * One valid call of every command against a FakeCore, with what a UI would then see. Keyed
 * by the contract's names, so a new command without an example does not compile. Each
 * example gets a fresh account (with channel #somechannel) and a fresh login in progress.
 */
export interface ExampleContext {
  fake: FakeCore;
  accountId: string;
  loginId: string;
}

export interface CommandExample<N extends CommandName> {
  request(ctx: ExampleContext): CommandRequest<N>;
  /** Checks the answer and the core's state after the call. */
  verify(data: CommandResponse<N>, ctx: ExampleContext): void;
}

export type CommandExamples = { [N in CommandName]: CommandExample<N> };

export async function prepareExample(fake: FakeCore): Promise<ExampleContext> {
  const account = fake.addAccount(`viewer${Math.floor(Math.random() * 1e6)}`, { channels: ['somechannel'], prime: true });
  const { loginId } = await fake.startLogin();
  return { fake, accountId: account.id, loginId };
}

const accountOf = (ctx: ExampleContext) => ctx.fake.snapshot().accounts.find((a) => a.id === ctx.accountId);

export const commandExamples: CommandExamples = {
  'app:snapshot': {
    request: () => ({}),
    verify: (data, ctx) => expect(data.accounts.map((a) => a.id)).toContain(ctx.accountId),
  },
  'app:set-paused': {
    request: () => ({ paused: true }),
    verify: (data, ctx) => {
      expect(data).toBeNull();
      expect(ctx.fake.snapshot().paused).toBe(true);
      void ctx.fake.setPaused(false);
    },
  },
  'app:open-folder': { request: () => ({ which: 'logs' }), verify: (data) => expect(data).toBeNull() },
  'settings:set-client-id': {
    request: () => ({ clientId: '  zyxwvutsrq9876543210abcdefghi  ' }),
    verify: (_data, ctx) => expect(ctx.fake.snapshot().settings.clientId).toBe('zyxwvutsrq9876543210abcdefghi'),
  },
  'settings:check-client-id': {
    request: () => ({ clientId: ' zyxwvutsrq9876543210abcdefghi ' }),
    verify: (data) => expect(data).toBeNull(),
  },
  'settings:update': {
    request: () => ({ startHidden: true }),
    verify: (_data, ctx) => expect(ctx.fake.snapshot().settings.startHidden).toBe(true),
  },
  'updates:check': {
    request: () => ({}),
    verify: (data, ctx) => {
      expect(data).toBeNull();
      expect(ctx.fake.snapshot().updates.state).toBe('checking');
    },
  },
  'updates:restart': {
    request: (ctx) => {
      ctx.fake.setUpdates({ state: 'ready', version: '9.9.9', percent: null, checkedAt: 1, error: null });
      return {};
    },
    verify: (data, ctx) => {
      expect(data).toBeNull();
      expect(ctx.fake.restartsRequested).toBe(1);
    },
  },
  'login:start': {
    request: () => ({}),
    verify: (data) => {
      expect(data.userCode).toMatch(/^[0-9A-F]{8}$/);
      expect(data.verificationUri).toContain(data.userCode);
    },
  },
  'login:cancel': {
    request: (ctx) => ({ loginId: ctx.loginId }),
    verify: (_data, ctx) => expect(() => ctx.fake.activationUrl(ctx.loginId)).toThrow(/login attempt is over/),
  },
  'login:open-activation': { request: (ctx) => ({ loginId: ctx.loginId }), verify: (data) => expect(data).toBeNull() },
  'accounts:remove': {
    request: (ctx) => ({ accountId: ctx.accountId }),
    verify: (_data, ctx) => expect(accountOf(ctx)).toBeUndefined(),
  },
  'accounts:set-enabled': {
    request: (ctx) => ({ accountId: ctx.accountId, enabled: false }),
    verify: (_data, ctx) => expect(accountOf(ctx)).toMatchObject({ enabled: false, state: 'paused', reasonCode: 'changes_off' }),
  },
  'accounts:retry-now': {
    request: (ctx) => ({ accountId: ctx.accountId }),
    verify: (data, ctx) => {
      expect(data).toBeNull();
      expect(ctx.fake.retried).toEqual([ctx.accountId]);
    },
  },
  'channels:add': {
    request: (ctx) => ({ accountId: ctx.accountId, login: '#OtherChannel' }),
    verify: (_data, ctx) => expect(accountOf(ctx)?.channels.map((c) => c.login)).toEqual(['somechannel', 'otherchannel']),
  },
  'channels:remove': {
    request: (ctx) => ({ accountId: ctx.accountId, login: 'somechannel' }),
    verify: (_data, ctx) => expect(accountOf(ctx)?.channels).toEqual([]),
  },
  'channels:set-enabled': {
    request: (ctx) => ({ accountId: ctx.accountId, login: 'somechannel', enabled: false }),
    verify: (_data, ctx) => expect(accountOf(ctx)?.channels[0]).toMatchObject({ enabled: false, subscription: 'off' }),
  },
  'channels:set-follow-live': {
    request: (ctx) => ({ accountId: ctx.accountId, enabled: true, max: 120, maxViewers: 5_000 }),
    verify: (_data, ctx) => expect(accountOf(ctx)?.followLive).toMatchObject({ enabled: true, max: 120, maxViewers: 5_000 }),
  },
  'colors:set-options': {
    request: (ctx) => ({ accountId: ctx.accountId, mode: 'palette', palette: ['hotpink', '#1e90ff'], paletteOrder: 'sequential', minIntervalSec: 5 }),
    verify: (_data, ctx) =>
      expect(accountOf(ctx)?.color).toEqual({ mode: 'palette', palette: ['HotPink', '#1E90FF'], paletteOrder: 'sequential', minIntervalSec: 5 }),
  },
  'colors:reset-prime': {
    request: (ctx) => ({ accountId: ctx.accountId }),
    verify: (_data, ctx) => expect(accountOf(ctx)?.prime).toBe('unknown'),
  },
  'colors:set-home': {
    request: (ctx) => ({ accountId: ctx.accountId, restore: true, color: 'coral' }),
    verify: (_data, ctx) => expect(accountOf(ctx)?.home).toEqual({ restore: true, color: 'Coral' }),
  },
  'colors:set-now': {
    request: (ctx) => ({ accountId: ctx.accountId, color: '#abc' }),
    verify: (data, ctx) => {
      expect(data.color).toBe('#AABBCC');
      expect(accountOf(ctx)?.currentColor).toBe('#AABBCC');
    },
  },
  'legacy:import': {
    request: () => ({
      contents: JSON.stringify({
        users: [
          { username: 'OldBot', access_token: 'legacyaccesstoken0123456789', refresh_token: 'legacyrefreshtoken0123456789', client_secret: 'legacyclientsecret0123456789', channels: ['#chan_one'] },
          { username: '??' },
        ],
      }),
    }),
    verify: (data) => {
      expect(data.imported.concat(data.updated)).toEqual(['oldbot']);
      expect(data.skipped).toEqual([{ login: '??', reason: 'no valid username' }]);
    },
  },
};

export const exampleNames = Object.keys(commandExamples) as CommandName[];
