import type { Logger } from '../../src-core/runtime/logger.js';

/**
 * What the update controller needs of electron-updater, and nothing else: one check, one
 * cancellable download, install-on-quit on or off, install now. The controller's state
 * machine is tested against this with the real library (test/electron/updates/).
 */
export interface UpdateEngine {
  /** null: this copy cannot update itself (electron-updater's own verdict: a development run, an AppImage-less Linux run, a Snap). */
  check(): Promise<{ available: boolean; version: string } | null>;
  /** Downloads what the last check found; `cancel` makes `done` reject. */
  download(onProgress: (percent: number) => void): { done: Promise<void>; cancel(): void };
  /** Whether a downloaded update is installed when the app quits (electron-updater's autoInstallOnAppQuit). */
  setInstallOnQuit(on: boolean): void;
  /** Runs the installer now and relaunches the app after it; the caller quits the app first. */
  installAndRelaunch(): void;
}

/**
 * An engine that is loaded at its first check, not at start-up: the first check comes a
 * minute after start, and most runs never get that far with a feed. The switch's
 * install-on-quit is remembered until then (nothing can have been downloaded before).
 * An engine that cannot be loaded or set up is logged once and answers every check with
 * "this copy cannot update itself" (updates off this run), as a failed set-up always did.
 */
export function lazyUpdateEngine(load: () => Promise<UpdateEngine>, logger: Logger): UpdateEngine {
  let loading: Promise<UpdateEngine | null> | undefined;
  let loaded: UpdateEngine | null = null;
  let installOnQuit: boolean | undefined;
  const engine = (): Promise<UpdateEngine | null> =>
    (loading ??= load().then(
      (ready) => {
        loaded = ready;
        if (installOnQuit !== undefined) ready.setInstallOnQuit(installOnQuit);
        return ready;
      },
      (error: unknown) => {
        logger.error('update.engine_failed', 'The updater could not be set up; updates are off this run', { error });
        return null;
      },
    ));
  return {
    async check() {
      const ready = await engine();
      return ready ? ready.check() : null;
    },
    download(onProgress) {
      let cancelled = false;
      let running: { cancel(): void } | undefined;
      const done = engine().then((ready) => {
        if (!ready) throw new Error('the updater could not be set up');
        if (cancelled) throw new Error('the download was cancelled');
        const download = ready.download(onProgress);
        running = download;
        return download.done;
      });
      return {
        done,
        cancel: () => {
          cancelled = true;
          running?.cancel();
        },
      };
    },
    setInstallOnQuit(on) {
      installOnQuit = on;
      loaded?.setInstallOnQuit(on);
    },
    installAndRelaunch() {
      if (!loaded) throw new Error('there is nothing to install: the updater never checked');
      loaded.installAndRelaunch();
    },
  };
}
