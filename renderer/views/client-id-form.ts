import { ErrorSlot, runAction } from '../action.js';
import type { Ctx } from '../context.js';
import { button } from '../controls.js';
import { h, uid } from '../dom.js';
import { clientIdProblem } from '../format.js';

/**
 * The Client ID of the user's own Twitch application. Checked here with the contract's
 * rule so a typo is caught before anything is sent, then by the core.
 */
export class ClientIdForm {
  readonly el: HTMLFormElement;
  readonly input = h('input', { type: 'text', class: 'input input-mono', autocomplete: 'off', spellcheck: false, placeholder: 'e.g. gp762nuuoqcoxypju8c569th9wz7q5' });
  readonly error = new ErrorSlot();
  private readonly save: HTMLButtonElement;
  private dirty = false;

  constructor(
    private readonly ctx: Ctx,
    options: { label: string; submit: string; onSaved?: () => void },
  ) {
    this.input.id = uid('client-id');
    this.input.name = 'clientId';
    this.error.describe(this.input);
    this.save = button(options.submit, { kind: 'primary' });
    this.save.type = 'submit';
    this.el = h(
      'form',
      { class: 'client-id-form', noValidate: true },
      h('label', { class: 'field-label', htmlFor: this.input.id }, options.label),
      h('div', { class: 'inline-form' }, this.input, this.save),
      this.error.el,
    );
    this.input.addEventListener('input', () => {
      this.dirty = true;
      if (this.error.shown && !clientIdProblem(this.input.value)) this.error.clear();
    });
    this.el.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit(options.onSaved);
    });
  }

  update(clientId: string | null): void {
    if (!this.dirty && document.activeElement !== this.input) this.input.value = clientId ?? '';
  }

  private async submit(onSaved?: () => void): Promise<void> {
    const problem = clientIdProblem(this.input.value);
    if (problem) {
      this.error.show(problem);
      this.input.focus();
      return;
    }
    const clientId = this.input.value.trim();
    const result = await runAction(() => this.ctx.api.settings.setClientId({ clientId }), { error: this.error, controls: [this.save] });
    if (result.ok) {
      this.dirty = false;
      onSaved?.();
    }
  }
}
