import type { z } from 'zod';
import type { EventPayload, loginStartedSchema } from '../../src-core/ipc/contract.js';
import { ErrorSlot, runAction } from '../action.js';
import type { Ctx, LoginPurpose } from '../context.js';
import { button } from '../controls.js';
import { append, h, icon, setHidden, setText, uid } from '../dom.js';
import { countdown, sentence } from '../format.js';
import { ClientIdForm } from './client-id-form.js';
import { copyButton, externalLink } from './external-link.js';

type LoginStarted = z.output<typeof loginStartedSchema>;
type Progress = EventPayload<'login:progress'>;
type Ended = { title: string; message: string; invalidClient?: boolean };

const TITLES: Readonly<Record<LoginPurpose, string>> = { add: 'Add account', relogin: 'Log in again' };

export interface LoginDialogOptions {
  /** Called each time the dialog closes (success, cancel, Escape, Close): the login window closes itself then. */
  onClosed?: () => void;
}

/**
 * The device-code login (TWITCH.md device flow) as a modal dialog: the code large with a
 * copy button, the activation page as a link (a new tab in a browser; in the desktop app
 * the allow-listed external opener), a countdown, and on expiry, denial or failure the
 * reason and a new code one keypress away (R21: a failed login never blocks the next one).
 * A client ID Twitch does not know is a dead end for "Get a new code", so then the main
 * action is "Change client ID", right in the dialog.
 */
export class LoginDialog {
  readonly el: HTMLDialogElement;
  readonly body = h('div', { class: 'dialog-body' });
  private readonly offline = h('p', { class: 'notice notice-warn', hidden: true, attrs: { role: 'status' } }, 'Not connected to ColorChanger. This continues once it is back.');
  private readonly titleEl: HTMLHeadingElement;
  private state: { kind: 'closed' } | { kind: 'starting'; attempt: number } | { kind: 'waiting'; login: LoginStarted } | { kind: 'ended' } = { kind: 'closed' };
  private attempt = 0;
  /** Progress that arrived before login:start answered, by login id. */
  private readonly early = new Map<string, Progress>();
  private countdownEl: HTMLElement | null = null;

  constructor(
    private readonly ctx: Ctx,
    private readonly options: LoginDialogOptions = {},
  ) {
    this.titleEl = h('h2', { class: 'dialog-title', id: uid('login-title') }, TITLES.add);
    this.el = h('dialog', { class: 'dialog login-dialog', attrs: { 'aria-labelledby': this.titleEl.id } }, this.titleEl, this.offline, this.body);
    // Escape: treat as Cancel so the core stops polling Twitch for this code.
    this.el.addEventListener('cancel', (event) => {
      event.preventDefault();
      this.cancel();
    });
  }

  get isOpen(): boolean {
    return this.state.kind !== 'closed';
  }

  open(purpose: LoginPurpose = 'add'): void {
    setText(this.titleEl, TITLES[purpose]);
    if (!this.el.open) this.el.showModal();
    void this.start();
  }

  /** Said once here too: the page behind the dialog is out of sight. */
  setOffline(offline: boolean): void {
    setHidden(this.offline, !offline);
  }

