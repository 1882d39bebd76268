import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../../src-core/runtime/clock.js';
import { createLogger, silentSink } from '../../../src-core/runtime/logger.js';
import { sealTokens } from '../../../src-core/store/account-secrets.js';
import { createFileBackend } from '../../../src-core/store/file-storage.js';
import { PlainSecretBox } from '../../../src-core/store/plain-secret-box.js';
import { buildAccount, type PersistedAccount } from '../../../src-core/store/schema.js';
import { StateStore } from '../../../src-core/store/state-store.js';
import { startFakeTwitch, type FakeTwitch } from '../../fake-twitch/index.js';
import type { FrameTarget, FrameUser } from './chat-frames.js';
import { hiresClock } from './hires-clock.js';

export interface BenchAccount {
  login: string;
  userId: string;
  /** The fake's access token, for the reference client (the app reads it from its store). */
  token: string;
  channels: FrameUser[];
}

/** A fake Twitch on 127.0.0.1 and a data dir whose store holds accounts with its tokens. */
export interface World {
  fake: FakeTwitch;
  clientId: string;
  dataDir: string;
  accounts: BenchAccount[];
  /** TWITCH_*_URL for the app process. */
  env: NodeJS.ProcessEnv;
}

export interface WorldShape {
  name: string;
  accounts: number;
  channelsPerAccount: number;
}

/**
 * Every account is a Prime user (hex colors allowed, so every change is one PUT) with its
 * own channels. Channels are stored by login without ids, as after a fresh setup, so the
 * app looks them up at start.
 */
export async function createWorld(shape: WorldShape): Promise<World> {
  const fake = await startFakeTwitch({ clock: hiresClock });
  const { clientId } = fake.registerClient({ type: 'public' });
  const dataDir = mkdtempSync(join(tmpdir(), `tcc-bench-${shape.name}-`));
  const box = new PlainSecretBox();
  const store = new StateStore({ storage: createFileBackend(dataDir), clock: systemClock, logger: createLogger(silentSink) });
  store.load();
  const accounts: BenchAccount[] = [];
  const records: PersistedAccount[] = [];
  for (let a = 0; a < shape.accounts; a += 1) {
    const user = fake.createUser({ login: `${shape.name}_user_${a}`, prime: true, color: '#9146FF' });
    const channels: FrameUser[] = [];
    for (let c = 0; c < shape.channelsPerAccount; c += 1) {
      const channel = fake.createUser({ login: `${shape.name}_ch_${a}_${c}` });
      channels.push({ id: channel.id, login: channel.login, name: channel.displayName });
    }
    const grant = fake.issueToken({ user: user.id, clientId });
    records.push(
      buildAccount({
        id: `acct-${user.login}`,
        login: user.login,
        clientId,
        tokens: await sealTokens(box, {
          accessToken: grant.access_token,
          refreshToken: grant.refresh_token,
          expiresAt: Date.now() + grant.expires_in * 1000,
          scopes: grant.scope,
        }),
        channels: channels.map((c) => ({ login: c.login, enabled: true })),
        addedAt: Date.now(),
      }),
    );
    accounts.push({ login: user.login, userId: user.id, token: grant.access_token, channels });
  }
  await store.persistNow((draft) => {
    draft.settings.clientId = clientId;
    draft.accounts.push(...records);
  });
  await store.stop();
  const env = { TWITCH_AUTH_URL: fake.urls.auth, TWITCH_API_URL: fake.urls.api, TWITCH_EVENTSUB_URL: fake.urls.eventsub };
  return { fake, clientId, dataDir, accounts, env };
}

/** Stops the fake and deletes the data dir (the app must have exited). */
export async function closeWorld(world: World): Promise<void> {
  await world.fake.close();
  rmSync(world.dataDir, { recursive: true, force: true });
}

/** Enabled chat subscriptions of the app at the fake right now. */
export function enabledSubscriptions(world: World): ReturnType<FakeTwitch['subscriptions']> {
  return world.fake.subscriptions().filter((s) => s.status === 'enabled' && s.clientId === world.clientId);
}

/** Where other chatters' frames for each enabled subscription go. */
export function frameTargets(world: World): FrameTarget[] {
  const channels = new Map(world.accounts.flatMap((a) => a.channels).map((c) => [c.id, c]));
  return enabledSubscriptions(world).flatMap((s) => {
    const broadcaster = channels.get(s.broadcasterUserId);
    return broadcaster ? [{ sessionId: s.sessionId, subscriptionId: s.id, readerUserId: s.userId, broadcaster }] : [];
  });
}

/** PUT /helix/chat/color arrivals at the fake (fake clock ms), per user, oldest first. */
export function colorPutTimes(world: World, userId: string): number[] {
  return world.fake.log.requests({ method: 'PUT', path: '/helix/chat/color', userId }).map((r) => r.at);
}
