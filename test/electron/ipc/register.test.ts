import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type InvokeEventLike, checkSender, registerIpc } from '../../../electron/ipc/register.js';
import { commandNames } from '../../../src-core/ipc/contract.js';
import type { PlatformPort } from '../../../src-core/ipc/core-port.js';
import { createIpcHandlers } from '../../../src-core/ipc/handlers.js';
import type { Result } from '../../../src-core/ipc/result.js';
import type { AppSnapshot } from '../../../src-core/ipc/snapshot.js';
import { MemoryLogSink, createLogger } from '../../../src-core/runtime/logger.js';
import { FakeBrowserWindow, type FakeWebContents, type FakeWebFrame, ipcMain, resetFakeElectron } from '../../fakes/electron.js';
import { commandExamples, exampleNames, prepareExample } from '../../core/ipc/command-examples.js';
import { FakeCore } from '../../core/ipc/fake-core.js';
import { fakeStartOnBoot } from '../../support/fake-start-on-boot.js';

const PAGE = 'app://colorchanger/index.html';

const platform: PlatformPort = {
  openExternal: async () => {},
  openPath: async () => {},
  autoStart: fakeStartOnBoot(),
};

function harness(core: FakeCore = new FakeCore()) {
  const sink = new MemoryLogSink();
  const logger = createLogger(sink);
  const ours: FakeBrowserWindow[] = [];
  const open = async (url = PAGE): Promise<FakeBrowserWindow> => {
    const window = new FakeBrowserWindow({ show: false });
    await window.loadURL(url);
    ours.push(window);
    return window;
  };
  const handlers = createIpcHandlers({ core, platform, logger });
  const unregister = registerIpc({
    ipcMain,
    handlers,
    windows: {
      isOurWebContents: (id) => ours.some((w) => !w.isDestroyed() && w.webContents.id === id),
      webContents: () => ours.filter((w) => !w.isDestroyed()).map((w) => w.webContents),
    },
    logger,
  });
  const event = (contents: FakeWebContents, frame: FakeWebFrame | null = contents.mainFrame): InvokeEventLike => ({ sender: contents, senderFrame: frame });
  const call = async (channel: string, evt: InvokeEventLike, ...args: unknown[]): Promise<Result<unknown>> =>
    (await ipcMain.invoke(channel, evt, ...args)) as Result<unknown>;
  return { core, sink, open, call, event, unregister };
}

beforeEach(() => resetFakeElectron());
afterEach(() => resetFakeElectron());

