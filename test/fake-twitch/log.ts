import type { Clock } from '../../src-core/runtime/clock.js';

export interface RequestEntry {
  seq: number;
  /** Clock time the request arrived (epoch ms). */
  at: number;
  method: string;
  /** Path without the query string, e.g. `/helix/chat/color`. */
  path: string;
  query: Record<string, string[]>;
  /** Undefined while the response is pending (or hanging forever). */
  status: number | undefined;
  /** From the Client-Id header or the `client_id` form field. */
  clientId: string | undefined;
  /** The token's user, once authenticated. */
  userId: string | undefined;
  /** `grant_type` of POST /oauth2/token. */
  grantType: string | undefined;
  /** Set when an injected fault answered instead of the fake's logic. */
  fault: 'status' | 'latency' | 'hang' | 'drop' | undefined;
}

export type SocketEventKind =
  | 'open'
  | 'sent'
  | 'received'
  | 'close'
  | 'dropped-while-silent';

export interface SocketEvent {
  seq: number;
  at: number;
  sessionId: string;
  kind: SocketEventKind;
  /** For `sent`/`dropped-while-silent`: the envelope's message_type, or `raw`. */
  messageType?: string;
  /** For `close`: the close code (1006 when the connection ended without a close frame). */
  code?: number;
  reason?: string;
  /** For `close`: who ended the connection. */
  by?: 'client' | 'server';
}

export interface ColorChange {
  userId: string;
  /** The `color` query value as Twitch received it (`blue`, `#9146FF`). */
  color: string;
  /** The resulting `#RRGGBB`. */
  hex: string;
  at: number;
}

export interface RequestFilter {
  method?: string;
  /** Exact path, or a RegExp tested against it. */
  path?: string | RegExp;
  status?: number;
  clientId?: string;
  userId?: string;
  grantType?: string;
}

export interface SocketEventFilter {
  sessionId?: string;
  kind?: SocketEventKind;
  messageType?: string;
  code?: number;
  by?: 'client' | 'server';
}

/** Everything the fake saw, in order, for tests to ask "how many?" and "when?". */
export class FakeTwitchLog {
  #seq = 0;
  readonly #requests: RequestEntry[] = [];
  readonly #sockets: SocketEvent[] = [];
  readonly #colors: ColorChange[] = [];
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** @internal */
  addRequest(entry: Omit<RequestEntry, 'seq' | 'at'>): RequestEntry {
    const full = { seq: ++this.#seq, at: this.#clock.now(), ...entry };
    this.#requests.push(full);
    return full;
  }

  /** @internal */
  addSocketEvent(event: Omit<SocketEvent, 'seq' | 'at'>): void {
    this.#sockets.push({ seq: ++this.#seq, at: this.#clock.now(), ...event });
  }

  /** @internal */
  addColorChange(change: Omit<ColorChange, 'at'>): void {
    this.#colors.push({ ...change, at: this.#clock.now() });
  }

  requests(filter: RequestFilter = {}): RequestEntry[] {
    return this.#requests.filter((r) => {
      if (filter.method !== undefined && r.method !== filter.method.toUpperCase()) return false;
      if (typeof filter.path === 'string' && r.path !== filter.path) return false;
      if (filter.path instanceof RegExp && !filter.path.test(r.path)) return false;
      if (filter.status !== undefined && r.status !== filter.status) return false;
      if (filter.clientId !== undefined && r.clientId !== filter.clientId) return false;
      if (filter.userId !== undefined && r.userId !== filter.userId) return false;
      if (filter.grantType !== undefined && r.grantType !== filter.grantType) return false;
      return true;
    });
  }

  /** POST /oauth2/token with grant_type=refresh_token, whatever the outcome (optionally only one status). */
  refreshGrants(filter: { status?: number; clientId?: string } = {}): number {
    return this.requests({ method: 'POST', path: '/oauth2/token', grantType: 'refresh_token', ...filter }).length;
  }

  /** Successful PUT /helix/chat/color calls, oldest first. */
  colorChanges(userId?: string): ColorChange[] {
    return this.#colors.filter((c) => userId === undefined || c.userId === userId);
  }

  socketEvents(filter: SocketEventFilter = {}): SocketEvent[] {
    return this.#sockets.filter((e) => {
      if (filter.sessionId !== undefined && e.sessionId !== filter.sessionId) return false;
      if (filter.kind !== undefined && e.kind !== filter.kind) return false;
      if (filter.messageType !== undefined && e.messageType !== filter.messageType) return false;
      if (filter.code !== undefined && e.code !== filter.code) return false;
      if (filter.by !== undefined && e.by !== filter.by) return false;
      return true;
    });
  }

  /** Close events only: which sockets closed, with which code, by whom. */
  closes(filter: Omit<SocketEventFilter, 'kind'> = {}): SocketEvent[] {
    return this.socketEvents({ ...filter, kind: 'close' });
  }

  clear(): void {
    this.#requests.length = 0;
    this.#sockets.length = 0;
    this.#colors.length = 0;
  }
}
