import { TwitchApiError } from '../../../../../src-core/twitch/errors.js';
import type { ChatSubscription, SubscriptionApi } from '../../../../../src-core/twitch/eventsub/subscription-api.js';

export type ApiCall =
  | { op: 'create'; broadcasterUserId: string; sessionId: string }
  | { op: 'list' }
  | { op: 'delete'; id: string };

type Op = ApiCall['op'];

/**
 * An in-memory SubscriptionApi behaving like the Helix client: a 409 for a second enabled
 * subscription with the same condition is resolved as the client does (G6), a session the
 * server does not know gives 400 "session gone", delete treats 404 as success. Failures
 * can be queued per operation.
 */
export class FakeSubscriptionApi implements SubscriptionApi {
  readonly subs = new Map<string, ChatSubscription>();
  readonly calls: ApiCall[] = [];
  /** Whether a session id is alive (defaults to always). */
  sessionExists: (sessionId: string) => boolean = () => true;
  /** Holds every call until released (for in-flight interleavings). */
  gate: Promise<void> | undefined;
  #failures: Record<Op, unknown[]> = { create: [], list: [], delete: [] };
  #seq = 0;

  failNext(op: Op, error: unknown, times = 1): void {
    for (let i = 0; i < times; i += 1) this.#failures[op].push(error);
  }

  /** What Twitch does when a session's socket goes: its subscriptions stop being enabled. */
  disableSession(sessionId: string): void {
    for (const sub of this.subs.values()) if (sub.sessionId === sessionId) sub.status = 'websocket_disconnected';
  }

  enabled(): ChatSubscription[] {
    return [...this.subs.values()].filter((s) => s.status === 'enabled');
  }

  creates(): Extract<ApiCall, { op: 'create' }>[] {
    return this.calls.filter((c): c is Extract<ApiCall, { op: 'create' }> => c.op === 'create');
  }

  deletes(): string[] {
    return this.calls.flatMap((c) => (c.op === 'delete' ? [c.id] : []));
  }

  async createChatSubscription(input: { sessionId: string; broadcasterUserId: string; userId: string }, signal?: AbortSignal): Promise<ChatSubscription> {
    this.calls.push({ op: 'create', broadcasterUserId: input.broadcasterUserId, sessionId: input.sessionId });
    await this.#enter('create', signal);
    if (!this.sessionExists(input.sessionId)) {
      throw new TwitchApiError(400, 'POST', '/eventsub/subscriptions', 'websocket transport session does not exist or has already disconnected');
    }
    const clash = [...this.subs.values()].find((s) => s.status === 'enabled' && s.broadcasterUserId === input.broadcasterUserId && s.userId === input.userId);
    if (clash) {
      // What the Helix client does on 409 (G6): adopt ours, or delete the stale one and create again.
      this.calls.push({ op: 'list' });
      if (clash.sessionId === input.sessionId) return { ...clash };
      this.calls.push({ op: 'delete', id: clash.id });
      this.subs.delete(clash.id);
    }
    this.#seq += 1;
    const sub: ChatSubscription = { id: `sub-${this.#seq}`, status: 'enabled', broadcasterUserId: input.broadcasterUserId, userId: input.userId, sessionId: input.sessionId };
    this.subs.set(sub.id, sub);
    return { ...sub };
  }

  async listChatSubscriptions(signal?: AbortSignal): Promise<ChatSubscription[]> {
    this.calls.push({ op: 'list' });
    await this.#enter('list', signal);
    return [...this.subs.values()].map((s) => ({ ...s }));
  }

  async deleteSubscription(id: string, signal?: AbortSignal): Promise<void> {
    this.calls.push({ op: 'delete', id });
    await this.#enter('delete', signal);
    this.subs.delete(id);
  }

  async #enter(op: Op, signal?: AbortSignal): Promise<void> {
    if (this.gate) await this.gate;
    signal?.throwIfAborted();
    const failure = this.#failures[op].shift();
    if (failure !== undefined) throw failure;
  }
}
