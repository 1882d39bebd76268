import { ErrorSlot, runAction } from '../action.js';
import type { Ctx } from '../context.js';
import { button } from '../controls.js';
import { h, setHidden, setText, uid } from '../dom.js';
import { clientIdProblem } from '../format.js';

export interface ClientIdFormOptions {
  label: string;
  submit: string;
  onSaved?: (checked: boolean) => void;
  /**
   * The form is the screen's one task (first run, the login dialog): its button is the main
   * action from the start. Elsewhere it is only while there is a change to save.
   */
  primary?: 'always' | 'when-changed';
}

/**
 * The Client ID of the user's own Twitch application. Checked here with the contract's
 * rule so a typo is caught before anything is sent, then with Twitch itself (a device-code
 * request answers at once whether Twitch knows the ID), and only then saved: a wrong ID is
 * found when it is entered, not at the first login.
 */
export class ClientIdForm {
  readonly el: HTMLFormElement;
  readonly input = h('input', { type: 'text', class: 'input input-mono', autocomplete: 'off', spellcheck: false, placeholder: 'e.g. gp762nuuoqcoxypju8c569th9wz7q5' });
  readonly error = new ErrorSlot();
  private readonly note = h('p', { class: 'field-note', hidden: true, attrs: { role: 'status' } });
  private readonly save: HTMLButtonElement;
  private saved: string | null = null;
  private dirty = false;

  constructor(
    private readonly ctx: Ctx,
    private readonly options: ClientIdFormOptions,
  ) {
    this.input.id = uid('client-id');
    this.input.name = 'clientId';
    this.error.describe(this.input);
    this.save = button(options.submit, { kind: options.primary === 'always' ? 'primary' : 'plain' });
    this.save.type = 'submit';
    this.el = h(
      'form',
      { class: 'client-id-form', noValidate: true },
      h('label', { class: 'field-label', htmlFor: this.input.id }, options.label),
      h('div', { class: 'inline-form' }, this.input, this.save),
      this.error.el,
      this.note,
    );
    this.input.addEventListener('input', () => {
      this.dirty = true;
      setHidden(this.note, true);
      this.refreshButton();
    });
    this.el.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
    this.refreshButton();
  }

  update(clientId: string | null): void {
    this.saved = clientId;
    if (!this.dirty && document.activeElement !== this.input) this.input.value = clientId ?? '';
    this.refreshButton();
  }

  /** The main action only when it would change something. */
  private refreshButton(): void {
    if (this.options.primary === 'always') return;
    const changed = this.input.value.trim() !== (this.saved ?? '') && this.input.value.trim() !== '';
    this.save.className = `btn btn-${changed ? 'primary' : 'plain'}`;
    this.save.disabled = !changed && this.save.dataset.busy !== 'true';
  }

  private async submit(): Promise<void> {
    const problem = clientIdProblem(this.input.value);
    if (problem) {
      this.error.show(problem);
      this.input.focus();
      return;
    }
    const clientId = this.input.value.trim();
    setText(this.note, 'Checking with Twitch…');
    setHidden(this.note, false);
    const checked = await runAction(() => this.ctx.api.settings.checkClientId({ clientId }), { error: this.error, controls: [this.save] });
    // Twitch said no: not saved. Twitch could not be asked: saved, and said so.
    if (!checked.ok && checked.error.code !== 'network') {
      setHidden(this.note, true);
      this.input.focus();
      return;
    }
    this.error.clear();
    const result = await runAction(() => this.ctx.api.settings.setClientId({ clientId }), { error: this.error, controls: [this.save] });
    if (!result.ok) {
      setHidden(this.note, true);
      return;
    }
    this.dirty = false;
    this.saved = clientId;
    setText(this.note, checked.ok ? 'Twitch knows this client ID. Saved.' : 'Saved. Twitch could not be reached to check it; it is checked at the next login.');
    this.refreshButton();
    this.options.onSaved?.(checked.ok);
  }
}
