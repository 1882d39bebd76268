import { AvatarCache, type AvatarCacheOptions } from './avatar-cache.js';

/** What the refresher needs of an account's runtime. */
export interface PictureSource {
  readonly userId: string | undefined;
  /** undefined while not connected; null when Twitch reports no picture. */
  profileImageUrl(): Promise<string | null | undefined>;
}

/**
 * Keeps the cached profile pictures of the running accounts current: each connected account
 * is looked up once per run (a new upload shows after a restart or a new login), and only
 * while a UI listens, so a headless `run` without one makes no extra call to Twitch.
 */
export class AvatarRefresher {
  readonly cache: AvatarCache;
  /** Runtimes whose picture was looked up: once per run of an account (a new login is a new runtime). */
  readonly #checked = new WeakSet<PictureSource>();

  constructor(
    options: AvatarCacheOptions,
    private readonly deps: { sources(): Iterable<PictureSource>; listening(): boolean; signal: AbortSignal; onChanged(): void },
  ) {
    this.cache = new AvatarCache(options);
    void this.cache.load().then(() => deps.onChanged());
  }

  pathFor(userId: string | undefined): string | null {
    return this.cache.pathFor(userId);
  }

  refresh(): void {
    if (!this.deps.listening() || this.deps.signal.aborted) return;
    for (const source of this.deps.sources()) {
      const userId = source.userId;
      if (!userId || this.#checked.has(source)) continue;
      this.#checked.add(source);
      void this.#check(source, userId);
    }
  }

  async #check(source: PictureSource, userId: string): Promise<void> {
    const url = await source.profileImageUrl().catch(() => null);
    // Not connected yet: try again on a later change. Failed at Twitch: not again this run.
    if (url === undefined) this.#checked.delete(source);
    if (url && (await this.cache.update(userId, url, this.deps.signal))) this.deps.onChanged();
  }
}