describe('the Electron IPC transport', () => {
  it('registers exactly one handler per contract command, and removes them all', () => {
    const { unregister } = harness();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...commandNames].sort());
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('answers our window’s main frame on our origin', async () => {
    const { open, call, event } = harness();
    const window = await open();
    const result = await call('app:snapshot', event(window.webContents), {});
    expect(result.ok).toBe(true);
    expect((result as { data: AppSnapshot }).data.version).toBe('0.1.0-test');
  });

  describe('R33 sender checks: a call from anywhere else is refused before its payload is read', () => {
    it('refuses a subframe of our own page', async () => {
      const { core, open, call, event, sink } = harness();
      const window = await open();
      const result = await call('app:set-paused', event(window.webContents, window.webContents.subframe(PAGE)), { paused: true });
      expect(result).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
      expect(core.snapshot().paused).toBe(false);
      expect(sink.records.find((r) => r.event === 'ipc.sender_rejected')?.fields).toMatchObject({ reason: 'not sent by the main frame' });
    });

    it('refuses our window after it navigated to another origin', async () => {
      const { core, open, call, event, sink } = harness();
      const window = await open();
      window.webContents.mainFrame.navigate('https://evil.example/phish.html');
      const result = await call('app:set-paused', event(window.webContents), { paused: true });
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(core.snapshot().paused).toBe(false);
      expect(sink.records.find((r) => r.event === 'ipc.sender_rejected')?.message).toContain('https://evil.example');
    });

    it('refuses look-alike origins: other app:// hosts, file://, credentials in the URL', async () => {
      const { open, call, event } = harness();
      const window = await open();
      for (const url of ['app://colorchanger.evil/index.html', 'app://other/index.html', 'file:///index.html', 'app://user:pw@colorchanger/index.html']) {
        window.webContents.mainFrame.navigate(url);
        expect(await call('app:snapshot', event(window.webContents), {}), url).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
    });

    it('refuses a window that is not one of ours, even on our origin', async () => {
      const { open, call, event } = harness();
      await open();
      const stranger = new FakeBrowserWindow({ show: false });
      await stranger.loadURL(PAGE);
      expect(await call('app:snapshot', event(stranger.webContents), {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    });

    it('refuses a frame that is gone, and a frame claiming to be the main frame of another page', async () => {
      const { open, call, event } = harness();
      const window = await open();
      const other = await open();
      expect(await call('app:snapshot', event(window.webContents, null), {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await call('app:snapshot', event(window.webContents, other.webContents.mainFrame), {})).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    });

    it('checkSender explains each refusal', () => {
      const main = { url: PAGE, parent: null, routingId: 1, processId: 1 };
      const ours = () => true;
      expect(checkSender({ sender: { id: 1, mainFrame: main }, senderFrame: main }, ours)).toEqual({ ok: true });
      expect(checkSender({ sender: { id: 1, mainFrame: main }, senderFrame: main }, () => false)).toEqual({ ok: false, reason: 'not one of our windows' });
      expect(checkSender({ sender: { id: 1, mainFrame: main }, senderFrame: { ...main, routingId: 2, parent: main } }, ours)).toEqual({
        ok: false,
        reason: 'not sent by the main frame',
      });
    });
  });

  describe('R33 malformed payloads are refused with a clear error and lose nothing', () => {
    const cases: Array<[string, string, unknown[]]> = [
      ['a missing field', 'accounts:set-enabled', [{ accountId: 'acc-1' }]],
      ['a wrong type', 'app:set-paused', [{ paused: 'yes' }]],
      ['an unknown key', 'app:set-paused', [{ paused: true, admin: true }]],
      ['not an object', 'channels:add', ['alice']],
      ['null', 'app:set-paused', [null]],
      ['an oversized string', 'channels:add', [{ accountId: 'acc-1', login: 'x'.repeat(10_000) }]],
      ['a prototype-pollution key', 'settings:update', [JSON.parse('{"__proto__": {"polluted": true}, "startHidden": true}')]],
      ['two arguments', 'app:set-paused', [{ paused: true }, { paused: false }]],
    ];

    it.each(cases)('%s', async (_name, channel, args) => {
      const { core, open, call, event } = harness();
      const account = core.addAccount('alice', { channels: ['somechannel'] });
      const window = await open();
      const before = core.snapshot();
      const result = await call(channel, event(window.webContents), ...args);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(new RegExp(channel)) } });
      expect(core.snapshot()).toEqual(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      // The app keeps working: the next good call goes through.
      expect(await call('accounts:set-enabled', event(window.webContents), { accountId: account.id, enabled: false })).toEqual({ ok: true, data: null });
    });
  });

  describe('R34 no secret in any IPC message', () => {
    it.each(exampleNames)('%s: neither the answer nor any event carries a token or device code', async (name) => {
      const { core, open, call, event } = harness();
      const windows = [await open(), await open()];
      const ctx = await prepareExample(core);
      const request = commandExamples[name].request(ctx as never);
      const answer = await call(name, event(windows[0]!.webContents), request);
      const secrets = core.secrets();
      expect(secrets.length).toBeGreaterThan(0);
      const wire = JSON.stringify([answer, ...windows.map((w) => w.webContents.sent)]);
      for (const secret of secrets) expect(wire).not.toContain(secret);
    });

    it('strips a field the contract does not declare, even when the core puts a token in its snapshot', async () => {
      class LeakyCore extends FakeCore {
        override snapshot(): AppSnapshot {
          const snapshot = super.snapshot();
          return { ...snapshot, accounts: snapshot.accounts.map((a) => ({ ...a, accessToken: 'oauth-leaked-token-123456' })) } as AppSnapshot;
        }
      }
      const { core, open, call, event } = harness(new LeakyCore());
      const window = await open();
      core.addAccount('alice');
      const answer = await call('app:snapshot', event(window.webContents), {});
      expect(answer.ok).toBe(true);
      expect(JSON.stringify([answer, window.webContents.sent])).not.toContain('oauth-leaked-token');
    });
  });

  describe('events', () => {
    it('go to every one of our windows, in the order the core emitted them', async () => {
      const { core, open } = harness();
      const [a, b] = [await open(), await open()];
      const account = core.addAccount('alice', { channels: ['somechannel'] });
      core.chatMessage(account.id, 'somechannel');
      await core.setPaused(true);
      for (const window of [a, b]) {
        expect(window.webContents.sent.map((m) => m.channel)).toEqual(['state:changed', 'color:changed', 'state:changed', 'state:changed']);
        expect(window.webContents.sent.at(-1)?.args[0]).toMatchObject({ paused: true });
      }
    });

    it('skip a closed window and survive one whose send throws', async () => {
      const { core, open, sink } = harness();
      const [closed, broken, fine] = [await open(), await open(), await open()];
      closed.destroy();
      broken.webContents.send = () => {
        throw new Error('render process gone');
      };
      core.addAccount('alice');
      expect(fine.webContents.sent.map((m) => m.channel)).toEqual(['state:changed']);
      expect(sink.records.map((r) => r.event)).toContain('ipc.send_failed');
    });

    it('stop when the transport is unregistered', async () => {
      const { core, open, unregister } = harness();
      const window = await open();
      unregister();
      core.addAccount('alice');
      expect(window.webContents.sent).toEqual([]);
      expect(core.listenerCount).toBe(0);
    });
  });
});
