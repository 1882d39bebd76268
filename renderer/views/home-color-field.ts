import type { AccountView } from '../../src-core/ipc/snapshot.js';
import { type ErrorGroup, type ErrorSlot, runAction } from '../action.js';
import type { Ctx } from '../context.js';
import { button, commitSwitch, paintSwatch, row, toggle } from '../controls.js';
import type { Row, Switch } from '../controls.js';
import { h, setHidden, setText, uid } from '../dom.js';
import { colorLabel, cssColor } from '../format.js';
import { NamedColorGrid } from './named-color-grid.js';

/**
 * "Restore a home color": the color put back when changes stop. Shown as a swatch with its
 * name; changed by picking one of the named colors (or typing a hex code, with Turbo or
 * Prime). When no home color is known, it says so and asks for one, because restoring
 * nothing without a word is what users saw before.
 */
export class HomeColorField {
  readonly el: HTMLElement;
  private account: AccountView;
  private readonly sw: Switch;
  private readonly rowView: Row;
  private readonly swatch = h('span', { class: 'swatch swatch-md', attrs: { 'aria-hidden': 'true' } });
  private readonly name = h('span', { class: 'home-name', attrs: { 'data-testid': 'home-color' } });
  private readonly missing = h('p', { class: 'notice notice-warn home-missing', attrs: { role: 'status' } }, 'No home color is known yet, so nothing is put back when changes stop. Pick one below.');
  private readonly change = button('Change…');
  private readonly picker: HTMLElement;
  private readonly grid: NamedColorGrid;
  private readonly hexInput = h('input', { type: 'text', class: 'input input-mono', autocomplete: 'off', spellcheck: false, placeholder: '#1E90FF' });
  private readonly hexForm: HTMLFormElement;
  private readonly error: ErrorSlot;
  private open = false;

  constructor(
    private readonly ctx: Ctx,
    account: AccountView,
    group: ErrorGroup,
  ) {
    this.account = account;
    this.error = group.slot();
    this.sw = toggle((restore, s) => commitSwitch(s, () => ctx.api.colors.setHome({ accountId: this.account.id, restore }), this.rowView.error, () => this.account.home.restore));
    this.rowView = row('Restore a home color', 'When changes stop (paused, switched off, removed or quit), this color is put back.', this.sw.el);
    group.add(this.rowView.error);
    this.grid = new NamedColorGrid({
      label: 'Pick the home color',
      onPick: (color) => void this.save(color),
      describe: (color, pressed) => (pressed ? `${colorLabel(color)} is the home color` : `Make ${colorLabel(color)} the home color`),
    });
    const hexId = uid('home-hex');
    this.hexInput.id = hexId;
    this.error.describe(this.hexInput);
    const setHex = button('Set');
    setHex.type = 'submit';
    this.hexForm = h('form', { class: 'inline-form home-hex' }, h('label', { class: 'subfield-label-inline', htmlFor: hexId }, 'Or a hex color'), this.hexInput, setHex);
    this.hexForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = this.hexInput.value.trim();
      if (!value) {
        this.error.show('Type a hex color like #1E90FF, or pick a named color above.');
        this.hexInput.focus();
        return;
      }
      void this.save(value);
    });
    this.picker = h('div', { class: 'home-picker' }, this.grid.el, this.hexForm);
    this.change.addEventListener('click', () => {
      this.open = !this.open;
      this.render();
      if (this.open) this.grid.focus();
    });
    const current = h('div', { class: 'home-current' }, this.swatch, this.name, this.change);
    const field = h('div', { class: 'subfield', attrs: { 'data-testid': 'home-field' } }, h('span', { class: 'subfield-label' }, 'Home color'), this.missing, current, this.picker, this.error.el);
    this.rowView.el.append(field);
    this.el = this.rowView.el;
    this.field = field;
    this.current = current;
    this.update(account);
  }

  private readonly field: HTMLElement;
  private readonly current: HTMLElement;

  update(account: AccountView): void {
    this.account = account;
    this.sw.set(account.home.restore);
    this.render();
  }

  private render(): void {
    const { home, prime } = this.account;
    const hadFocus = this.picker.contains(document.activeElement);
    setHidden(this.field, !home.restore);
    setHidden(this.missing, home.color !== null);
    setHidden(this.current, home.color === null);
    paintSwatch(this.swatch, cssColor(home.color));
    setText(this.name, home.color ? colorLabel(home.color) : '');
    setText(this.change.querySelector('span') ?? this.change, this.open ? 'Done' : 'Change…');
    this.change.setAttribute('aria-expanded', String(this.open));
    setHidden(this.picker, home.color !== null && !this.open);
    setHidden(this.hexForm, prime === 'no');
    this.grid.update((name) => home.color === name);
    // The picker closed under the keyboard user: focus goes to what opens it again.
    if (hadFocus && this.picker.hidden) this.change.focus();
  }

  private async save(color: string): Promise<void> {
    const result = await runAction(() => this.ctx.api.colors.setHome({ accountId: this.account.id, restore: true, color }), { error: this.error });
    if (result.ok) {
      this.hexInput.value = '';
      this.open = false;
    }
  }
}
