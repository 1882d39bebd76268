import type { z } from 'zod';
import type { EventPayload, loginStartedSchema } from '../../src-core/ipc/contract.js';
import { ErrorSlot, runAction } from '../action.js';
import type { Ctx } from '../context.js';
import { button } from '../controls.js';
import { append, h, icon, setText, uid } from '../dom.js';
import { countdown } from '../format.js';

type LoginStarted = z.output<typeof loginStartedSchema>;
type Progress = EventPayload<'login:progress'>;
type Ended = { title: string; message: string };

export interface LoginDialogOptions {
  /** Called each time the dialog closes (success, cancel, Escape, Close): the login window closes itself then. */
  onClosed?: () => void;
}

/**
 * The device-code login (TWITCH.md device flow) as a modal dialog: the code large with a
 * copy button, the activation page opened in the system browser by the core (the
 * renderer never navigates), a countdown, and on expiry, denial or failure the reason and
 * a new code one keypress away (R21: a failed login never blocks the next one).
 */
export class LoginDialog {
  readonly el: HTMLDialogElement;
  private readonly body = h('div', { class: 'dialog-body' });
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
    this.titleEl = h('h2', { class: 'dialog-title', id: uid('login-title') }, 'Log in with Twitch');
    this.el = h('dialog', { class: 'dialog login-dialog', attrs: { 'aria-labelledby': this.titleEl.id } }, this.titleEl, this.body);
    // Escape: treat as Cancel so the core stops polling Twitch for this code.
    this.el.addEventListener('cancel', (event) => {
      event.preventDefault();
      this.cancel();
    });
  }

  get isOpen(): boolean {
    return this.state.kind !== 'closed';
  }

  open(): void {
    if (!this.el.open) this.el.showModal();
    void this.start();
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
      this.showEnded({ title: 'Could not start the login', message: result.error.message });
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
    const openError = new ErrorSlot();
    const copy = button('Copy', { icon: icon('copy'), label: `Copy the code ${login.userCode}` });
    copy.classList.add('copy-button');
    copy.addEventListener('click', () => void this.copyCode(login.userCode, copy, copyError));
    const open = button('Open twitch.tv/activate', { kind: 'primary', icon: icon('external') });
    open.addEventListener('click', () => void runAction(() => this.ctx.api.login.openActivation({ loginId: login.loginId }), { error: openError, controls: [open] }));
    const codeEl = h('output', { class: 'user-code', attrs: { 'aria-label': 'Your code', 'data-testid': 'user-code' } }, login.userCode);
    this.countdownEl = h('p', { class: 'countdown', attrs: { 'aria-live': 'off' } });
    this.render(
      [
        h('ol', { class: 'login-steps' },
          h('li', {}, h('p', { class: 'step-title' }, 'Open the activation page'), h('div', { class: 'step-actions' }, open), h('p', { class: 'step-hint' }, 'or go to ', h('span', { class: 'url-text' }, login.verificationUri)), openError.el),
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
    const again = button('Get a new code', { kind: 'primary', icon: icon('refresh') });
    again.addEventListener('click', () => void this.start());
    const close = button('Close');
    close.addEventListener('click', () => this.close());
    this.render([h('div', { class: 'notice notice-bad', attrs: { role: 'alert' } }, h('p', { class: 'notice-title' }, ended.title), h('p', {}, ended.message))], [close, again]);
    again.focus();
  }

  private async copyCode(code: string, copy: HTMLButtonElement, error: ErrorSlot): Promise<void> {
    error.clear();
    try {
      await navigator.clipboard.writeText(code);
      const label = copy.querySelector('span');
      if (label) {
        setText(label, 'Copied');
        setTimeout(() => setText(label, 'Copy'), 1500);
      }
    } catch {
      error.show('Copying is not allowed here. Select the code and copy it by hand.');
    }
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