  private async start(): Promise<void> {
    const previous = this.state;
    if (previous.kind === 'waiting') void this.ctx.api.login.cancel({ loginId: previous.login.loginId });
    this.attempt += 1;
    const attempt = this.attempt;
    this.state = { kind: 'starting', attempt };
    this.early.clear();
    this.render([h('p', { class: 'login-status', attrs: { role: 'status' } }, h('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }), 'Asking Twitch for a code…')], [this.cancelButton()]);
    const error = new ErrorSlot();
    const result = await runAction(() => this.ctx.api.login.start({}), { error });
    if (this.state.kind !== 'starting' || this.state.attempt !== attempt) {
      // Cancelled or restarted meanwhile: the code we just got is of no use.
      if (result.ok) void this.ctx.api.login.cancel({ loginId: result.data.loginId });
      return;
    }
    if (!result.ok) {
      const invalidClient = result.error.code === 'invalid_client';
      this.showEnded({ title: invalidClient ? 'Check the client ID' : 'Could not start the login', message: result.error.message, invalidClient });
      return;
    }
    this.showWaiting(result.data);
    const early = this.early.get(result.data.loginId);
    this.early.clear();
    if (early) this.onProgress(early);
  }

  onProgress(progress: Progress): void {
    const state = this.state;
    if (state.kind === 'starting') {
      this.early.set(progress.loginId, progress);
      return;
    }
    if (state.kind !== 'waiting' || state.login.loginId !== progress.loginId) return;
    switch (progress.status) {
      case 'waiting':
        this.showWaiting({ loginId: progress.loginId, userCode: progress.userCode, verificationUri: progress.verificationUri, expiresAt: progress.expiresAt });
        return;
      case 'success':
        this.close();
        this.ctx.navigate({ page: 'account', accountId: progress.accountId });
        this.ctx.notify(`Logged in as ${progress.login}.`);
        return;
      case 'cancelled':
        this.close();
        return;
      case 'expired':
        this.showEnded({ title: 'The code expired', message: progress.message });
        return;
      case 'denied':
        this.showEnded({ title: 'Twitch says access was denied', message: progress.message });
        return;
      case 'failed':
        this.showEnded({ title: 'The login failed', message: progress.message });
        return;
    }
  }

  /** Called every second by the app while the dialog is open. */
  tick(): void {
    const state = this.state;
    if (state.kind !== 'waiting' || !this.countdownEl) return;
    const left = state.login.expiresAt - this.ctx.now();
    if (left <= 0) {
      this.showEnded({ title: 'The code expired', message: 'Nobody entered the code in time. Get a new one and enter it at Twitch.' });
      return;
    }
    setText(this.countdownEl, `The code expires in ${countdown(left)}`);
  }

  private showWaiting(login: LoginStarted): void {
    this.state = { kind: 'waiting', login };
    const copyError = new ErrorSlot();
    const copy = copyButton(() => login.userCode, `Copy the code ${login.userCode}`, (message) => copyError.show(message));
    const open = externalLink(login.verificationUri, 'Open twitch.tv/activate', { kind: 'primary', host: this.ctx.host });
    // The address without its query reads whole and never breaks in the middle of the code.
    const shown = login.verificationUri.replace(/^https?:\/\//, '').replace(/[?#].*$/, '');
    const address = externalLink(login.verificationUri, shown, { host: this.ctx.host });
    address.classList.add('url-link');
    const codeEl = h('output', { class: 'user-code', attrs: { 'aria-label': 'Your code', 'data-testid': 'user-code' } }, login.userCode);
    this.countdownEl = h('p', { class: 'countdown', attrs: { 'aria-live': 'off' } });
    this.render(
      [
        h('ol', { class: 'login-steps' },
          h('li', {}, h('p', { class: 'step-title' }, 'Open the activation page'), h('div', { class: 'step-actions' }, open), h('p', { class: 'step-hint' }, 'or go to ', address, ' and type the code below.')),
          h('li', {}, h('p', { class: 'step-title' }, 'Enter this code and approve'), h('div', { class: 'code-box' }, codeEl, copy), copyError.el),
        ),
        this.countdownEl,
        h('p', { class: 'login-status muted', attrs: { role: 'status' } }, h('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }), 'Waiting for you to approve at Twitch. This closes by itself.'),
      ],
      [this.cancelButton()],
    );
    this.tick();
    open.focus();
  }

  private showEnded(ended: Ended): void {
    const previous = this.state;
    if (previous.kind === 'waiting') void this.ctx.api.login.cancel({ loginId: previous.login.loginId });
    this.state = { kind: 'ended' };
    this.countdownEl = null;
    const again = button('Get a new code', { kind: ended.invalidClient ? 'plain' : 'primary', icon: icon('refresh') });
    again.addEventListener('click', () => void this.start());
    const close = button('Close');
    close.addEventListener('click', () => this.close());
    const notice = h('div', { class: 'notice notice-bad', attrs: { role: 'alert' } }, h('p', { class: 'notice-title' }, ended.title), h('p', {}, sentence(ended.message)));
    if (!ended.invalidClient) {
      this.render([notice], [close, again]);
      again.focus();
      return;
    }
    // The same client ID would fail the same way: the way out is a new one, checked with Twitch as it is saved.
    const form = new ClientIdForm(this.ctx, { label: 'Client ID of your Twitch application', submit: 'Save and get a code', onSaved: () => void this.start() });
    form.el.hidden = true;
    // The ID in use, to be corrected (a typo) or replaced.
    void this.ctx.api.app.snapshot({}).then((snapshot) => {
      if (snapshot.ok) form.update(snapshot.data.settings.clientId);
    });
    const change = button('Change client ID', { kind: 'primary' });
    change.addEventListener('click', () => {
      form.el.hidden = false;
      change.hidden = true;
      form.input.focus();
      form.input.select();
    });
    this.render([notice, form.el], [close, change]);
    change.focus();
  }

  private cancelButton(): HTMLButtonElement {
    const cancel = button('Cancel');
    cancel.addEventListener('click', () => this.cancel());
    return cancel;
  }

  private cancel(): void {
    const state = this.state;
    if (state.kind === 'waiting') void this.ctx.api.login.cancel({ loginId: state.login.loginId });
    this.close();
  }

  /**
   * The page is going away (its window was closed): a code still waiting is cancelled, so
   * the core stops polling Twitch for it. Best effort; nothing is rendered any more.
   */
  abandon(): void {
    const state = this.state;
    this.state = { kind: 'closed' };
    if (state.kind === 'waiting') void this.ctx.api.login.cancel({ loginId: state.login.loginId });
  }

  private close(): void {
    const wasOpen = this.state.kind !== 'closed' || this.el.open;
    this.state = { kind: 'closed' };
    this.countdownEl = null;
    this.early.clear();
    if (this.el.open) this.el.close();
    if (wasOpen) this.options.onClosed?.();
  }

  private render(content: HTMLElement[], actions: HTMLElement[]): void {
    this.body.replaceChildren();
    append(this.body, ...content, h('div', { class: 'dialog-actions' }, ...actions));
  }
}
