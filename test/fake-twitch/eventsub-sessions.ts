import type { WebSocket } from 'ws';
import type { Clock, TimerHandle } from '../../src-core/runtime/clock.js';
import { newReconnectKey, newSessionId, newUuid, twitchTime } from './ids.js';
import type { FakeTwitchLog } from './log.js';
import type { FakeTwitchTimings } from './options.js';
import type { SubscriptionRegistry } from './subscriptions.js';
import { statusForCloseCode } from './subscriptions.js';

export type SessionState = 'connected' | 'reconnecting' | 'handed-over' | 'closed';

export interface SessionInfo {
  id: string;
  state: SessionState;
  keepaliveTimeoutSeconds: number;
  connectedAt: number;
  silent: boolean;
  /** Enabled subscriptions currently bound to this session. */
  subscriptionIds: string[];
  /** Set after session_reconnect until the handover ends. */
  reconnectUrl: string | undefined;
  /** The session that took over after a reconnect handover. */
  successorId: string | undefined;
  /** Came from a reconnect_url. */
  predecessorId: string | undefined;
}

interface Session {
  id: string;
  ws: WebSocket;
  state: SessionState;
  keepaliveTimeoutSeconds: number;
  connectedAt: number;
  silent: boolean;
  everSubscribed: boolean;
  keepaliveTimer: TimerHandle | undefined;
  deadlineTimer: TimerHandle | undefined;
  graceTimer: TimerHandle | undefined;
  pingTimer: TimerHandle | undefined;
  reconnectKey: string | undefined;
  successorId: string | undefined;
  predecessorId: string | undefined;
  /** Set when the fake ends the connection, so the close event knows who closed. */
  serverClose: { code: number; status: string } | undefined;
}

export interface SessionDeps {
  clock: Clock;
  log: FakeTwitchLog;
  subscriptions: SubscriptionRegistry;
  timings: FakeTwitchTimings;
  lingerMs: () => number;
  /** ws://127.0.0.1:PORT/ws */
  eventsubUrl: () => string;
}

export interface Envelope {
  metadata: Record<string, unknown>;
  payload: unknown;
}

/** EventSub WebSocket sessions: welcome, keepalive, deadlines, reconnect handover, closes. */
export class EventSubSessions {
  readonly #sessions = new Map<string, Session>();
  readonly #deps: SessionDeps;

  constructor(deps: SessionDeps) {
    this.#deps = deps;
  }

  accept(ws: WebSocket, url: URL): void {
    const key = url.searchParams.get('reconnect');
    const predecessor = key === null ? undefined : this.#byReconnectKey(key);
    const session = this.#newSession(ws, predecessor?.keepaliveTimeoutSeconds ?? this.#clampKeepalive(url.searchParams.get('keepalive_timeout_seconds')));
    this.#deps.log.addSocketEvent({ sessionId: session.id, kind: 'open' });
    ws.on('message', (_data, isBinary) => {
      this.#deps.log.addSocketEvent({ sessionId: session.id, kind: 'received', messageType: isBinary ? 'binary' : 'text' });
      this.close(session.id, 4001, 'client sent inbound traffic');
    });
    ws.on('pong', () => {
      session.pingTimer?.cancel();
      session.pingTimer = undefined;
    });
    ws.on('close', (code, reason) => this.#onClosed(session, code, reason.toString()));
    ws.on('error', () => undefined); // a reset shows up as 'close' too
    if (key !== null && !predecessor) {
      this.close(session.id, 4007, 'invalid reconnect');
      return;
    }
    this.#sendWelcome(session);
    if (predecessor) this.#completeHandover(predecessor, session);
    if (!session.everSubscribed) {
      const deadline = this.#deps.timings.welcomeDeadlineMs ?? session.keepaliveTimeoutSeconds * 1000;
      session.deadlineTimer = this.#deps.clock.setTimeout(() => {
        if (!session.everSubscribed && this.#isOpen(session)) this.close(session.id, 4003, 'connection unused');
      }, deadline);
    }
  }

