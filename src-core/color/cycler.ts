import { childController, isAbortError, onAbort, sleep } from '../runtime/abort.js';
import { Backoff } from '../runtime/backoff.js';
import { describeError } from '../runtime/errors.js';
import { colorLabel, toHelixParam } from './color-value.js';
import type { ColorValue } from './color-value.js';
import { ColorGenerator } from './generators.js';
import { PrimeTracker } from './prime-tracker.js';
import type { ApplyOutcome, ColorCyclerDeps, CyclerOptions, ManualChangeResult } from './cycler-types.js';
import type { PrimeStatus } from './options.js';

export type { ApplyOutcome, ColorCyclerDeps, CyclerOptions, ManualChangeResult } from './cycler-types.js';

interface ManualRequest {
  color: ColorValue;
  settle(result: ManualChangeResult): void;
}

type Trigger = 'automatic' | 'manual';

/** A 429 without a usable reset still waits at least this long (then backs off further). */
const RATE_LIMIT_FLOOR_MS = 1_000;
/** A bogus far-future reset header must not stop color changes for hours; buckets refill per minute. */
const RATE_LIMIT_MAX_WAIT_MS = 120_000;

/**
 * Changes one account's color after each of its messages. One change is in flight at a
 * time; messages meanwhile collapse into one follow-up change, chosen when it runs
 * (newest wins). A `ccc` waits for the change in flight, replaces automatic changes
 * still pending, and is itself replaced by a newer `ccc`. Turbo/Prime is learnt from
 * the first hex change. 429s wait for the reset and retry; other failures are reported
 * and back off automatic changes, so a broken Twitch is not hammered once per message.
 */
