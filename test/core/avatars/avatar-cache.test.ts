import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AvatarCache, isProfileImageUrl } from '../../../src-core/avatars/avatar-cache.js';
import { systemClock } from '../../../src-core/runtime/clock.js';
import { createLogger, silentSink } from '../../../src-core/runtime/logger.js';
import { HttpClient } from '../../../src-core/twitch/http/http-client.js';
import { readAvatar } from '../../../src-core/avatars/avatar-files.js';
import { createRendererAssets } from '../../../src-core/ipc/renderer-assets.js';
import { DEFAULT_ENDPOINTS } from '../../../src-core/twitch/endpoints.js';
import { type CoreHarness, startCoreHarness } from '../../support/core-harness.js';

/**
 * Issue 17: the account's Twitch profile picture, fetched by the core from the URL GET
 * /helix/users reports, cached in the data dir and served to the page by the app (the
 * renderer never loads a remote image). Against the fake Twitch, which serves pictures
 * the way Twitch's CDN does (a new upload has a new URL).
 */
let h: CoreHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('profile pictures', () => {
  it('are fetched once a UI listens, kept in <dataDir>/avatars, named in the snapshot and served as /avatars/<file>', async () => {
    h = await startCoreHarness({ avatars: true });
    const { accountId, userId } = await h.addAccount({ login: 'alice', channels: ['alice'] });
    const view = await h.waitForAccount(accountId, (a) => a.avatar !== null, 'picture fetched');
    expect(view.avatar).toMatch(new RegExp(`^avatars/${userId}-[0-9a-f]{12}\\.png$`));
    const file = join(h.dataDir, view.avatar ?? '');
    expect(readFileSync(file).subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(h.fake.log.requests({ method: 'GET', path: `/jtv_user_pictures/${userId}-v1-profile_image-300x300.png`, status: 200 })).toHaveLength(1);

    const assets = createRendererAssets(undefined, { avatarDir: join(h.dataDir, 'avatars') });
    const served = await assets.read(`/${view.avatar}`);
    expect(served).toMatchObject({ contentType: 'image/png' });
    expect(served?.body.equals(readFileSync(file))).toBe(true);
    expect(await assets.read('/avatars/../config.json')).toBeNull();
    expect(await assets.read('/avatars/config.json')).toBeNull();
    expect(await readAvatar(join(h.dataDir, 'avatars'), '..%2Fconfig.json')).toBeNull();
  });

  it('a new upload (a new URL) replaces the cached picture and removes the old file; the same URL is never fetched twice', async () => {
    h = await startCoreHarness();
    const user = h.fake.createUser({ login: 'carol' });
    const dir = join(h.dataDir, 'avatars');
    const http = new HttpClient({ clock: systemClock });
    const cache = new AvatarCache({ dir, http, endpoints: { authUrl: h.fake.urls.auth, apiUrl: h.fake.urls.api, eventSubUrl: h.fake.urls.eventsub }, logger: createLogger(silentSink) });
    const signal = new AbortController().signal;
    try {
      const urlOf = async (): Promise<string> => {
        const res = await fetch(`${h!.fake.urls.api}/users?id=${user.id}`, { headers: { authorization: `Bearer ${h!.fake.issueToken({ user: user.id, clientId: h!.clientId }).access_token}`, 'client-id': h!.clientId } });
        return ((await res.json()) as { data: Array<{ profile_image_url: string }> }).data[0]?.profile_image_url ?? '';
      };
      const first = await urlOf();
      expect(await cache.update(user.id, first, signal)).toBe(true);
      expect(await cache.update(user.id, first, signal)).toBe(false);
      expect(h.fake.log.requests({ method: 'GET', path: new URL(first).pathname })).toHaveLength(1);
      const firstFile = cache.pathFor(user.id);

      h.fake.changeProfileImage('carol');
      const second = await urlOf();
      expect(second).not.toBe(first);
      expect(await cache.update(user.id, second, signal)).toBe(true);
      expect(cache.pathFor(user.id)).not.toBe(firstFile);
      expect(readdirSync(dir)).toEqual([cache.pathFor(user.id)?.replace('avatars/', '')]);

      // The old address is gone at the CDN: nothing changes, the current picture stays.
      expect(await cache.update(user.id, first, signal)).toBe(false);
      expect(readdirSync(dir)).toHaveLength(1);

      // A new cache on the same folder (the app restarted) knows the picture at once.
      const reopened = new AvatarCache({ dir, http, endpoints: DEFAULT_ENDPOINTS, logger: createLogger(silentSink) });
      await reopened.load();
      expect(reopened.pathFor(user.id)).toBe(cache.pathFor(user.id));
    } finally {
      await http.close();
    }
  });

  it('without a listening UI nothing is fetched (a headless run makes no extra call)', async () => {
    h = await startCoreHarness({ avatars: true, listen: false });
    const { accountId } = await h.addAccount({ login: 'alice', channels: ['alice'] });
    await h.waitForAccount(accountId, (a) => a.state === 'active' && a.channels.every((c) => c.subscription === 'live'));
    const lookups = (): number => h!.fake.log.requests({ method: 'GET', path: '/helix/users' }).filter((r) => r.query.id !== undefined).length;
    expect(lookups()).toBe(0);
    // A UI connects: now the picture is looked up, once.
    h.core.subscribe(() => {});
    await h.waitForAccount(accountId, (a) => a.avatar !== null);
    expect(lookups()).toBe(1);
  });

  it('only Twitch’s picture server, or the Twitch on this machine the app talks to, is ever asked for a picture', () => {
    expect(isProfileImageUrl('https://static-cdn.jtvnw.net/jtv_user_pictures/abc-profile_image-300x300.png', DEFAULT_ENDPOINTS)).toBe(true);
    expect(isProfileImageUrl('http://static-cdn.jtvnw.net/x.png', DEFAULT_ENDPOINTS)).toBe(false);
    expect(isProfileImageUrl('https://static-cdn.jtvnw.net.evil.example/x.png', DEFAULT_ENDPOINTS)).toBe(false);
    expect(isProfileImageUrl('https://user:pw@static-cdn.jtvnw.net/x.png', DEFAULT_ENDPOINTS)).toBe(false);
    expect(isProfileImageUrl('http://127.0.0.1:8080/x.png', DEFAULT_ENDPOINTS)).toBe(false);
    const local = { ...DEFAULT_ENDPOINTS, apiUrl: 'http://127.0.0.1:8080/helix' };
    expect(isProfileImageUrl('http://127.0.0.1:8080/jtv_user_pictures/x.png', local)).toBe(true);
    expect(isProfileImageUrl('http://127.0.0.1:9999/x.png', local)).toBe(false);
  });
});
