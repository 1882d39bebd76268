import type { AppSnapshot, UpdateStatus } from '../../src-core/ipc/snapshot.js';
import { ErrorSlot, runAction, setDisabled } from '../action.js';
import type { Ctx } from '../context.js';
import { button, commitSwitch, row, toggle } from '../controls.js';
import type { Row, Switch } from '../controls.js';
import { h, icon, setHidden, setText } from '../dom.js';

/**
 * Settings' "Updates" card: the "check for updates" switch, what the updater is doing in
 * words, "Check now", and "Restart to update to vX.Y.Z" once a version is downloaded. A
 * build without an update feed says so instead of offering a switch that does nothing.
 */
export class UpdateSettings {
  readonly el: HTMLElement;
  private snapshot: AppSnapshot;
  private readonly enabled: Switch;
  private readonly enabledRow: Row;
  private readonly status = h('p', { class: 'row-hint', attrs: { role: 'status', 'data-testid': 'update-status' } });
  private readonly checkNow: HTMLButtonElement;
  private readonly restart: HTMLButtonElement;
  private readonly actionError = new ErrorSlot();

  constructor(ctx: Ctx, snapshot: AppSnapshot) {
    this.snapshot = snapshot;
    const api = ctx.api;
    this.enabled = toggle((checkForUpdates, sw) =>
      commitSwitch(sw, () => api.settings.update({ checkForUpdates }), this.enabledRow.error, () => this.snapshot.settings.checkForUpdates),
    );
    this.enabledRow = row('Check for updates', 'At start and every 6 hours; new versions download in the background and install when you quit.', this.enabled.el);
    this.checkNow = button('Check now', { icon: icon('refresh') });
    this.restart = button('', { kind: 'primary' });
    this.actionError.describe(this.checkNow).describe(this.restart);
    this.checkNow.addEventListener('click', () => void runAction(() => api.updates.check({}), { error: this.actionError, controls: [this.checkNow] }));
    this.restart.addEventListener('click', () => void runAction(() => api.updates.restart({}), { error: this.actionError, controls: [this.restart] }));
    const statusRow = h('div', { class: 'row' }, h('div', { class: 'row-text' }, this.status), h('div', { class: 'row-buttons' }, this.checkNow, this.restart), this.actionError.el);
    this.el = h('div', { class: 'update-settings' }, this.enabledRow.el, statusRow);
    this.update(snapshot);
  }

  update(snapshot: AppSnapshot): void {
    this.snapshot = snapshot;
    const updates = snapshot.updates;
    const possible = updates.state !== 'unconfigured' && updates.state !== 'unsupported';
    this.enabled.set(possible && snapshot.settings.checkForUpdates);
    setDisabled(this.enabled.input, !possible);
    setText(this.status, updateStatusText(updates));
    setHidden(this.checkNow, !(updates.state === 'idle' || updates.state === 'error'));
    setHidden(this.restart, updates.state !== 'ready');
    setText(this.restart, restartLabel(updates));
  }
}

export function restartLabel(updates: UpdateStatus): string {
  return `Restart to update to v${updates.version ?? ''}`;
}

/** What the updater is doing, in one sentence. */
export function updateStatusText(updates: UpdateStatus): string {
  switch (updates.state) {
    case 'unconfigured':
      return 'Updates are off for this build: it was built without an update feed. Install newer versions by hand.';
    case 'unsupported':
      return 'This copy cannot update itself (a development run, or installed in a way the updater cannot replace). Install newer versions the way you installed this one.';
    case 'off':
      return 'Off: ColorChanger does not look for new versions.';
    case 'idle':
      return updates.checkedAt === null ? 'Looks for a new version shortly after start.' : `Up to date. Last checked ${new Date(updates.checkedAt).toLocaleString()}.`;
    case 'checking':
      return 'Checking for a new version…';
    case 'downloading':
      return `Downloading version ${updates.version ?? ''} in the background${updates.percent === null ? '' : ` (${Math.floor(updates.percent)} %)`}…`;
    case 'ready':
      return `Version ${updates.version ?? ''} is downloaded. It installs when you quit ColorChanger, or restart now.`;
    case 'error':
      return `The last update attempt failed: ${updates.error ?? 'unknown reason'}. It is tried again later.`;
  }
}
