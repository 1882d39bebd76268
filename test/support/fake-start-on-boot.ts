import type { StartOnBootControl } from '../../src-core/ipc/core-port.js';
import type { StartOnBootStatus } from '../../src-core/ipc/snapshot.js';

/**
 * A host's start on boot, in memory: `setEnabled` moves it to on/off unless the system
 * `refuses`, or to 'needs-approval' when it `holds` (macOS Login Items). Records the calls.
 */
export function fakeStartOnBoot(options: { state?: StartOnBootStatus['state']; refuses?: boolean; holds?: boolean; note?: string | null } = {}) {
  let current: StartOnBootStatus | undefined;
  let state = options.state ?? 'off';
  const listeners = new Set<() => void>();
  const calls: boolean[] = [];
  const control: StartOnBootControl & { calls: boolean[] } = {
    calls,
    current: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async status() {
      current = { state, note: state === 'on' || state === 'off' ? null : (options.note ?? 'a note') };
      for (const listener of listeners) listener();
      return current;
    },
    async setEnabled(enabled) {
      calls.push(enabled);
      if (state === 'unavailable' || options.refuses) return;
      state = enabled ? (options.holds ? 'needs-approval' : 'on') : 'off';
    },
  };
  return control;
}
