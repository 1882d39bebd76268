import { z } from 'zod';
import { startFakeTwitch } from '../fake-twitch/index.js';
import { ManualClock } from '../support/manual-clock.js';

/**
 * The fake Twitch in a process of its own, on a ManualClock that the bench moves in step
 * with the core's (IPC message `advance`). Row 8 runs the core in the bench process and
 * reads its CPU with process.cpuUsage(): with the fake out of that process, the numbers
 * are the core's alone. Everything else goes through the fake's control routes.
 *
 *   fork('out/test/bench/fake-twitch-host.js', [String(startEpochMs)])
 */
export const hostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('advance'), id: z.number().int(), ms: z.number().min(0) }),
  z.object({ type: z.literal('close') }),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

export const hostReplySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), urls: z.object({ auth: z.string(), api: z.string(), eventsub: z.string(), control: z.string() }) }),
  z.object({ type: z.literal('advanced'), id: z.number().int(), now: z.number() }),
]);
export type HostReply = z.infer<typeof hostReplySchema>;

if (process.argv[1]?.endsWith('fake-twitch-host.js')) {
  const send = (reply: HostReply): void => void process.send?.(reply);
  const clock = new ManualClock(Number(process.argv[2] ?? Date.UTC(2026, 0, 1)));
  const fake = await startFakeTwitch({ clock });
  process.on('message', (raw) => {
    const message = hostMessageSchema.parse(raw);
    if (message.type === 'close') {
      void fake.close().then(() => process.exit(0));
      return;
    }
    void clock.advance(message.ms).then(() => send({ type: 'advanced', id: message.id, now: clock.now() }));
  });
  // The bench going away (crash, Ctrl+C) must not leave the fake running.
  process.on('disconnect', () => void fake.close().then(() => process.exit(0)));
  send({ type: 'ready', urls: { auth: fake.urls.auth, api: fake.urls.api, eventsub: fake.urls.eventsub, control: fake.urls.control } });
}
