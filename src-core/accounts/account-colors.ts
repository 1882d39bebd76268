import { colorFromStored, storedColor, type ColorValue } from '../color/color-value.js';
import { ColorCycler } from '../color/cycler.js';
import type { CyclerOptions } from '../color/cycler-types.js';
import { parseColor } from '../color/parse-color.js';
import type { Clock } from '../runtime/clock.js';
import { describeError } from '../runtime/errors.js';
import type { Logger } from '../runtime/logger.js';
import type { DeepReadonly } from '../store/deep-freeze.js';
import { withRecentColor, type PersistedAccount } from '../store/schema.js';
import type { StateStore } from '../store/state-store.js';
import type { HelixClient } from '../twitch/helix/helix-client.js';
import { applyColor } from './color-outcome.js';
import { InvalidInputError, UnavailableError } from './core-errors.js';
import { learnHomeColor, restoreHomeColor, type HomeColorContext } from './home-color.js';
import { manualChangeOutcome } from './manual-change.js';

export interface AccountColorsOptions {
  accountId: string;
  store: StateStore;
  clock: Clock;
  log: Logger;
  /** The account's signal: aborting it stops the cycler. */
  signal: AbortSignal;
  appPaused(): boolean;
  /** Something visible changed (the current color, the display name). */
  onChange(): void;
  onColorChanged(entry: { color: string; at: number }): void;
  random?: () => number;
}

/**
 * An account's colors: the cycler that changes them (once connected to Twitch), the
 * current color, the history, and the home color learnt at first connect and put back on
 * pause, removal and quit.
 */
export class AccountColors {
  readonly #o: AccountColorsOptions;
  #cycler: ColorCycler | undefined;
  #home: HomeColorContext | undefined;
  #current: string | undefined;

  constructor(options: AccountColorsOptions) {
    this.#o = options;
    this.#current = this.#account()?.recentColors[0]?.color;
  }

  /** The color as last set (a name or `#RRGGBB`) or reported, if known. */
  get current(): string | undefined {
    return this.#current;
  }

  /** The cycler, once connected (own messages trigger it). */
  get cycler(): ColorCycler | undefined {
    return this.#cycler;
  }

  /** The login works: colors can be set for `userId` through `helix`. Learns the current color. */
  connect(userId: string, helix: HelixClient): void {
    const { clock, store, log, signal } = this.#o;
    this.#home = { accountId: this.#o.accountId, userId, helix, store, clock, log, signal };
    const current = this.#current ? colorFromStored(this.#current) : undefined;
    this.#cycler = new ColorCycler({
      setColor: (color, callSignal) => applyColor(() => helix.setChatColor(userId, color, callSignal)),
      clock,
      logger: log,
      signal,
      getOptions: () => this.#cyclerOptions(),
      onPrimeDetected: async (prime) => {
        await store.persistNow((draft) => {
          const target = draft.accounts.find((a) => a.id === this.#o.accountId);
          if (target) target.prime = prime;
        });
      },
      onChanged: (color, at) => this.#changed(color, at),
      onFailed: (error) => {
        log.warn('color.failed', `Changing the color failed: ${describeError(error)}`, { operation: 'chat.color' });
      },
      ...(current ? { currentColor: current } : {}),
      ...(this.#o.random ? { random: this.#o.random } : {}),
    });
    void this.#learnHome();
  }

  async setNow(input: string): Promise<{ color: string; at: number }> {
    const parsed = parseColor(input);
    if (!parsed.ok) throw new InvalidInputError(parsed.message);
    if (!this.#cycler) throw new UnavailableError('This account is not connected to Twitch yet. Try again in a moment.');
    // A hex that is one of the named colors (history from before names were kept) goes by its name, which anyone may set.
    const result = await this.#cycler.setNow(colorFromStored(storedColor(parsed.color)) ?? parsed.color);
    return manualChangeOutcome(result, this.#o.clock.now());
  }

  /** Puts the home color back if the account asks for it. Never throws (failures are logged). */
  async restoreHome(why: string): Promise<void> {
    const account = this.#account();
    if (!account || !this.#home) return;
    const color = await restoreHomeColor(this.#home, account, why);
    if (color) this.#changed(color, this.#o.clock.now());
  }

  stop(): Promise<void> {
    return this.#cycler?.stop() ?? Promise.resolve();
  }

  /** Learns the current color (the default home color) and the display name. */
  async #learnHome(): Promise<void> {
    const reported = this.#home && (await learnHomeColor(this.#home));
    if (!reported) return;
    if (reported.color) {
      this.#current ??= reported.color;
      const current = colorFromStored(reported.color);
      if (current) this.#cycler?.learnCurrent(current);
    }
    this.#o.onChange();
  }

  /** Remembers what was set (a name or hex), so choosing it again sets exactly that. */
  #changed(color: ColorValue, at: number): void {
    const stored = storedColor(color);
    this.#current = stored;
    this.#o.store.updateAccount(this.#o.accountId, (target) => {
      target.recentColors = withRecentColor(target.recentColors, { color: stored, at });
    });
    this.#o.onColorChanged({ color: stored, at });
  }

  #cyclerOptions(): CyclerOptions {
    const account = this.#account();
    const palette = (account?.color.palette ?? []).flatMap((entry) => {
      const parsed = parseColor(entry);
      // A hex equal to a named color (an older palette) is worn by its name, so no account skips it.
      return parsed.ok ? [colorFromStored(storedColor(parsed.color)) ?? parsed.color] : [];
    });
    return {
      mode: account?.color.mode ?? 'random',
      palette,
      paletteOrder: account?.color.paletteOrder ?? 'random',
      minIntervalMs: (account?.color.minIntervalSec ?? 0) * 1000,
      prime: account?.prime ?? 'unknown',
      enabled: (account?.enabled ?? false) && !this.#o.appPaused(),
    };
  }

  #account(): DeepReadonly<PersistedAccount> | undefined {
    return this.#o.store.get().accounts.find((a) => a.id === this.#o.accountId);
  }
}
