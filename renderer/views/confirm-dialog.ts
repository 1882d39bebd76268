import type { ConfirmOptions } from '../context.js';
import { button } from '../controls.js';
import { h, setText, uid } from '../dom.js';

/** A native modal <dialog>: focus is trapped and Escape cancels without extra code. */
export class ConfirmDialog {
  readonly el: HTMLDialogElement;
  private readonly title = h('h2', { class: 'dialog-title', id: uid('confirm-title') });
  private readonly message = h('p', { class: 'dialog-message', id: uid('confirm-message') });
  private readonly ok = button('OK');
  private readonly cancel = button('Cancel');
  private resolve: ((confirmed: boolean) => void) | null = null;

  constructor() {
    this.el = h(
      'dialog',
      { class: 'dialog confirm-dialog', attrs: { 'aria-labelledby': this.title.id, 'aria-describedby': this.message.id } },
      this.title,
      this.message,
      h('div', { class: 'dialog-actions' }, this.cancel, this.ok),
    );
    this.ok.addEventListener('click', () => this.finish(true));
    this.cancel.addEventListener('click', () => this.finish(false));
    this.el.addEventListener('close', () => this.finish(false));
  }

  ask(options: ConfirmOptions): Promise<boolean> {
    this.finish(false);
    setText(this.title, options.title);
    setText(this.message, options.message);
    setText(this.ok, options.confirm);
    this.ok.className = `btn ${options.danger ? 'btn-danger' : 'btn-primary'}`;
    this.el.showModal();
    // The safe choice has focus, so a stray Enter never removes anything.
    this.cancel.focus();
    return new Promise((resolve) => {
      this.resolve = resolve;
    });
  }

  private finish(confirmed: boolean): void {
    const resolve = this.resolve;
    this.resolve = null;
    if (this.el.open) this.el.close();
    resolve?.(confirmed);
  }
}