export class ColorCycler {
  readonly #deps: ColorCyclerDeps;
  readonly #controller: AbortController;
  readonly #generator: ColorGenerator;
  readonly #failureBackoff: Backoff;
  readonly #rateLimitBackoff: Backoff;
  #current: ColorValue | undefined;
  #pendingAuto = false;
  /** An automatic change that hit 429, to be sent again when the bucket refills. */
  #retryAuto: ColorValue | undefined;
  #pendingManual: ManualRequest | undefined;
  #lastAutoAt: number | undefined;
  /** 429: nothing is sent before this. */
  #notBefore = 0;
  /** After a failed automatic change: no automatic change before this. */
  #autoNotBefore = 0;
  readonly #primeTracker: PrimeTracker;
  /** Cleared synchronously when the loop leaves, so a trigger right after starts a new one. */
  #running = false;
  #draining: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(deps: ColorCyclerDeps) {
    this.#deps = deps;
    this.#controller = childController(deps.signal);
    this.#generator = new ColorGenerator(deps.random ? { random: deps.random } : {});
    const random = deps.random ? { random: deps.random } : {};
    this.#failureBackoff = new Backoff(random);
    this.#rateLimitBackoff = new Backoff(random);
    this.#current = deps.currentColor;
    this.#primeTracker = new PrimeTracker(() => deps.getOptions().prime);
    onAbort(this.#controller.signal, () => {
      this.#pendingAuto = false;
      this.#retryAuto = undefined;
      this.#takeManual()?.settle({ outcome: 'stopped' });
      this.#wake?.();
    });
  }

  /** The color last set through this cycler (or given at start). */
  get current(): ColorValue | undefined {
    return this.#current;
  }

  get stopped(): boolean {
    return this.#controller.signal.aborted;
  }

  /** The effective Turbo/Prime status, including a detection not yet persisted. */
  get prime(): PrimeStatus {
    return this.#prime();
  }

  /**
   * The color Twitch says the user has, learned after the cycler started: unless a change
   * went through meanwhile, the next color is chosen to differ from it (rainbow goes on
   * from it), so the first change after a start is a visible one.
   */
  learnCurrent(color: ColorValue): void {
    this.#current ??= color;
  }

  /** The account sent a chat message: change the color (once, however many arrive meanwhile). */
  trigger(): void {
    if (this.stopped || this.#deps.getOptions().enabled === false) return;
    this.#pendingAuto = true;
    this.#kick();
  }

  /** `ccc`: set `color` now, even when disabled and inside the minimum interval. */
  setNow(color: ColorValue): Promise<ManualChangeResult> {
    if (this.stopped) return Promise.resolve({ outcome: 'stopped' });
    if (color.kind === 'hex' && this.#prime() === 'no') return Promise.resolve(refusal(color));
    return new Promise((settle) => {
      this.#takeManual()?.settle({ outcome: 'superseded' });
      // Automatic changes asked for before this would be overwritten by it at once.
      this.#pendingAuto = false;
      this.#retryAuto = undefined;
      this.#pendingManual = { color, settle };
      this.#wake?.();
      this.#kick();
    });
  }

  /** Aborts the change in flight and every wait; resolves once nothing is left running. */
  async stop(): Promise<void> {
    this.#controller.abort();
    await this.#draining;
  }

  #kick(): void {
    if (this.#running || this.stopped) return;
    this.#running = true;
    this.#draining = this.#drain();
  }

  async #drain(): Promise<void> {
    const signal = this.#controller.signal;
    try {
      while (!signal.aborted) {
        const runAt = this.#nextRunAt();
        if (runAt === undefined) return;
        if (runAt > this.#deps.clock.now()) {
          await this.#waitUntil(runAt);
          continue;
        }
        const manual = this.#takeManual();
        if (manual) {
          await this.#runManual(manual);
        } else {
          this.#pendingAuto = false;
          await this.#runAutomatic();
        }
      }
    } catch (error) {
      if (isAbortError(error) && signal.aborted) return;
      // A bug, not a Twitch failure: make it loud, keep the cycler usable for the next message.
      this.#deps.logger.error('color.cycler_crashed', `Color cycler failed: ${describeError(error)}`, { error });
      this.#notify('onFailed', () => this.#deps.onFailed?.(error));
    } finally {
      this.#running = false;
    }
  }

  /** When the next change may run, or undefined when none is pending. */
  #nextRunAt(): number | undefined {
    if (this.#pendingManual) return this.#notBefore;
    if (!this.#pendingAuto) return undefined;
    const options = this.#deps.getOptions();
    if (options.enabled === false) {
      this.#pendingAuto = false;
      this.#retryAuto = undefined;
      return undefined;
    }
    const interval = this.#lastAutoAt === undefined ? 0 : this.#lastAutoAt + Math.max(0, options.minIntervalMs);
    return Math.max(this.#notBefore, this.#autoNotBefore, interval);
  }

  /** Sleeps until `at`, or until a `ccc` or stop wakes the loop to look again. */
  async #waitUntil(at: number): Promise<void> {
    const timer = childController(this.#controller.signal);
    const woken = new Promise<void>((resolve) => (this.#wake = resolve));
    const slept = sleep(this.#deps.clock, at - this.#deps.clock.now(), timer.signal).catch(() => undefined);
    try {
      await Promise.race([slept, woken]);
    } finally {
      this.#wake = undefined;
      timer.abort();
    }
  }

  async #runAutomatic(): Promise<void> {
    const options = this.#deps.getOptions();
    let color = this.#retryAuto;
    this.#retryAuto = undefined;
    const allowHex = this.#prime() !== 'no';
    if (color?.kind === 'hex' && !allowHex) color = undefined;
    color ??= this.#generator.next({ ...options, allowHex }, this.#current);
    // Only a one-color palette already showing its color gets here: nothing to change.
    if (color) await this.#changeAutomatically(color, options);
  }

  async #changeAutomatically(color: ColorValue, options: CyclerOptions): Promise<void> {
    const outcome = await this.#put(color);
    if (!outcome || this.stopped) return;
    switch (outcome.kind) {
      case 'applied':
        this.#succeeded(color, 'automatic');
        return;
      case 'hex_refused': {
        if (color.kind !== 'hex') break;
        this.#detect('no');
        // Redo this change with a name at once (R05).
        const named = this.#generator.next({ ...options, allowHex: false }, this.#current);
        if (named) await this.#changeAutomatically(named, options);
        return;
      }
      case 'rate_limited':
        this.#rateLimited(outcome.until, color, 'automatic');
        this.#retryAuto = color;
        this.#pendingAuto = true;
        return;
      case 'failed':
        break;
    }
    this.#failed(asFailure(outcome), color, 'automatic');
    this.#autoNotBefore = this.#deps.clock.now() + this.#failureBackoff.next();
  }

  async #runManual(request: ManualRequest): Promise<void> {
    const { color } = request;
    // The status may have turned `no` while this waited behind another change.
    if (color.kind === 'hex' && this.#prime() === 'no') return request.settle(refusal(color));
    const outcome = await this.#put(color);
    if (!outcome || this.stopped) return request.settle({ outcome: 'stopped' });
    switch (outcome.kind) {
      case 'applied':
        this.#succeeded(color, 'manual');
        return request.settle({ outcome: 'changed', color });
      case 'hex_refused':
        if (color.kind !== 'hex') break;
        this.#detect('no');
        return request.settle({ outcome: 'hex_rejected', message: outcome.message });
      case 'rate_limited':
        this.#rateLimited(outcome.until, color, 'manual');
        if (this.#pendingManual) request.settle({ outcome: 'superseded' });
        else this.#pendingManual = request;
        return;
      case 'failed':
        break;
    }
    const failure = asFailure(outcome);
    this.#failed(failure, color, 'manual');
    request.settle({ outcome: 'failed', error: failure.error });
  }

  /** Sends `color`: the outcome, or undefined once stopped (stop never waits on a client that ignores the signal). */
  async #put(color: ColorValue): Promise<ApplyOutcome | undefined> {
    const signal = this.#controller.signal;
    let work: Promise<ApplyOutcome>;
    try {
      work = this.#deps.setColor(color, signal);
    } catch (error) {
      work = Promise.reject(error);
    }
    return new Promise<ApplyOutcome | undefined>((resolve) => {
      const dispose = onAbort(signal, () => resolve(undefined));
      work.then(
        (outcome) => (dispose(), resolve(outcome)),
        // A client that throws instead of answering is reported like any failure (R28).
        (error: unknown) => (dispose(), resolve(signal.aborted ? undefined : { kind: 'failed', error, status: undefined })),
      );
    });
  }

  #succeeded(color: ColorValue, trigger: Trigger): void {
    const at = this.#deps.clock.now();
    this.#current = color;
    this.#rateLimitBackoff.reset();
    if (trigger === 'automatic') {
      this.#lastAutoAt = at;
      this.#failureBackoff.reset();
      this.#autoNotBefore = 0;
    }
    if (color.kind === 'hex' && this.#prime() === 'unknown') this.#detect('yes');
    this.#deps.logger.info('color.changed', `Color changed to ${colorLabel(color)}`, {
      operation: 'set_color',
      color: toHelixParam(color),
      trigger,
    });
    this.#notify('onChanged', () => this.#deps.onChanged?.(color, at));
  }

  #failed(outcome: { error: unknown; status: number | undefined }, color: ColorValue, trigger: Trigger): void {
    const { error, status } = outcome;
    this.#deps.logger.error('color.change_failed', `Could not change color to ${colorLabel(color)}: ${describeError(error)}`, {
      operation: 'set_color',
      color: toHelixParam(color),
      trigger,
      status,
      error,
    });
    this.#notify('onFailed', () => this.#deps.onFailed?.(error));
  }

  #rateLimited(until: number | undefined, color: ColorValue, trigger: Trigger): void {
    const now = this.#deps.clock.now();
    const reset = until !== undefined && until > now ? until - now : undefined;
    const waitMs = Math.min(RATE_LIMIT_MAX_WAIT_MS, reset ?? RATE_LIMIT_FLOOR_MS + this.#rateLimitBackoff.next());
    this.#notBefore = now + waitMs;
    this.#deps.logger.warn('color.rate_limited', `Twitch rate limit hit; retrying in ${Math.ceil(waitMs / 1000)} s`, {
      operation: 'set_color',
      color: toHelixParam(color),
      trigger,
      status: 429,
      retryAt: this.#notBefore,
    });
  }

  #prime(): PrimeStatus {
    return this.#primeTracker.status;
  }

  /** Flips the status once however many changes observe it (R05). */
  #detect(status: 'yes' | 'no'): void {
    if (!this.#primeTracker.detect(status)) return;
    const message = status === 'yes' ? 'Hex colors work: Turbo or Prime detected' : 'Hex colors refused: no Turbo or Prime, using named colors';
    this.#deps.logger.info('color.prime_detected', message, { prime: status });
    this.#notify('onPrimeDetected', async () => {
      await this.#deps.onPrimeDetected(status);
      this.#primeTracker.resync();
    });
  }

  #takeManual(): ManualRequest | undefined {
    const request = this.#pendingManual;
    this.#pendingManual = undefined;
    return request;
  }

  /** Listeners are the account's business; one that throws must not stop color changes (R12). */
  #notify(listener: string, call: () => unknown): void {
    const report = (error: unknown): void =>
      this.#deps.logger.error('color.listener_failed', `Color cycler listener ${listener} failed: ${describeError(error)}`, {
        listener,
        error,
      });
    try {
      const result = call();
      if (result instanceof Promise) result.catch(report);
    } catch (error) {
      report(error);
    }
  }
}

/** A hex refusal of a named color is not a Prime verdict: it is reported like any failure. */
function asFailure(outcome: ApplyOutcome): { error: unknown; status: number | undefined } {
  if (outcome.kind === 'failed') return outcome;
  if (outcome.kind === 'hex_refused') return { error: new Error(outcome.message), status: 400 };
  return { error: new Error(`unexpected outcome ${outcome.kind}`), status: undefined };
}

function refusal(color: ColorValue): ManualChangeResult {
  return {
    outcome: 'refused',
    message: `${colorLabel(color)} is a hex color, which needs Turbo or Prime; use a color name instead`,
  };
}
