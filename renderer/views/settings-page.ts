import type { AppSnapshot } from '../../src-core/ipc/snapshot.js';
import { runAction, setDisabled } from '../action.js';
import type { Ctx } from '../context.js';
import { button, card, commitSwitch, row, toggle } from '../controls.js';
import type { Row, Switch } from '../controls.js';
import { h, icon, setHidden, setText } from '../dom.js';
import { ClientIdSettings } from './client-id-settings.js';
import { LegacyImport } from './legacy-import.js';
import { UpdateSettings } from './update-settings.js';

/** App-wide settings and facts: start-up, pause all, the Twitch app, storage, version. */
export class SettingsPage {
  readonly el: HTMLElement;
  private snapshot: AppSnapshot;
  private readonly boot: Switch;
  private readonly bootRow: Row;
  private readonly hidden: Switch;
  private readonly hiddenRow: Row;
  private readonly paused: Switch;
  private readonly pausedRow: Row;
  private readonly clientId: ClientIdSettings;
  private readonly updates: UpdateSettings;
  private readonly dataPath = h('span', { class: 'path-text' });
  private readonly logPath = h('span', { class: 'path-text' });
  private readonly secretsBadge = h('span', { class: 'badge' });
  private readonly secretsRow: Row;
  private readonly storeWarning = h('div', { class: 'notice notice-bad', attrs: { role: 'alert' } });
  private readonly version = h('span', { class: 'version', attrs: { 'data-testid': 'version' } });

  constructor(ctx: Ctx, snapshot: AppSnapshot) {
    this.snapshot = snapshot;
    const api = ctx.api;
    this.boot = toggle((startOnBoot, sw) => commitSwitch(sw, () => api.settings.update({ startOnBoot }), this.bootRow.error, () => startsOnBoot(this.snapshot.settings)));
    this.bootRow = row('Start on boot', 'Start ColorChanger when you log in to this computer.', this.boot.el);
    this.hidden = toggle((startHidden, sw) => commitSwitch(sw, () => api.settings.update({ startHidden }), this.hiddenRow.error, () => this.snapshot.settings.startHidden));
    this.hiddenRow = row('Start hidden in the tray', 'Start in the tray without opening this window.', this.hidden.el);
    this.paused = toggle((paused, sw) => commitSwitch(sw, () => api.app.setPaused({ paused }), this.pausedRow.error, () => this.snapshot.paused));
    this.pausedRow = row('Pause all', 'Pauses automatic color changes for every account. Each account’s own “Change colors” switch stays as it is.', this.paused.el);

    this.clientId = new ClientIdSettings(ctx);
    this.updates = new UpdateSettings(ctx, snapshot);

    const openData = button('Open', { icon: icon('folder'), label: 'Open the data folder' });
    const openLogs = button('Open', { icon: icon('folder'), label: 'Open the logs folder' });
    const dataRow = row('Data folder', '', openData);
    const logRow = row('Logs folder', '', openLogs);
    dataRow.hint.append(this.dataPath);
    logRow.hint.append(this.logPath);
    openData.addEventListener('click', () => void runAction(() => api.app.openFolder({ which: 'data' }), { error: dataRow.error, controls: [openData] }));
    openLogs.addEventListener('click', () => void runAction(() => api.app.openFolder({ which: 'logs' }), { error: logRow.error, controls: [openLogs] }));
    this.secretsRow = row('Logins on disk', '', this.secretsBadge);

    const legacy = new LegacyImport(ctx);
    const importRow = row('Import from the old Python bot', 'Adds the accounts and channels from its twitch_colorchanger.conf. Existing accounts are updated.', legacy.el);

    this.el = h(
      'div',
      { class: 'page settings-page' },
      h('h1', { class: 'page-title' }, 'Settings'),
      card('General', this.bootRow.el, this.hiddenRow.el, this.pausedRow.el),
      card('Twitch application', this.clientId.el),
      card('Updates', this.updates.el),
      card('Storage', this.storeWarning, dataRow.el, logRow.el, this.secretsRow.el),
      card('Import', importRow.el),
      card('About', h('div', { class: 'row' }, h('div', { class: 'row-text' }, h('span', { class: 'row-label' }, 'Twitch ColorChanger'), h('span', { class: 'row-hint' }, 'Changes your chat name color after every message you send.')), this.version)),
    );
    this.update(snapshot);
  }

  update(snapshot: AppSnapshot): void {
    this.snapshot = snapshot;
    const { settings } = snapshot;
    this.boot.set(startsOnBoot(settings));
    setDisabled(this.boot.input, !settings.startOnBootSupported);
    // The system's own note first: why it cannot work here, or how to approve it (macOS Login Items).
    // A switch that cannot work at all on this host is not offered; the row says what to use instead.
    setHidden(this.boot.el, !settings.startOnBootSupported && settings.startOnBootStatus === undefined);
    this.bootRow.setHint(
      settings.startOnBootStatus?.note ??
        (settings.startOnBootSupported ? 'Start ColorChanger when you log in to this computer.' : 'Not set here: this machine’s service manager (systemd, a container’s restart policy) starts ColorChanger.'),
    );
    this.hidden.set(settings.startHidden);
    // Served headless there is no tray to start hidden in: the row is not offered at all.
    setHidden(this.hiddenRow.el, !settings.startHiddenSupported);
    this.paused.set(snapshot.paused);
    this.clientId.update(snapshot);
    this.updates.update(snapshot);
    setText(this.dataPath, snapshot.paths.dataDir);
    setText(this.logPath, snapshot.paths.logDir);
    // The truth about logins at rest; the hint says with what, or why not (issue 15).
    setText(this.secretsBadge, snapshot.secrets.encryptedAtRest ? 'Encrypted with the system keyring' : 'Stored unencrypted');
    this.secretsBadge.className = `badge tone-${snapshot.secrets.encryptedAtRest ? 'good' : 'warn'}`;
    this.secretsRow.setHint(snapshot.secrets.description);
    const problems = [
      snapshot.store.writeError ? `Settings could not be saved: ${snapshot.store.writeError}` : null,
      snapshot.store.recoveredCorruptFile ? `The settings file could not be read and was kept aside as ${snapshot.store.recoveredCorruptFile}.` : null,
    ].filter((line): line is string => line !== null);
    this.storeWarning.replaceChildren(...problems.map((line) => h('p', {}, line)));
    setHidden(this.storeWarning, problems.length === 0);
    setText(this.version, `Version ${snapshot.version}`);
  }
}

/** On when the system has the login item, approved or still waiting for the user's approval. */
function startsOnBoot(settings: AppSnapshot['settings']): boolean {
  const status = settings.startOnBootStatus;
  return status ? status.state === 'on' || status.state === 'needs-approval' : settings.startOnBoot;
}
