/**
 * A second launch of the app (a click on its icon, autostart racing a manual start) must
 * reach the running instance at any moment, start-up included: Electron emits
 * `second-instance` on the first instance as soon as it holds the single-instance lock,
 * and an event with no listener is simply lost. So the listener goes on right after the
 * lock, before `ready`, the store, the core or the tray probe; a launch heard before the
 * desktop is up is kept and delivered once it is.
 */
export interface SecondInstanceSource {
  on(event: 'second-instance', listener: () => void): unknown;
}

export interface SecondLaunches {
  /** Hands launches to `bringUp` from now on, first any heard before. */
  deliverTo(bringUp: () => void): void;
}

export function listenForSecondLaunches(app: SecondInstanceSource): SecondLaunches {
  let pending = false;
  let target: (() => void) | null = null;
  app.on('second-instance', () => {
    if (target) target();
    else pending = true;
  });
  return {
    deliverTo(bringUp) {
      target = bringUp;
      if (pending) {
        pending = false;
        bringUp();
      }
    },
  };
}
