import type { AppSnapshot } from '../../src-core/ipc/snapshot.js';
import { ErrorSlot, runAction, setDisabled } from '../action.js';
import type { Ctx } from '../context.js';
import { button, card, commitSwitch, row, toggle } from '../controls.js';
import type { Row, Switch } from '../controls.js';
import { h, icon, setHidden, setText } from '../dom.js';
import { ClientIdForm } from './client-id-form.js';
import { consoleLinkRow } from './console-link.js';
import { LegacyImport } from './legacy-import.js';

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
  private readonly clientId: ClientIdForm;
  private readonly dataPath = h('span', { class: 'path-text' });
  private readonly logPath = h('span', { class: 'path-text' });
  private readonly secretsBadge = h('span', { class: 'badge' });
  private readonly secretsRow: Row;
  private readonly storeWarning = h('div', { class: 'notice notice-bad', attrs: { role: 'alert' } });
  private readonly version = h('span', { class: 'version', attrs: { 'data-testid': 'version' } });

  constructor(ctx: Ctx, snapshot: AppSnapshot) {
    this.snapshot = snapshot;
    const api = ctx.api;
    this.boot = toggle((startOnBoot, sw) => commitSwitch(sw, () => api.settings.update({ startOnBoot }), this.bootRow.error, () => this.snapshot.settings.startOnBoot));
    this.bootRow = row('Start on boot', 'Start ColorChanger when you log in to this computer.', this.boot.el);
    this.hidden = toggle((startHidden, sw) => commitSwitch(sw, () => api.settings.update({ startHidden }), this.hiddenRow.error, () => this.snapshot.settings.startHidden));
    this.hiddenRow = row('Start hidden in the tray', 'Start in the tray without opening this window.', this.hidden.el);
    this.paused = toggle((paused, sw) => commitSwitch(sw, () => api.app.setPaused({ paused }), this.pausedRow.error, () => this.snapshot.paused));
    this.pausedRow = row('Pause all', 'Pauses automatic color changes for every account. Each account’s own “Change colors” switch stays as it is.', this.paused.el);

    this.clientId = new ClientIdForm(ctx, { label: 'Client ID', submit: 'Save', onSaved: () => ctx.notify('Client ID saved. New logins use it.') });
    const consoleError = new ErrorSlot();
    const clientRow = h(
      'div',
      { class: 'row row-block' },
      h('p', { class: 'row-hint' }, 'The Client ID of your Twitch application (Client Type: Public), from the Twitch developer console:'),
      consoleLinkRow(ctx.host, consoleError),
      consoleError.el,
      this.clientId.el,
    );

    const openData = button('Open', { icon: icon('folder'), label: 'Open the data folder' });
    const openLogs = button('Open', { icon: icon('folder'), label: 'Open the logs folder' });
    const dataRow = row('Data folder', '', openData);
    const logRow = row('Logs folder', '', openLogs);
    dataRow.hint.append(this.dataPath);
    logRow.hint.append(this.logPath);
    openData.addEventListener('click', () => void runAction(() => api.app.openFolder({ which: 'data' }), { error: dataRow.error, controls: [openData] }));
    openLogs.addEventListener('click', () => void runAction(() => api.app.openFolder({ which: 'logs' }), { error: logRow.error, controls: [openLogs] }));
    this.secretsRow = row('Tokens on disk', '', this.secretsBadge);

    const legacy = new LegacyImport(ctx);
    const importRow = row('Import from the old Python bot', 'Adds the accounts and channels from its twitch_colorchanger.conf. Existing accounts are updated.', legacy.el);

    this.el = h(
      'div',
      { class: 'page settings-page' },
      h('h1', { class: 'page-title' }, 'Settings'),
      card('General', this.bootRow.el, this.hiddenRow.el, this.pausedRow.el),
      card('Twitch application', clientRow),
      card('Storage', this.storeWarning, dataRow.el, logRow.el, this.secretsRow.el),
      card('Import', importRow.el),
      card('About', h('div', { class: 'row' }, h('div', { class: 'row-text' }, h('span', { class: 'row-label' }, 'Twitch ColorChanger'), h('span', { class: 'row-hint' }, 'Changes your chat name color after every message you send.')), this.version)),
    );
    this.update(snapshot);
  }

  update(snapshot: AppSnapshot): void {
    this.snapshot = snapshot;
    const { settings } = snapshot;
    this.boot.set(settings.startOnBoot);
    setDisabled(this.boot.input, !settings.startOnBootSupported);
    // A switch that cannot work is not offered; the row says what to use instead.
    setHidden(this.boot.el, !settings.startOnBootSupported);
    this.bootRow.setHint(
      settings.startOnBootSupported ? 'Start ColorChanger when you log in to this computer.' : 'Not set here: this machine’s service manager (systemd, a container’s restart policy) starts ColorChanger.',
    );
    this.hidden.set(settings.startHidden);
    // Served headless there is no tray to start hidden in: the row is not offered at all.
    setHidden(this.hiddenRow.el, !settings.startHiddenSupported);
    this.paused.set(snapshot.paused);
    this.clientId.update(settings.clientId);
    setText(this.dataPath, snapshot.paths.dataDir);
    setText(this.logPath, snapshot.paths.logDir);
    setText(this.secretsBadge, snapshot.secrets.encryptedAtRest ? 'Encrypted' : 'Not encrypted');
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
