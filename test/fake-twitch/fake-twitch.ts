import type { Clock } from '../../src-core/runtime/clock.js';
import type { Accounts, FakeClient, FakeUser, NewClient, NewUser } from './accounts.js';
import type { AuthStore, DeviceLoginInfo, TokenGrant } from './auth-store.js';
import type { Chat, Delivery, SayInput, SayResult } from './chat.js';
import type { EventSubSessions, SessionInfo } from './eventsub-sessions.js';
import type { FaultHandle, Faults, RouteFault } from './faults.js';
import type { FakeTwitchLog } from './log.js';
import type { FakeTwitchTimings, ResolvedOptions } from './options.js';
import type { RateLimitBudget, RateLimiter } from './rate-limit.js';
import type { SubscriptionRegistry } from './subscriptions.js';
import type { FakeStream, StartStreamInput, Streams } from './streams.js';

export interface FakeTwitchUrls {
  /** http://127.0.0.1:PORT/oauth2 (TWITCH_AUTH_URL) */
  auth: string;
  /** http://127.0.0.1:PORT/helix (TWITCH_API_URL) */
  api: string;
  /** ws://127.0.0.1:PORT/ws (TWITCH_EVENTSUB_URL) */
  eventsub: string;
  /** http://127.0.0.1:PORT/control */
  control: string;
}

export interface IssueTokenInput {
  /** User id or login. */
  user: string;
  clientId: string;
  /** Default: `user:read:chat user:manage:chat_color`. */
  scopes?: string[];
  expiresInSeconds?: number;
}

export interface SubscriptionInfo {
  id: string;
  /** Real status (a G6-lingering one shows its disabled status here, `enabled` over Helix). */
  status: string;
  /** What Helix listings and 409 checks see. */
  effectiveStatus: string;
  type: string;
  version: string;
  broadcasterUserId: string;
  userId: string;
  clientId: string;
  sessionId: string;
  createdAt: number;
  disconnectedAt: number | undefined;
}

export interface FakeTwitchParts {
  urls: FakeTwitchUrls;
  options: ResolvedOptions;
  log: FakeTwitchLog;
  accounts: Accounts;
  auth: AuthStore;
  limiter: RateLimiter;
  faults: Faults;
  subscriptions: SubscriptionRegistry;
  sessions: EventSubSessions;
  chat: Chat;
  streams: Streams;
  shutdown: () => Promise<void>;
}

export const DEFAULT_SCOPES = ['user:read:chat', 'user:manage:chat_color'];

/** The control surface tests use; see index.ts for the list. */
export class FakeTwitch {
  readonly urls: FakeTwitchUrls;
  readonly clock: Clock;
  readonly log: FakeTwitchLog;
  readonly #p: FakeTwitchParts;
  #closed: Promise<void> | undefined;

  constructor(parts: FakeTwitchParts) {
    this.#p = parts;
    this.urls = parts.urls;
    this.clock = parts.options.clock;
    this.log = parts.log;
  }

  // --- accounts ---------------------------------------------------------------------
  registerClient(input: NewClient = {}): FakeClient {
    return this.#p.accounts.registerClient(input);
  }

  createUser(input: NewUser): FakeUser {
    return this.#p.accounts.createUser(input);
  }

  /** Flip Prime/Turbo, set the current color or display name. */
  updateUser(user: string, patch: Partial<Pick<FakeUser, 'prime' | 'turbo' | 'color' | 'displayName'>>): FakeUser {
    return this.#p.accounts.updateUser(this.#p.accounts.resolveUser(user).id, patch);
  }

