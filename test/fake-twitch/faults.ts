/** A fault injected on one route (method + exact path), for N requests or forever. */
export interface RouteFault {
  method: string;
  /** Exact path without the query string, e.g. `/helix/chat/color`. */
  path: string;
  /** Answer this status instead of the real logic (body: Twitch's error shape unless `body`). */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long on the fake's Clock first; then answer `status`, or run the real logic. */
  latencyMs?: number;
  /** Never answer (until the client gives up or the fake closes). */
  hang?: boolean;
  /** Destroy the TCP connection without answering. */
  drop?: boolean;
  /** How many matching requests this fault applies to (default: forever). */
  times?: number;
}

export interface FaultHandle {
  remove(): void;
}

interface ActiveFault extends RouteFault {
  left: number;
}

export class Faults {
  #faults: ActiveFault[] = [];

  add(fault: RouteFault): FaultHandle {
    const active: ActiveFault = { ...fault, method: fault.method.toUpperCase(), left: fault.times ?? Number.POSITIVE_INFINITY };
    this.#faults.push(active);
    return { remove: () => void (this.#faults = this.#faults.filter((f) => f !== active)) };
  }

  /** The first live fault for this route, counting one use of it. */
  take(method: string, path: string): RouteFault | undefined {
    const fault = this.#faults.find((f) => f.left > 0 && f.method === method && f.path === path);
    if (!fault) return undefined;
    fault.left -= 1;
    if (fault.left <= 0) this.#faults = this.#faults.filter((f) => f !== fault);
    return fault;
  }

  clear(): void {
    this.#faults = [];
  }
}