  #newSession(ws: WebSocket, keepaliveTimeoutSeconds: number): Session {
    const session: Session = {
      id: newSessionId(),
      ws,
      state: 'connected',
      keepaliveTimeoutSeconds,
      connectedAt: this.#deps.clock.now(),
      silent: false,
      everSubscribed: false,
      keepaliveTimer: undefined,
      deadlineTimer: undefined,
      graceTimer: undefined,
      pingTimer: undefined,
      reconnectKey: undefined,
      successorId: undefined,
      predecessorId: undefined,
      serverClose: undefined,
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  #clampKeepalive(raw: string | null): number {
    const value = raw === null ? Number.NaN : Number(raw);
    if (!Number.isFinite(value)) return this.#deps.timings.defaultKeepaliveTimeoutSeconds;
    return Math.min(600, Math.max(10, Math.round(value)));
  }

  #byReconnectKey(key: string): Session | undefined {
    for (const s of this.#sessions.values()) if (s.reconnectKey === key && s.state === 'reconnecting') return s;
    return undefined;
  }

  #sendWelcome(session: Session): void {
    this.send(session.id, this.envelope('session_welcome', {
      session: {
        id: session.id,
        status: 'connected',
        connected_at: twitchTime(session.connectedAt),
        keepalive_timeout_seconds: session.keepaliveTimeoutSeconds,
        reconnect_url: null,
      },
    }));
  }

  /** The new welcome went out: from now on the new session delivers; the old one is done. */
  #completeHandover(old: Session, next: Session): void {
    const moved = this.#deps.subscriptions.moveSession(old.id, next.id, next.connectedAt);
    next.everSubscribed = moved > 0 || old.everSubscribed;
    next.predecessorId = old.id;
    old.state = 'handed-over';
    old.successorId = next.id;
    old.reconnectKey = undefined;
    old.keepaliveTimer?.cancel();
    old.keepaliveTimer = undefined;
  }

  envelope(messageType: string, payload: unknown, extra: Record<string, unknown> = {}): Envelope {
    return {
      metadata: { message_id: newUuid(), message_type: messageType, message_timestamp: twitchTime(this.#deps.clock.now()), ...extra },
      payload,
    };
  }

  /** Sends a frame if the session is open; a silent session drops it. Resets the keepalive window. */
  send(sessionId: string, frame: Envelope | string | Buffer): boolean {
    const session = this.#sessions.get(sessionId);
    if (!session || !this.#isOpen(session)) return false;
    const messageType = typeof frame === 'object' && !Buffer.isBuffer(frame) ? String(frame.metadata.message_type) : 'raw';
    if (session.silent) {
      this.#deps.log.addSocketEvent({ sessionId, kind: 'dropped-while-silent', messageType });
      return false;
    }
    session.ws.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame));
    this.#deps.log.addSocketEvent({ sessionId, kind: 'sent', messageType });
    this.#armKeepalive(session);
    return true;
  }

  #armKeepalive(session: Session): void {
    session.keepaliveTimer?.cancel();
    session.keepaliveTimer = undefined;
    if (session.silent || session.state === 'handed-over' || !this.#isOpen(session)) return;
    const interval = this.#deps.timings.keepaliveIntervalMs ?? session.keepaliveTimeoutSeconds * 1000;
    session.keepaliveTimer = this.#deps.clock.setTimeout(() => {
      session.keepaliveTimer = undefined;
      this.send(session.id, this.envelope('session_keepalive', {}));
    }, interval);
  }

  /** A subscription was created on this session: the welcome deadline is met. */
  markSubscribed(sessionId: string): void {
    const session = this.#sessions.get(sessionId);
    if (!session) return;
    session.everSubscribed = true;
    session.deadlineTimer?.cancel();
    session.deadlineTimer = undefined;
  }

  /** When a session connected; a direct lookup, since info() walks every subscription. */
  connectedAt(sessionId: string): number | undefined {
    return this.#sessions.get(sessionId)?.connectedAt;
  }

  /** Sessions that accept new subscriptions (G8: others answer 400). */
  isLive(sessionId: string): boolean {
    const session = this.#sessions.get(sessionId);
    return !!session && this.#isOpen(session) && (session.state === 'connected' || session.state === 'reconnecting');
  }

  /** Sends session_reconnect and starts the grace timer (4004 when it runs out). */
  reconnect(sessionId: string): string {
    const session = this.#require(sessionId);
    if (session.state !== 'connected') throw new Error(`fake-twitch: session ${sessionId} is ${session.state}`);
    session.state = 'reconnecting';
    session.reconnectKey = newReconnectKey();
    const reconnectUrl = `${this.#deps.eventsubUrl()}?reconnect=${session.reconnectKey}`;
    this.send(session.id, this.envelope('session_reconnect', {
      session: { id: session.id, status: 'reconnecting', keepalive_timeout_seconds: null, reconnect_url: reconnectUrl, connected_at: twitchTime(session.connectedAt) },
    }));
    session.graceTimer = this.#deps.clock.setTimeout(() => {
      session.graceTimer = undefined;
      session.reconnectKey = undefined;
      if (this.#isOpen(session)) this.close(session.id, 4004, 'reconnect grace time expired');
    }, this.#deps.timings.reconnectGraceMs);
    return reconnectUrl;
  }

  /** Closes with a code; the subscriptions left behind get the matching status at once. */
  close(sessionId: string, code: number, reason = ''): void {
    const session = this.#require(sessionId);
    if (!this.#isOpen(session)) return;
    session.serverClose = { code, status: statusForCloseCode(code) };
    this.#release(session, session.serverClose.status);
    session.ws.close(code, reason);
  }

  /** Ends the TCP connection with no close frame (the client sees 1006). */
  drop(sessionId: string): void {
    const session = this.#require(sessionId);
    if (!this.#isOpen(session)) return;
    session.serverClose = { code: 1006, status: 'websocket_disconnected' };
    this.#release(session, session.serverClose.status);
    session.ws.terminate();
  }

  /** Silent: nothing reaches the client (no keepalives, no notifications) until resumed. */
  setSilent(sessionId: string, silent: boolean): void {
    const session = this.#require(sessionId);
    session.silent = silent;
    this.#armKeepalive(session);
  }

  /** A WebSocket Ping; no Pong within `timeoutMs` closes with 4002. */
  ping(sessionId: string, timeoutMs: number): void {
    const session = this.#require(sessionId);
    if (!this.#isOpen(session)) return;
    session.pingTimer?.cancel();
    session.pingTimer = this.#deps.clock.setTimeout(() => {
      session.pingTimer = undefined;
      this.close(session.id, 4002, 'client failed ping-pong');
    }, timeoutMs);
    session.ws.ping();
  }

  #onClosed(session: Session, code: number, reason: string): void {
    const byServer = session.serverClose !== undefined;
    this.#deps.log.addSocketEvent({ sessionId: session.id, kind: 'close', code: byServer ? session.serverClose?.code : code, reason, by: byServer ? 'server' : 'client' });
    this.#release(session, 'websocket_disconnected');
  }

  /** The session is over: timers stop, and its subscriptions are disabled unless they moved on. */
  #release(session: Session, status: string): void {
    if (session.state === 'closed') return;
    const wasState = session.state;
    session.state = 'closed';
    session.reconnectKey = undefined;
    for (const timer of [session.keepaliveTimer, session.deadlineTimer, session.graceTimer, session.pingTimer]) timer?.cancel();
    session.keepaliveTimer = session.deadlineTimer = session.graceTimer = session.pingTimer = undefined;
    if (wasState === 'handed-over') return; // its subscriptions live on in the successor
    this.#deps.subscriptions.disableSession(session.id, status, this.#deps.clock.now(), this.#deps.lingerMs());
  }

  #isOpen(session: Session): boolean {
    return session.state !== 'closed' && session.ws.readyState === session.ws.OPEN;
  }

  #require(sessionId: string): Session {
    const session = this.#sessions.get(sessionId);
    if (!session) throw new Error(`fake-twitch: no session ${sessionId}`);
    return session;
  }

  info(): SessionInfo[] {
    return [...this.#sessions.values()].map((s) => ({
      id: s.id,
      state: s.state,
      keepaliveTimeoutSeconds: s.keepaliveTimeoutSeconds,
      connectedAt: s.connectedAt,
      silent: s.silent,
      subscriptionIds: this.#deps.subscriptions.enabledOn(s.id).map((sub) => sub.id),
      reconnectUrl: s.reconnectKey === undefined ? undefined : `${this.#deps.eventsubUrl()}?reconnect=${s.reconnectKey}`,
      successorId: s.successorId,
      predecessorId: s.predecessorId,
    }));
  }

  /** Ends every socket and timer (FakeTwitch.close). */
  closeAll(): void {
    for (const session of this.#sessions.values()) {
      if (session.state === 'closed') continue;
      session.serverClose ??= { code: 1006, status: 'websocket_disconnected' };
      this.#release(session, session.serverClose.status);
      session.ws.terminate();
    }
  }
}
