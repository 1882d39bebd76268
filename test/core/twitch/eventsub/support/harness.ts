import { createLogger, MemoryLogSink } from '../../../../../src-core/runtime/logger.js';
import type { ChatMessage } from '../../../../../src-core/twitch/chat-message.js';
import {
  EventSubClient,
  type AuthorizationRevokedEvent,
  type ChannelSubscriptionStatus,
  type EventSubClientOptions,
  type EventSubClientStatus,
} from '../../../../../src-core/twitch/eventsub/client.js';
import { ManualClock } from '../../../../support/manual-clock.js';
import { FakeSubscriptionApi } from './fake-subscription-api.js';
import { TinyEventSubServer } from './tiny-server.js';

export const OUR_USER = '42';

export interface Harness {
  server: TinyEventSubServer;
  api: FakeSubscriptionApi;
  clock: ManualClock;
  sink: MemoryLogSink;
  client: EventSubClient;
  messages: ChatMessage[];
  states: EventSubClientStatus[];
  channelStatuses: ChannelSubscriptionStatus[];
  revoked: AuthorizationRevokedEvent[];
  logEvents(): string[];
  cleanup(): Promise<void>;
}

/** A client on a ManualClock against a tiny server and a fake Helix that know each other. */
export async function startHarness(options: Partial<EventSubClientOptions> = {}): Promise<Harness> {
  const server = await TinyEventSubServer.start();
  const api = new FakeSubscriptionApi();
  const clock = new ManualClock();
  const sink = new MemoryLogSink();
  const logger = createLogger(sink, { now: () => clock.now() });
  const client = new EventSubClient({
    eventsubUrl: server.url,
    userId: OUR_USER,
    subscriptions: api,
    clock,
    logger,
    random: () => 0.5,
    ...options,
  });
  const h: Harness = {
    server,
    api,
    clock,
    sink,
    client,
    messages: [],
    states: [],
    channelStatuses: [],
    revoked: [],
    logEvents: () => sink.records.map((r) => r.event),
    cleanup: async () => {
      await client.stop();
      await server.close();
    },
  };
  // Through `h`, so a test that replaces the server keeps the two in step.
  api.sessionExists = (id) => h.server.isOpen(id);
  server.onSocketClosed = (id) => api.disableSession(id);
  client.on('chatMessage', (m) => h.messages.push(m));
  client.on('state', (s) => h.states.push(s));
  client.on('channelStatus', (s) => h.channelStatuses.push(s));
  client.on('authorizationRevoked', (r) => h.revoked.push(r));
  return h;
}