  user(user: string): FakeUser {
    return { ...this.#p.accounts.resolveUser(user) };
  }

  /** The user uploaded a new profile picture: GET /users reports a new URL; the old one is gone. */
  changeProfileImage(user: string): FakeUser {
    const found = this.#p.accounts.resolveUser(user);
    return this.#p.accounts.updateUser(found.id, { profileImageVersion: found.profileImageVersion + 1 });
  }

  /**
   * The account is closed or suspended (TWITCH.md §7 revocation `user_removed`): it stops
   * resolving in Get Users, its tokens die, and every enabled subscription with it in the
   * condition (as channel or as reader) is revoked with `user_removed`. Creating one with it
   * gives 400 "A user in the condition does not exist" (§8).
   */
  removeUser(user: string): FakeUser {
    const { id } = this.#p.accounts.resolveUser(user);
    for (const sub of this.#p.subscriptions.all()) {
      if (sub.status === 'enabled' && Object.values(sub.condition).includes(id)) this.revokeSubscription(sub.id, 'user_removed');
    }
    this.#p.auth.revokeUser(id);
    return this.#p.accounts.removeUser(id);
  }

  /** A suspension is lifted: the same id resolves again (nothing is re-subscribed by Twitch). */
  restoreUser(userId: string): FakeUser {
    return this.#p.accounts.restoreUser(userId);
  }

  /** The user changes their login: the id stays, lookups and chat events show the new name. */
  renameUser(user: string, login: string, displayName?: string): FakeUser {
    return this.#p.accounts.renameUser(this.#p.accounts.resolveUser(user).id, login, displayName);
  }

  /**
   * A moderator bans `user` from `channel`'s chat: that reader's enabled subscriptions there
   * are revoked with `chat_user_banned` (§7), and creating one is refused with 403 (its
   * wording is (unverified); this fake says "banned"). The banned user cannot chat there.
   */
  banUser(channel: string, user: string): void {
    const channelId = this.#p.accounts.resolveUser(channel).id;
    const userId = this.#p.accounts.resolveUser(user).id;
    this.#p.accounts.setBanned(channelId, userId, true);
    this.revokeChannelSubscriptions(channelId, 'chat_user_banned', { reader: userId });
  }

  unbanUser(channel: string, user: string): void {
    this.#p.accounts.setBanned(this.#p.accounts.resolveUser(channel).id, this.#p.accounts.resolveUser(user).id, false);
  }

  /** Revokes every enabled subscription to `channel`'s chat (of one reader, if given) with any status. */
  revokeChannelSubscriptions(channel: string, status: string, options: { reader?: string } = {}): number {
    const channelId = this.#p.accounts.resolveUser(channel).id;
    const readerId = options.reader === undefined ? undefined : this.#p.accounts.resolveUser(options.reader).id;
    let count = 0;
    for (const sub of this.#p.subscriptions.all()) {
      if (sub.status !== 'enabled' || sub.condition.broadcaster_user_id !== channelId) continue;
      if (readerId !== undefined && sub.condition.user_id !== readerId) continue;
      this.revokeSubscription(sub.id, status);
      count += 1;
    }
    return count;
  }

  users(): FakeUser[] {
    return this.#p.accounts.users();
  }

  // --- follows and streams (FOLLOWED-STREAMS.md) ---------------------------------------
  /** `user` follows each of `channels` (already following: unchanged). */
  follow(user: string, ...channels: string[]): void {
    const userId = this.#p.accounts.resolveUser(user).id;
    for (const channel of channels) this.#p.streams.follow(userId, this.#p.accounts.resolveUser(channel).id);
  }

  unfollow(user: string, channel: string): void {
    this.#p.streams.unfollow(this.#p.accounts.resolveUser(user).id, this.#p.accounts.resolveUser(channel).id);
  }

  /** `channel` goes live (a new stream id, started now unless told); if live, its viewers/title change. */
  startStream(channel: string, input: StartStreamInput = {}): FakeStream {
    return this.#p.streams.start(this.#p.accounts.resolveUser(channel).id, input);
  }

  /** `channel` goes offline; returns whether it was live. */
  stopStream(channel: string): boolean {
    return this.#p.streams.stop(this.#p.accounts.resolveUser(channel).id);
  }

  liveStreams(): FakeStream[] {
    return this.#p.streams.live();
  }

  // --- tokens -----------------------------------------------------------------------
  /** A token pair as if the device flow had just finished (no HTTP involved). */
  issueToken(input: IssueTokenInput): TokenGrant {
    const user = this.#p.accounts.resolveUser(input.user);
    if (!this.#p.accounts.client(input.clientId)) throw new Error(`fake-twitch: unknown client ${input.clientId}`);
    return this.#p.auth.issue({ userId: user.id, clientId: input.clientId, scopes: input.scopes ?? DEFAULT_SCOPES, expiresInSeconds: input.expiresInSeconds });
  }

  deviceLogins(): DeviceLoginInfo[] {
    return this.#p.auth.deviceLogins();
  }

  /** The user entered `userCode` on the activate page and clicked Authorize. */
  approveDevice(userCode: string, user: string): void {
    this.#p.auth.approveDevice(userCode, this.#p.accounts.resolveUser(user).id);
  }

  denyDevice(userCode: string): void {
    this.#p.auth.denyDevice(userCode);
  }

  /**
   * The user disconnected the app (or changed password): all access and refresh tokens die,
   * and (by default) their enabled subscriptions are revoked with `authorization_revoked`.
   */
  revokeUserTokens(user: string, options: { clientId?: string; revokeSubscriptions?: boolean } = {}): number {
    const userId = this.#p.accounts.resolveUser(user).id;
    const count = this.#p.auth.revokeUser(userId, options.clientId);
    if (options.revokeSubscriptions ?? true) {
      for (const sub of this.#p.subscriptions.all()) {
        if (sub.userId === userId && sub.status === 'enabled' && (options.clientId === undefined || sub.clientId === options.clientId)) {
          this.revokeSubscription(sub.id, 'authorization_revoked');
        }
      }
    }
    return count;
  }

  /** The access token expires now (its refresh token keeps working). */
  expireAccessToken(accessToken: string): void {
    if (this.#p.auth.expire({ accessToken }) === 0) throw new Error('fake-twitch: unknown access token');
  }

  /** Every access token of the user expires now. */
  expireUserTokens(user: string): number {
    return this.#p.auth.expire({ userId: this.#p.accounts.resolveUser(user).id });
  }

  // --- chat and EventSub --------------------------------------------------------------
  say(input: SayInput): SayResult {
    return this.#p.chat.say(input);
  }

  redeliver(messageId: string): Delivery[] {
    return this.#p.chat.redeliver(messageId);
  }

  /** Sends session_reconnect; returns the reconnect_url. Grace: timings.reconnectGraceMs. */
  sendReconnect(sessionId: string): string {
    return this.#p.sessions.reconnect(sessionId);
  }

  /** Closes the socket with a close frame (4000..4007 or any code). */
  closeSession(sessionId: string, code: number, reason = ''): void {
    this.#p.sessions.close(sessionId, code, reason);
  }

  /** With `code`: a close frame; without: the TCP connection just dies (client sees 1006). */
  dropSocket(sessionId: string, options: { code?: number; reason?: string } = {}): void {
    if (options.code === undefined) this.#p.sessions.drop(sessionId);
    else this.#p.sessions.close(sessionId, options.code, options.reason);
  }

  /** Nothing more reaches the client (no keepalives, no notifications) until `goSilent(id, false)`. */
  goSilent(sessionId: string, silent = true): void {
    this.#p.sessions.setSilent(sessionId, silent);
  }

  /** WebSocket Ping; no Pong within `timeoutMs` (Clock) closes with 4002. */
  ping(sessionId: string, timeoutMs = 10_000): void {
    this.#p.sessions.ping(sessionId, timeoutMs);
  }

  /** Sets the status and sends a `revocation` message to the subscription's session. */
  revokeSubscription(subscriptionId: string, status = 'authorization_revoked'): void {
    const sub = this.#p.subscriptions.get(subscriptionId);
    if (!sub) throw new Error(`fake-twitch: no subscription ${subscriptionId}`);
    const wasEnabled = sub.status === 'enabled';
    sub.status = status;
    sub.lingerUntil = undefined;
    if (!wasEnabled) return; // Twitch sends a revocation once
    const envelope = this.#p.sessions.envelope(
      'revocation',
      { subscription: this.#p.subscriptions.toJson(sub, this.clock.now()) },
      { subscription_type: sub.type, subscription_version: sub.version },
    );
    this.#p.sessions.send(sub.sessionId, envelope);
  }

  /** Any text (malformed JSON, unknown message types) or binary frame, as is. */
  sendRaw(sessionId: string, data: string | Buffer): boolean {
    return this.#p.sessions.send(sessionId, data);
  }

  /** A well-formed envelope with fresh metadata (message_id, timestamp) of any message_type. */
  sendMessage(sessionId: string, messageType: string, payload: unknown, metadata: Record<string, unknown> = {}): boolean {
    return this.#p.sessions.send(sessionId, this.#p.sessions.envelope(messageType, payload, metadata));
  }

  // --- faults and limits ----------------------------------------------------------------
  /** Status, latency, hang or drop on one route (e.g. `{ method: 'PUT', path: '/helix/chat/color', status: 503, times: 2 }`). `GET /ws` works too. */
  injectFault(fault: RouteFault): FaultHandle {
    return this.#p.faults.add(fault);
  }

  clearFaults(): void {
    this.#p.faults.clear();
  }

  setRateLimit(budget: RateLimitBudget): void {
    this.#p.limiter.setBudget(budget);
  }

  /** Changes timings from now on (running timers keep their schedule). */
  setTimings(timings: Partial<FakeTwitchTimings>): void {
    Object.assign(this.#p.options.timings, timings);
  }

  /** G6 fault switch (see FakeTwitchOptions.orphanedSubscriptionsLingerMs). */
  setOrphanedSubscriptionsLinger(ms: number): void {
    this.#p.options.orphanedSubscriptionsLingerMs = ms;
  }

  setEnforceDeviceInterval(enforce: boolean): void {
    this.#p.options.enforceDeviceInterval = enforce;
  }

  // --- inspection ---------------------------------------------------------------------
  sessions(): SessionInfo[] {
    return this.#p.sessions.info();
  }

  subscriptions(): SubscriptionInfo[] {
    const now = this.clock.now();
    return this.#p.subscriptions.all().map((s) => ({
      id: s.id,
      status: s.status,
      effectiveStatus: this.#p.subscriptions.effectiveStatus(s, now),
      type: s.type,
      version: s.version,
      broadcasterUserId: s.condition.broadcaster_user_id ?? '',
      userId: s.condition.user_id ?? '',
      clientId: s.clientId,
      sessionId: s.sessionId,
      createdAt: s.createdAt,
      disconnectedAt: s.disconnectedAt,
    }));
  }

  /** Ends every socket, pending response and timer, then stops listening. Idempotent. */
  close(): Promise<void> {
    this.#closed ??= this.#p.shutdown();
    return this.#closed;
  }
}
