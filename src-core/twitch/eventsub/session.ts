import { WebSocket, type RawData } from 'ws';
import { onAbort } from '../../runtime/abort.js';
import type { Clock, TimerHandle } from '../../runtime/clock.js';
import { describeError } from '../../runtime/errors.js';
import type { Logger } from '../../runtime/logger.js';
import type { ChatMessage } from '../chat-message.js';
import type { ProxySettings } from '../http/proxy-env.js';
import { describeCloseCode, type CloseCodeInfo } from './close-codes.js';
import { FrameDispatcher } from './frame-dispatcher.js';
import type { EventSubFrame, Revocation } from './frames.js';
import { webSocketAgent, type ProxyTunnelAgent } from './proxy-agent.js';

/** Twitch's deadline is the welcome's keepalive timeout; allow 20 % grace, as twurple does. */
export const KEEPALIVE_GRACE_FACTOR = 1.2;
/** A chat frame is a few KB; anything near this is not Twitch. */
const MAX_FRAME_BYTES = 1024 * 1024;

export type SessionState = 'connecting' | 'welcomed' | 'reconnecting' | 'closed';

/** Why a session ended. Exactly one is reported per session. */
export type SessionEnd =
  | { kind: 'closed_by_us' }
  | { kind: 'server_closed'; close: CloseCodeInfo; reason: string }
  | { kind: 'keepalive_timeout'; timeoutMs: number }
  | { kind: 'connect_timeout'; timeoutMs: number }
  | { kind: 'connect_failed'; error: string };

export interface SessionWelcome {
  sessionId: string;
  keepaliveTimeoutSeconds: number;
  /** Twitch's timestamp of the welcome, epoch ms: lets the owner estimate clock skew. */
  sentAt: number;
}

/** Called synchronously from the one frame dispatcher of the socket (R08). */
export interface SessionHandlers {
  onWelcome(session: EventSubSession, welcome: SessionWelcome): void;
  onChatMessage(session: EventSubSession, message: ChatMessage): void;
  onRevocation(session: EventSubSession, revocation: Revocation): void;
  onReconnectRequested(session: EventSubSession, reconnectUrl: string): void;
  onEnd(session: EventSubSession, end: SessionEnd): void;
}

export interface SessionOptions {
  /** Opened exactly as given (a reconnect URL must not be changed). */
  url: string;
  userId: string;
  clock: Clock;
  logger: Logger;
  signal?: AbortSignal;
  /** Time allowed from opening the socket until the welcome. */
  connectTimeoutMs: number;
  /** Used only if a welcome omits `keepalive_timeout_seconds`. */
  fallbackKeepaliveSeconds: number;
  /** The environment's proxy rules; defaults to process.env. */
  proxy?: ProxySettings;
  handlers: SessionHandlers;
}

/**
 * One EventSub WebSocket: connecting -> welcomed -> (reconnecting) -> closed. It never
 * sends anything (ws answers pings with pongs by itself). One listener reads frames and
 * feeds the dispatcher; the watchdog only looks at the time of the last frame.
 */
export class EventSubSession {
  readonly url: string;
  readonly closed: Promise<void>;
  #state: SessionState = 'connecting';
  #sessionId: string | undefined;
  #lastFrameAt: number;
  #keepaliveDeadlineMs = 0;
  #timer: TimerHandle | undefined;
  #pendingEnd: SessionEnd | undefined;
  #lastError: string | undefined;
  #opened = false;
  #resolveClosed!: () => void;
  readonly #ws: WebSocket;
  readonly #agent: ProxyTunnelAgent | undefined;
  readonly #options: SessionOptions;
  readonly #logger: Logger;
  readonly #dispatcher: FrameDispatcher;
  readonly #disposeAbort: () => void;

