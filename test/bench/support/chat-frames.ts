import { randomUUID } from 'node:crypto';
import { startFakeTwitch, type FakeTwitch, type SayInput } from '../../fake-twitch/index.js';
import { chatSubscriptionBody, helix, openSession } from '../../fake-twitch/test-kit.js';
import { until } from './stats.js';

/** A chatter or channel as a chat frame names it. */
export interface FrameUser {
  id: string;
  login: string;
  name: string;
}

/** Where a notification goes: one enabled subscription of the app, on its session. */
export interface FrameTarget {
  sessionId: string;
  subscriptionId: string;
  /** The reader (the app's user) in the subscription's condition. */
  readerUserId: string;
  broadcaster: FrameUser;
}

type Json = Record<string, unknown>;

const BADGES = [
  { set_id: 'subscriber', id: '12', info: '14' },
  { set_id: 'sub-gifter', id: '5', info: '' },
];
const KAPPA = { type: 'emote', text: 'Kappa', cheermote: null, emote: { id: '25', emote_set_id: '0', owner_id: '0', format: ['static'] }, mention: null };

/** What busy chats look like: short lines, emotes, replies, badges, the odd cheer and long rant. */
function sampleMessages(channel: string, parent: string): Omit<SayInput, 'channel' | 'chatter'>[] {
  const text = (t: string): Json => ({ type: 'text', text: t, cheermote: null, emote: null, mention: null });
  const rant = 'ok so hear me out, if they had rotated one more time before the objective the whole fight would have gone the other way and we would not be sitting here at 0-2 wondering what happened';
  return [
    { text: 'LUL' },
    { text: 'that was actually insane, how did he hit that', badges: BADGES },
    { text: 'nice play Kappa', fragments: [text('nice play '), KAPPA] },
    {
      text: `@${parent} no way that is true`,
      fragments: [{ type: 'mention', text: `@${parent}`, cheermote: null, emote: null, mention: { user_id: '424242', user_name: parent, user_login: parent } }, text(' no way that is true')],
      reply: {
        parent_message_id: randomUUID(),
        parent_message_body: 'this is the best run of the season',
        parent_user_id: '424242',
        parent_user_name: parent,
        parent_user_login: parent,
        thread_message_id: randomUUID(),
        thread_user_id: '424242',
        thread_user_name: parent,
        thread_user_login: parent,
      },
    },
    { text: 'Cheer100 gg', cheer: { bits: 100 }, messageType: 'text', badges: [{ set_id: 'bits', id: '100', info: '' }] },
    { text: rant, badges: BADGES.slice(0, 1) },
    { text: `hi ${channel} <3` },
    { text: 'KEKW KEKW KEKW' },
  ];
}

/**
 * Makes other chatters' channel.chat.message frames that are exactly what the fake's say()
 * sends: one real say() per sample message is captured from a socket, and only the ids
 * (session, subscription, channel, chatter, message ids) are swapped per frame.
 */
export class ChatFrameFactory {
  readonly #templates: Json[];

  private constructor(templates: Json[]) {
    this.#templates = templates;
  }

  get variants(): number {
    return this.#templates.length;
  }

  /** Captures the templates from a throwaway fake Twitch of its own. */
  static async capture(): Promise<ChatFrameFactory> {
    const fake = await startFakeTwitch();
    try {
      return new ChatFrameFactory(await captureTemplates(fake));
    } finally {
      await fake.close();
    }
  }

  /** One serialized frame with fresh message ids (a string: the fake sends strings as text frames). */
  build(target: FrameTarget, chatter: FrameUser, variant: number): string {
    const template = this.#templates[variant % this.#templates.length] as Json;
    const frame = structuredClone(template);
    const metadata = frame.metadata as Json;
    metadata.message_id = randomUUID();
    metadata.message_timestamp = new Date().toISOString().replace('Z', '000000Z');
    const payload = frame.payload as Json;
    const subscription = payload.subscription as Json;
    subscription.id = target.subscriptionId;
    subscription.condition = { broadcaster_user_id: target.broadcaster.id, user_id: target.readerUserId };
    (subscription.transport as Json).session_id = target.sessionId;
    const event = payload.event as Json;
    event.broadcaster_user_id = target.broadcaster.id;
    event.broadcaster_user_login = target.broadcaster.login;
    event.broadcaster_user_name = target.broadcaster.name;
    event.chatter_user_id = chatter.id;
    event.chatter_user_login = chatter.login;
    event.chatter_user_name = chatter.name;
    event.message_id = randomUUID();
    return JSON.stringify(frame);
  }
}

async function captureTemplates(fake: FakeTwitch): Promise<Json[]> {
  const { clientId } = fake.registerClient({ type: 'public' });
  const reader = fake.createUser({ login: 'bench_probe_reader' });
  const channel = fake.createUser({ login: 'bench_probe_channel', displayName: 'Bench_Probe_Channel' });
  const chatter = fake.createUser({ login: 'some_chatter', displayName: 'Some_Chatter', color: '#1E90FF' });
  const token = fake.issueToken({ user: reader.id, clientId });
  const socket = await openSession(fake);
  try {
    const created = await helix(fake, 'POST', '/eventsub/subscriptions', {
      token: token.access_token,
      clientId,
      body: chatSubscriptionBody(socket.sessionId, channel.id, reader.id),
    });
    if (created.status !== 202) throw new Error(`bench: the probe subscription failed with ${created.status}: ${created.text}`);
    const samples = sampleMessages(channel.login, chatter.login);
    for (const sample of samples) fake.say({ ...sample, channel: channel.id, chatter: chatter.id });
    await until(() => socket.ofType('notification').length >= samples.length, 'the probe notifications');
    return socket.ofType('notification').map((frame) => JSON.parse(frame.raw) as Json);
  } finally {
    socket.close();
  }
}

/** Numbered other chatters with Twitch-looking ids and logins. */
export function otherChatter(i: number): FrameUser {
  return { id: String(700_000_000 + i), login: `viewer_${i}`, name: `Viewer_${i}` };
}
