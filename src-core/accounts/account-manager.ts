import { AccountRuntime, type AccountEnvironment } from './account-runtime.js';

export interface AccountManagerOptions extends AccountEnvironment {
  onChange(): void;
  onColorChanged(accountId: string, entry: { color: string; at: number }): void;
}

/**
 * Keeps one runtime per stored account: starts runtimes for new accounts, stops those of
 * removed ones (so the registry never outlives its keys, R14/R15), and lets every runtime
 * reconcile after each store change.
 */
export class AccountManager {
  readonly #runtimes = new Map<string, AccountRuntime>();
  /** The account object each runtime last converged on. */
  readonly #reconciled = new Map<string, object>();
  #pauseAll: boolean | undefined;
  #running = false;
  #unsubscribe: (() => void) | undefined;

  constructor(private readonly options: AccountManagerOptions) {}

  get size(): number {
    return this.#runtimes.size;
  }

  runtime(accountId: string): AccountRuntime | undefined {
    return this.#runtimes.get(accountId);
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#unsubscribe = this.options.store.subscribe(() => this.sync());
    this.sync();
  }

  /** Brings the set of runtimes in line with the store and lets each reconcile. */
  sync(): void {
    if (!this.#running) return;
    const state = this.options.store.get();
    const ids = new Set(state.accounts.map((a) => a.id));
    for (const [id, runtime] of this.#runtimes) {
      if (!ids.has(id)) {
        this.#runtimes.delete(id);
        this.#reconciled.delete(id);
        void runtime.stop();
      }
    }
    // The store keeps unchanged accounts as the same frozen objects, so only accounts that
    // changed (or all of them, when "pause all" flipped) need to converge again.
    const pauseFlipped = state.settings.pauseAll !== this.#pauseAll;
    this.#pauseAll = state.settings.pauseAll;
    for (const account of state.accounts) {
      let runtime = this.#runtimes.get(account.id);
      if (!runtime) {
        runtime = this.#create(account.id);
        this.#runtimes.set(account.id, runtime);
        runtime.start();
      }
      if (pauseFlipped || this.#reconciled.get(account.id) !== account) {
        this.#reconciled.set(account.id, account);
        runtime.reconcile();
      }
    }
    this.options.onChange();
  }

  /** Starts an account afresh (after a new login replaced its tokens). */
  async restart(accountId: string): Promise<void> {
    const old = this.#runtimes.get(accountId);
    this.#runtimes.delete(accountId);
    this.#reconciled.delete(accountId);
    await old?.stop();
    this.sync();
  }

  /** Takes an account's runtime out before its removal from the store. */
  async retire(accountId: string, options: { restoreHome: boolean }): Promise<void> {
    const runtime = this.#runtimes.get(accountId);
    if (!runtime) return;
    this.#runtimes.delete(accountId);
    this.#reconciled.delete(accountId);
    await runtime.stop({ restoreHome: options.restoreHome }).catch(() => {});
  }

  retryNow(): void {
    for (const runtime of this.#runtimes.values()) runtime.retryNow();
  }

  async stop(options: { restoreHome: boolean }): Promise<void> {
    this.#running = false;
    this.#unsubscribe?.();
    const runtimes = [...this.#runtimes.values()];
    this.#runtimes.clear();
    this.#reconciled.clear();
    await Promise.allSettled(runtimes.map((r) => r.stop(options)));
  }

  #create(accountId: string): AccountRuntime {
    const { onChange, onColorChanged, ...environment } = this.options;
    return new AccountRuntime({
      ...environment,
      accountId,
      appPaused: () => environment.store.get().settings.pauseAll,
      onChange,
      onColorChanged: (entry) => onColorChanged(accountId, entry),
    });
  }
}
