import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.js';
import { CONTROL_ROUTES } from './index.js';
import type { FakeTwitch } from './index.js';
import type { Kit } from './test-kit.js';
import { helix, openSession, subscribe, startSeededFake, stopSeededFake } from './test-kit.js';
import type { RecordingSocket } from './ws-test-client.js';

/** What can happen to a channel at Twitch (TWITCH.md §5, §7, §8): its owner removed, a ban, a rename, any revocation. */
let fake: FakeTwitch;
let kit: Kit;
const sockets: RecordingSocket[] = [];

beforeEach(async () => {
  ({ fake, kit } = await startSeededFake());
});
afterEach(() => stopSeededFake(fake, sockets));

async function subscribed(): Promise<{ socket: RecordingSocket & { sessionId: string }; id: string }> {
  const socket = await openSession(fake);
  sockets.push(socket);
  const res = await subscribe(fake, kit, socket.sessionId);
  expect(res.status).toBe(202);
  return { socket, id: (res.json as { data: { id: string }[] }).data[0]!.id };
}

async function revocationOf(socket: RecordingSocket): Promise<{ id: string; status: string }> {
  await waitFor(() => socket.ofType('revocation').length === 1, { message: 'a revocation' });
  return socket.ofType('revocation')[0]!.json!.payload!.subscription as { id: string; status: string };
}

async function usersBy(query: string): Promise<Array<{ id: string; login: string }>> {
  const res = await helix(fake, 'GET', `/users?${query}`, kit.call);
  expect(res.status).toBe(200);
  return (res.json as { data: Array<{ id: string; login: string }> }).data;
}

describe('the fake Twitch: channels that stop being listenable', () => {
  it('removeUser: revocation user_removed once, lookups stop resolving, a create gets 400 "user in the condition does not exist"', async () => {
    const { socket, id } = await subscribed();
    fake.removeUser('chan');
    expect(await revocationOf(socket)).toMatchObject({ id, status: 'user_removed' });
    expect(fake.subscriptions()[0]?.status).toBe('user_removed');
    expect(await usersBy(`login=chan&id=${kit.channel.id}`)).toEqual([]);
    const again = await subscribe(fake, kit, socket.sessionId);
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ message: 'A user in the condition does not exist' });

    // A lifted suspension: the same id resolves again and can be subscribed.
    fake.restoreUser(kit.channel.id);
    expect(await usersBy('login=chan')).toEqual([expect.objectContaining({ id: kit.channel.id })]);
    expect((await subscribe(fake, kit, socket.sessionId)).status).toBe(202);
    expect(socket.ofType('revocation')).toHaveLength(1);
  });

  it('removeUser of a closed account whose name is then taken: the name resolves to a new id', async () => {
    fake.removeUser('chan');
    const newcomer = fake.createUser({ login: 'chan' });
    expect(newcomer.id).not.toBe(kit.channel.id);
    expect(await usersBy('login=chan')).toEqual([expect.objectContaining({ id: newcomer.id })]);
    expect(await usersBy(`id=${kit.channel.id}`)).toEqual([]);
  });

  it('banUser: the reader\'s subscription there is revoked chat_user_banned, a create is 403, chat is refused; unbanUser lifts it', async () => {
    const { socket, id } = await subscribed();
    fake.banUser('chan', 'me');
    expect(await revocationOf(socket)).toMatchObject({ id, status: 'chat_user_banned' });
    const refused = await subscribe(fake, kit, socket.sessionId);
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ status: 403, message: expect.stringMatching(/banned/) });
    expect(() => fake.say({ channel: 'chan', chatter: 'me', text: 'hi' })).toThrow(/banned/);

    fake.unbanUser('chan', 'me');
    expect((await subscribe(fake, kit, socket.sessionId)).status).toBe(202);
  });

  it('renameUser: the id stays, Get Users by id shows the new login, the old login is free, chat events carry the new name', async () => {
    const { socket } = await subscribed();
    fake.renameUser('chan', 'chan_renamed', 'Chan_Renamed');
    expect(await usersBy(`id=${kit.channel.id}`)).toEqual([expect.objectContaining({ id: kit.channel.id, login: 'chan_renamed', display_name: 'Chan_Renamed' })]);
    expect(await usersBy('login=chan')).toEqual([]);
    fake.say({ channel: kit.channel.id, chatter: 'me', text: 'hello' });
    await waitFor(() => socket.ofType('notification').length === 1, { message: 'a notification' });
    const event = socket.ofType('notification')[0]!.json!.payload!.event as Record<string, string>;
    expect(event).toMatchObject({ broadcaster_user_id: kit.channel.id, broadcaster_user_login: 'chan_renamed' });
  });

  it.each(['user_removed', 'authorization_revoked', 'version_removed', 'chat_user_banned', 'moderator_removed', 'beta_maintenance', 'a_new_status'])(
    'revokeChannelSubscriptions sends revocation %s, once',
    async (status) => {
      const { socket, id } = await subscribed();
      expect(fake.revokeChannelSubscriptions('chan', status)).toBe(1);
      expect(await revocationOf(socket)).toEqual(expect.objectContaining({ id, status }));
      expect(fake.revokeChannelSubscriptions('chan', status)).toBe(0);
      expect(socket.ofType('revocation')).toHaveLength(1);
    },
  );

  it('every one of these is on the control API too', () => {
    for (const route of ['POST /control/users/remove', 'POST /control/users/restore', 'POST /control/users/rename', 'POST /control/bans', 'POST /control/bans/remove', 'POST /control/revoke-channel']) {
      expect(CONTROL_ROUTES[route], route).toBeDefined();
    }
  });
});
