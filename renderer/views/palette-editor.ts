import type { AccountView, PaletteOrder } from '../../src-core/ipc/snapshot.js';
import { ErrorSlot, runAction } from '../action.js';
import type { Ctx } from '../context.js';
import { button, paintSwatch } from '../controls.js';
import { h, icon, setText, syncKeyed, uid } from '../dom.js';
import { colorLabel, cssColor } from '../format.js';

type Entry = { color: string; key: string };
type Chip = { el: HTMLLIElement; update(entry: Entry): void };

/**
 * The user's own list of colors for palette mode. Each add/remove is sent at once and the
 * core checks it (names or hex; hex only with Turbo/Prime in practice), so the list shown
 * is always the one in use.
 */
export class PaletteEditor {
  readonly el: HTMLElement;
  private account: AccountView;
  private readonly list = h('ul', { class: 'chips', attrs: { 'aria-label': 'Palette colors' } });
  private readonly empty = h('p', { class: 'muted chips-empty' }, 'No colors yet. Until you add some, the random mode is used.');
  private readonly chips = new Map<string, Chip>();
  private readonly input = h('input', { type: 'text', class: 'input', placeholder: 'sea_green or #1E90FF', autocomplete: 'off', spellcheck: false });
  private readonly picker = h('input', { type: 'color', class: 'color-picker', value: '#9146ff', attrs: { 'aria-label': 'Pick a color to add' } });
  private readonly add = button('Add', { icon: icon('plus') });
  private readonly error = new ErrorSlot();
  private readonly orderRandom: HTMLInputElement;
  private readonly orderSequential: HTMLInputElement;

  constructor(
    private readonly ctx: Ctx,
    account: AccountView,
  ) {
    this.account = account;
    const inputId = uid('palette-input');
    this.input.id = inputId;
    this.error.describe(this.input);
    const form = h('form', { class: 'inline-form' }, this.picker, this.input, this.add);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.addColor(this.input.value.trim());
    });
    this.add.type = 'submit';
    this.picker.addEventListener('change', () => void this.addColor(this.picker.value.toUpperCase()));
    const name = uid('palette-order');
    this.orderRandom = h('input', { type: 'radio', name, value: 'random' });
    this.orderSequential = h('input', { type: 'radio', name, value: 'sequential' });
    for (const radio of [this.orderRandom, this.orderSequential]) {
      radio.addEventListener('change', () => {
        if (radio.checked) void this.setOrder(radio.value as PaletteOrder);
      });
    }
    this.el = h(
      'div',
      { class: 'palette-editor' },
      h('div', { class: 'palette-list' }, this.list, this.empty),
      h('label', { class: 'sr-only', htmlFor: inputId }, 'Add a color to the palette'),
      form,
      h(
        'div',
        { class: 'palette-order' },
        h('span', { class: 'palette-order-label', attrs: { 'aria-hidden': 'true' } }, 'Order'),
        h(
          'fieldset',
          { class: 'segmented segmented-small' },
          h('legend', { class: 'sr-only' }, 'Palette order'),
          h('label', {}, this.orderRandom, h('span', {}, 'Random')),
          h('label', {}, this.orderSequential, h('span', {}, 'In order')),
        ),
      ),
      this.error.el,
    );
    this.update(account);
  }

  update(account: AccountView): void {
    this.account = account;
    const entries = account.color.palette.map((color, index) => ({ color, key: `${index}:${color}` }));
    syncKeyed(this.list, this.chips, entries, (entry) => entry.key, (entry) => this.chip(entry.key));
    this.empty.hidden = entries.length > 0;
    this.orderRandom.checked = account.color.paletteOrder === 'random';
    this.orderSequential.checked = account.color.paletteOrder === 'sequential';
  }

  private chip(key: string): Chip {
    const swatch = h('span', { class: 'swatch swatch-sm', attrs: { 'aria-hidden': 'true' } });
    const label = h('span', { class: 'chip-label' });
    const remove = button('', { kind: 'ghost', icon: icon('close') });
    remove.classList.add('chip-remove');
    remove.addEventListener('click', () => {
      const index = Number(key.split(':')[0]);
      const palette = this.account.color.palette.filter((_, i) => i !== index);
      void this.send({ palette }, [remove]).then(() => {
        // The chip (and its focused button) is gone; keep keyboard users in the editor.
        if (!this.el.contains(document.activeElement)) this.input.focus();
      });
    });
    const el = h('li', { class: 'chip' }, swatch, label, remove);
    return {
      el,
      update: ({ color }) => {
        paintSwatch(swatch, cssColor(color));
        setText(label, colorLabel(color));
        remove.setAttribute('aria-label', `Remove ${colorLabel(color)} from the palette`);
      },
    };
  }

  private async addColor(color: string): Promise<void> {
    if (!color) {
      this.error.show('Type a color name or a hex code first, or pick one.');
      this.input.focus();
      return;
    }
    const result = await this.send({ palette: [...this.account.color.palette, color] }, [this.add, this.input]);
    if (result) {
      this.input.value = '';
      this.input.focus();
    }
  }

  private async setOrder(paletteOrder: PaletteOrder): Promise<void> {
    const ok = await this.send({ paletteOrder }, []);
    if (!ok) this.update(this.account);
  }

  private async send(options: { palette?: string[]; paletteOrder?: PaletteOrder }, controls: (HTMLButtonElement | HTMLInputElement)[]): Promise<boolean> {
    const result = await runAction(() => this.ctx.api.colors.setOptions({ accountId: this.account.id, ...options }), { error: this.error, controls });
    return result.ok;
  }
}
