import { newUuid, twitchTime } from './ids.js';

export interface FakeSubscription {
  id: string;
  /** Creation order, for "oldest first" listings and cursors. */
  seq: number;
  type: string;
  version: string;
  condition: Record<string, string>;
  /** The token that created it (Twitch scopes subscriptions to client ID + user). */
  clientId: string;
  userId: string;
  status: string;
  sessionId: string;
  connectedAt: number;
  disconnectedAt: number | undefined;
  createdAt: number;
  /** G6: until this time a disabled subscription still counts (and lists) as enabled. */
  lingerUntil: number | undefined;
}

/** Twitch's WebSocket subscription statuses (TWITCH.md §8); listings reject other values. */
export const SUBSCRIPTION_STATUSES = [
  'enabled',
  'webhook_callback_verification_pending',
  'webhook_callback_verification_failed',
  'notification_failures_exceeded',
  'authorization_revoked',
  'moderator_removed',
  'user_removed',
  'chat_user_banned',
  'version_removed',
  'beta_maintenance',
  'websocket_disconnected',
  'websocket_failed_ping_pong',
  'websocket_received_inbound_traffic',
  'websocket_connection_unused',
  'websocket_internal_error',
  'websocket_network_timeout',
  'websocket_network_error',
  'websocket_failed_to_reconnect',
] as const;

/** The subscription status a session close leaves behind, by close code. */
export function statusForCloseCode(code: number | undefined): string {
  switch (code) {
    case 4000: return 'websocket_internal_error';
    case 4001: return 'websocket_received_inbound_traffic';
    case 4002: return 'websocket_failed_ping_pong';
    case 4003: return 'websocket_connection_unused';
    case 4004: return 'websocket_failed_to_reconnect';
    case 4005: return 'websocket_network_timeout';
    case 4006: return 'websocket_network_error';
    case 4007: return 'websocket_failed_to_reconnect';
    default: return 'websocket_disconnected';
  }
}

export class SubscriptionRegistry {
  readonly #subs = new Map<string, FakeSubscription>();
  // Indexes, so a create checks one user's subscriptions and one session's, not every one the
  // fake holds (2,000 creates over 2,000 subscriptions made the fake, not the app, the
  // bottleneck of the start-up benchmark). Each keeps creation order.
  readonly #byOwner = new Map<string, Map<string, FakeSubscription>>();
  readonly #bySession = new Map<string, Map<string, FakeSubscription>>();
  #seq = 0;

  create(input: Pick<FakeSubscription, 'type' | 'version' | 'condition' | 'clientId' | 'userId' | 'sessionId' | 'connectedAt' | 'createdAt'>): FakeSubscription {
    const sub: FakeSubscription = {
      ...input,
      condition: { ...input.condition },
      id: newUuid(),
      seq: ++this.#seq,
      status: 'enabled',
      disconnectedAt: undefined,
      lingerUntil: undefined,
    };
    this.#subs.set(sub.id, sub);
    indexAdd(this.#byOwner, ownerKey(sub.clientId, sub.userId), sub);
    indexAdd(this.#bySession, sub.sessionId, sub);
    return sub;
  }

  get(id: string): FakeSubscription | undefined {
    return this.#subs.get(id);
  }

  delete(id: string): boolean {
    const sub = this.#subs.get(id);
    if (!sub) return false;
    this.#subs.delete(id);
    indexRemove(this.#byOwner, ownerKey(sub.clientId, sub.userId), sub);
    indexRemove(this.#bySession, sub.sessionId, sub);
    return true;
  }

  /** Oldest first: a Map iterates in insertion order, and `seq` grows with every insertion. */
  all(): FakeSubscription[] {
    return [...this.#subs.values()];
  }

  /** Those created by one client ID + user (what that user token can see), oldest first. */
  ownedBy(clientId: string, userId: string): FakeSubscription[] {
    return [...(this.#byOwner.get(ownerKey(clientId, userId))?.values() ?? [])];
  }

  /** Live or (G6) lingering: what 409 and listings consider "enabled". */
  countsAsEnabled(sub: FakeSubscription, now: number): boolean {
    return sub.status === 'enabled' || (sub.lingerUntil !== undefined && now < sub.lingerUntil);
  }

  effectiveStatus(sub: FakeSubscription, now: number): string {
    return this.countsAsEnabled(sub, now) ? 'enabled' : sub.status;
  }

  /** Really enabled subscriptions bound to a session (the ones that get events). */
  enabledOn(sessionId: string): FakeSubscription[] {
    return [...(this.#bySession.get(sessionId)?.values() ?? [])].filter((s) => s.status === 'enabled');
  }

  disableSession(sessionId: string, status: string, at: number, lingerMs: number): void {
    for (const sub of this.enabledOn(sessionId)) {
      sub.status = status;
      sub.disconnectedAt = at;
      sub.lingerUntil = lingerMs > 0 ? at + lingerMs : undefined;
    }
  }

  /** session_reconnect handover: the subscriptions follow the client to its new session. */
  moveSession(fromId: string, toId: string, connectedAt: number): number {
    const moved = this.enabledOn(fromId);
    for (const sub of moved) {
      indexRemove(this.#bySession, sub.sessionId, sub);
      sub.sessionId = toId;
      sub.connectedAt = connectedAt;
      indexAdd(this.#bySession, toId, sub);
    }
    // Oldest first even if the new session already held some.
    const target = this.#bySession.get(toId);
    if (target && moved.length > 0) {
      const sorted = [...target.values()].sort((a, b) => a.seq - b.seq);
      this.#bySession.set(toId, new Map(sorted.map((sub) => [sub.id, sub])));
    }
    return moved.length;
  }

  toJson(sub: FakeSubscription, now: number): Record<string, unknown> {
    const lingering = sub.status !== 'enabled' && this.countsAsEnabled(sub, now);
    const transport: Record<string, unknown> = {
      method: 'websocket',
      session_id: sub.sessionId,
      connected_at: twitchTime(sub.connectedAt),
    };
    if (sub.disconnectedAt !== undefined && !lingering) transport.disconnected_at = twitchTime(sub.disconnectedAt);
    return {
      id: sub.id,
      status: this.effectiveStatus(sub, now),
      type: sub.type,
      version: sub.version,
      condition: { ...sub.condition },
      created_at: twitchTime(sub.createdAt),
      transport,
      cost: 0,
    };
  }
}

function ownerKey(clientId: string, userId: string): string {
  return `${clientId}\u0000${userId}`;
}

function indexAdd(index: Map<string, Map<string, FakeSubscription>>, key: string, sub: FakeSubscription): void {
  let bucket = index.get(key);
  if (!bucket) index.set(key, (bucket = new Map()));
  bucket.set(sub.id, sub);
}

function indexRemove(index: Map<string, Map<string, FakeSubscription>>, key: string, sub: FakeSubscription): void {
  const bucket = index.get(key);
  if (!bucket) return;
  bucket.delete(sub.id);
  if (bucket.size === 0) index.delete(key);
}