  constructor(options: SessionOptions) {
    this.url = options.url;
    this.#options = options;
    this.#logger = options.logger;
    this.#lastFrameAt = options.clock.now();
    this.closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    this.#dispatcher = new FrameDispatcher({
      userId: options.userId,
      logger: options.logger,
      onFrame: (frame) => this.#onFrame(frame),
    });
    // `new WebSocket` arms the agent's CONNECT deadline before the connect timer below, so
    // when both are due at once a silent proxy is reported as such, not as a silent Twitch.
    this.#agent = webSocketAgent(new URL(options.url), {
      ...(options.proxy ?? { env: process.env }),
      clock: options.clock,
      timeoutMs: options.connectTimeoutMs,
    });
    if (this.#agent) {
      this.#logger.debug('eventsub.via_proxy', `Opening the EventSub socket through the proxy ${String(this.#agent.proxy)}`);
    }
    this.#ws = new WebSocket(options.url, {
      perMessageDeflate: false,
      maxPayload: MAX_FRAME_BYTES,
      ...(this.#agent ? { agent: this.#agent } : {}),
    });
    this.#ws.on('open', () => {
      this.#opened = true;
    });
    this.#ws.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    this.#ws.on('error', (error) => {
      this.#lastError = describeError(error);
    });
    this.#ws.on('close', (code, reason) => this.#onClose(code, reason.toString('utf8')));
    this.#timer = options.clock.setTimeout(() => this.#onConnectTimeout(), options.connectTimeoutMs);
    this.#disposeAbort = onAbort(options.signal, () => this.close());
  }

  get state(): SessionState {
    return this.#state;
  }

  /** Twitch's id for this session, once welcomed. */
  get sessionId(): string | undefined {
    return this.#sessionId;
  }

  /** The frames this socket's dispatcher skipped, delivered and rejected. */
  get frameCounts(): { skipped: number; delivered: number; rejected: number } {
    const { skipped, delivered, rejected } = this.#dispatcher;
    return { skipped, delivered, rejected };
  }

  /** Whether no frame arrived for `ms` (e.g. after a system resume). */
  silentFor(ms: number): boolean {
    return this.#options.clock.now() - this.#lastFrameAt >= ms;
  }

  get keepaliveTimeoutMs(): number {
    return this.#keepaliveDeadlineMs / KEEPALIVE_GRACE_FACTOR;
  }

  /**
   * Closes the socket. Frames already on their way are still delivered until the socket
   * is closed, so a session_reconnect handover loses nothing; `onEnd` follows.
   */
  close(): void {
    this.#beginEnd({ kind: 'closed_by_us' });
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.close(1000);
    else this.#ws.terminate();
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    if (this.#state === 'closed') return;
    // Any frame proves the connection alive; WebSocket pings do not reach this (R06, G15).
    this.#lastFrameAt = this.#options.clock.now();
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (isBinary) {
      // Through the dispatcher's counter, so a flood of them cannot flood the log (R10).
      this.#dispatcher.rejectBinary(bytes.length);
      return;
    }
    try {
      this.#dispatcher.dispatch(bytes);
    } catch (error) {
      // Our own handler failed: a bug. Log it loudly, keep the socket (R19).
      this.#logger.error('eventsub.handler_failed', `Handling an EventSub frame failed: ${describeError(error)}`, {
        error,
        session: this.#sessionId,
      });
    }
  }

  #onFrame(frame: EventSubFrame): void {
    const { handlers } = this.#options;
    const ending = this.#pendingEnd !== undefined;
    switch (frame.kind) {
      case 'welcome':
        if (ending) return;
        this.#onWelcome(frame.sessionId, frame.keepaliveTimeoutSeconds, frame.sentAt);
        return;
      case 'keepalive':
        return;
      case 'reconnect':
        if (ending) return;
        if (this.#state !== 'welcomed') {
          this.#logger.warn('eventsub.unexpected_reconnect', `Ignored session_reconnect in state ${this.#state}`, {
            session: this.#sessionId,
          });
          return;
        }
        this.#state = 'reconnecting';
        handlers.onReconnectRequested(this, frame.reconnectUrl);
        return;
      case 'chat_message':
        handlers.onChatMessage(this, frame.message);
        return;
      case 'revocation':
        handlers.onRevocation(this, frame.revocation);
        return;
      case 'other_notification':
        this.#logger.debug('eventsub.other_notification', `Ignored a ${frame.subscriptionType} notification`);
        return;
    }
  }

  #onWelcome(sessionId: string, keepaliveSeconds: number | undefined, sentAt: number): void {
    if (this.#state !== 'connecting') {
      this.#logger.warn('eventsub.unexpected_welcome', `Ignored a second session_welcome in state ${this.#state}`, {
        session: this.#sessionId,
      });
      return;
    }
    const seconds = keepaliveSeconds ?? this.#options.fallbackKeepaliveSeconds;
    this.#sessionId = sessionId;
    this.#state = 'welcomed';
    this.#keepaliveDeadlineMs = Math.round(seconds * 1000 * KEEPALIVE_GRACE_FACTOR);
    this.#armWatchdog(this.#keepaliveDeadlineMs);
    this.#options.handlers.onWelcome(this, { sessionId, keepaliveTimeoutSeconds: seconds, sentAt });
  }

  /**
   * One timer per deadline, not one per frame: frames only stamp #lastFrameAt, and the
   * timer re-arms itself for the remaining time. Keeps the hot path free of timer calls.
   */
  #armWatchdog(delayMs: number): void {
    this.#timer?.cancel();
    this.#timer = this.#options.clock.setTimeout(() => {
      this.#timer = undefined;
      const silent = this.#options.clock.now() - this.#lastFrameAt;
      if (silent < this.#keepaliveDeadlineMs) {
        this.#armWatchdog(this.#keepaliveDeadlineMs - silent);
        return;
      }
      this.#logger.warn('eventsub.keepalive_timeout', `No EventSub frame for ${silent} ms; replacing the session`, {
        session: this.#sessionId,
      });
      this.#beginEnd({ kind: 'keepalive_timeout', timeoutMs: this.#keepaliveDeadlineMs });
      this.#ws.terminate();
    }, delayMs);
  }

  #onConnectTimeout(): void {
    this.#timer = undefined;
    if (this.#state !== 'connecting') return;
    const tunnelError = this.#agent?.tunnelError;
    this.#beginEnd(
      tunnelError
        ? { kind: 'connect_failed', error: tunnelError.message }
        : { kind: 'connect_timeout', timeoutMs: this.#options.connectTimeoutMs },
    );
    this.#ws.terminate();
  }

  /** Stops the timers at once; the end is reported when the socket has really closed. */
  #beginEnd(end: SessionEnd): void {
    if (this.#pendingEnd || this.#state === 'closed') return;
    this.#pendingEnd = end;
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  #onClose(code: number, reason: string): void {
    if (this.#state === 'closed') return;
    const end: SessionEnd =
      this.#pendingEnd ??
      (this.#opened
        ? { kind: 'server_closed', close: describeCloseCode(code), reason: reason.slice(0, 200) }
        : { kind: 'connect_failed', error: this.#lastError ?? `closed with code ${code} before opening` });
    this.#state = 'closed';
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#disposeAbort();
    // A CONNECT still waiting for the proxy ends with the session.
    this.#agent?.destroy();
    this.#ws.removeAllListeners();
    // A late error from a dead socket must not become an unhandled 'error' event.
    this.#ws.on('error', () => {});
    this.#resolveClosed();
    this.#options.handlers.onEnd(this, end);
  }
}
