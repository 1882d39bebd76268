import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronPlatform } from '../../electron/platform.js';
import { IpcFailure } from '../../src-core/ipc/result.js';
import { resetFakeElectron, shell } from '../fakes/electron.js';
import { fakeStartOnBoot } from '../support/fake-start-on-boot.js';

afterEach(() => resetFakeElectron());

describe('the desktop platform', () => {
  it('opens only Twitch’s activation page in the browser', async () => {
    const platform = electronPlatform({ shell, autoStart: null });
    await platform.openExternal('https://www.twitch.tv/activate?public=true&device-code=ABCD');
    for (const url of ['https://evil.example/activate', 'javascript:alert(1)', 'file:///etc/passwd', 'https://www.twitch.tv/login']) {
      await expect(platform.openExternal(url), url).rejects.toBeInstanceOf(IpcFailure);
    }
    expect(shell.opened).toEqual(['https://www.twitch.tv/activate?public=true&device-code=ABCD']);
  });

  it('opens a folder, creating the logs folder before its first line', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cc-open-'));
    try {
      const logs = join(root, 'logs');
      await electronPlatform({ shell, autoStart: null }).openPath(logs);
      expect(statSync(logs).isDirectory()).toBe(true);
      expect(shell.openedPaths).toEqual([logs]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('reports a folder the system could not open', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cc-open-'));
    try {
      const failing = { ...shell, openPath: async () => 'No application is registered for folders' };
      await expect(electronPlatform({ shell: failing, autoStart: null }).openPath(root)).rejects.toThrow(/No application is registered/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('offers start on boot only where there is an auto-start', () => {
    expect(electronPlatform({ shell, autoStart: null }).autoStart).toBeUndefined();
    const autoStart = fakeStartOnBoot({ state: 'on' });
    expect(electronPlatform({ shell, autoStart }).autoStart).toBe(autoStart);
  });
});
