import type { AccountView, PaletteOrder } from '../../src-core/ipc/snapshot.js';
import { type ErrorGroup, type ErrorSlot, runAction } from '../action.js';
import type { Ctx } from '../context.js';
import { button, paintSwatch } from '../controls.js';
import { h, icon, setHidden, setText, syncKeyed, uid } from '../dom.js';
import { colorLabel, cssColor } from '../format.js';
import { NamedColorGrid } from './named-color-grid.js';

type Entry = { color: string; key: string };
type Chip = { el: HTMLLIElement; update(entry: Entry): void };

const isHex = (color: string): boolean => color.startsWith('#');

/**
 * The user's own list of colors for palette mode. Each add/remove is sent at once and the
 * core checks it, so the list shown is always the one in use. Twitch's named colors are a
 * grid to pick from; hex colors (typed or from the picker) are offered only where they can
 * be worn. An account known to lack Turbo/Prime sees its hex entries marked "needs Turbo
 * or Prime" and told that they are skipped, never skipped without a word.
 */
export class PaletteEditor {
  readonly el: HTMLElement;
  private account: AccountView;
  private readonly list = h('ul', { class: 'chips', attrs: { 'aria-label': 'Palette colors' } });
  private readonly empty = h('p', { class: 'muted chips-empty' }, 'No colors yet. Until you add some, the random mode is used.');
  private readonly skipped = h('p', { class: 'notice notice-warn', attrs: { role: 'status', 'data-testid': 'palette-skipped' } });
  private readonly chips = new Map<string, Chip>();
  private readonly grid: NamedColorGrid;
  private readonly input = h('input', { type: 'text', class: 'input', autocomplete: 'off', spellcheck: false });
  // Starts on a color every account may wear (dodger blue), never on one it may not.
  private readonly picker = h('input', { type: 'color', class: 'color-picker', value: '#1e90ff', attrs: { 'aria-label': 'Pick a hex color to add' } });
  private readonly add = button('Add', { icon: icon('plus') });
  private readonly error: ErrorSlot;
  private readonly orderRandom: HTMLInputElement;
  private readonly orderSequential: HTMLInputElement;

  constructor(
    private readonly ctx: Ctx,
    account: AccountView,
    group: ErrorGroup,
  ) {
    this.account = account;
    this.error = group.slot();
    const inputId = uid('palette-input');
    this.input.id = inputId;
    this.error.describe(this.input);
    this.grid = new NamedColorGrid({
      label: 'Twitch’s colors (anyone can wear these)',
      onPick: (name) => void this.toggleNamed(name),
      describe: (name, pressed) => (pressed ? `Remove ${colorLabel(name)} from the palette` : `Add ${colorLabel(name)} to the palette`),
    });
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
    const orderLabel = h('span', { class: 'palette-order-label', id: uid('order') }, 'Order');
    this.el = h(
      'div',
      { class: 'palette-editor' },
      h('div', { class: 'palette-list' }, this.list, this.empty),
      this.skipped,
      this.grid.el,
      h('div', { class: 'palette-add' }, h('label', { class: 'grid-label', htmlFor: inputId }, 'Add a color to the palette'), form, this.error.el),
      h(
        'div',
        { class: 'palette-order' },
        orderLabel,
        h(
          'fieldset',
          { class: 'segmented segmented-small', attrs: { 'aria-labelledby': orderLabel.id } },
          h('label', {}, this.orderRandom, h('span', {}, 'Random')),
          h('label', {}, this.orderSequential, h('span', {}, 'In order')),
        ),
      ),
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
    const noHex = account.prime === 'no';
    setHidden(this.picker, noHex);
    this.input.placeholder = noHex ? 'A color name, e.g. sea green' : 'sea green or #1E90FF';
    const unusable = noHex ? account.color.palette.filter(isHex) : [];
    setText(
      this.skipped,
      unusable.length === 0
        ? ''
        : unusable.length === account.color.palette.length
          ? 'None of these colors can be worn without Turbo or Prime, so random named colors are used instead. Pick named colors above.'
          : `${unusable.length === 1 ? '1 color needs' : `${unusable.length} colors need`} Turbo or Prime and ${unusable.length === 1 ? 'is' : 'are'} skipped. Remove ${unusable.length === 1 ? 'it' : 'them'}, or pick named colors above.`,
    );
    setHidden(this.skipped, unusable.length === 0);
    const inPalette = new Set(account.color.palette);
    this.grid.update((color) => inPalette.has(color));
  }

  private chip(key: string): Chip {
    const swatch = h('span', { class: 'swatch swatch-sm', attrs: { 'aria-hidden': 'true' } });
    const label = h('span', { class: 'chip-label' });
    const needs = h('span', { class: 'chip-needs' }, 'needs Turbo or Prime');
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
    const el = h('li', { class: 'chip' }, swatch, label, needs, remove);
    return {
      el,
      update: ({ color }) => {
        const unusable = this.account.prime === 'no' && isHex(color);
        paintSwatch(swatch, cssColor(color));
        setText(label, colorLabel(color));
        setHidden(needs, !unusable);
        el.classList.toggle('chip-unusable', unusable);
        remove.setAttribute('aria-label', `Remove ${colorLabel(color)} from the palette`);
      },
    };
  }

  private async toggleNamed(name: string): Promise<void> {
    const palette = this.account.color.palette;
    await this.send({ palette: palette.includes(name) ? palette.filter((color) => color !== name) : [...palette, name] }, []);
  }

  private async addColor(color: string): Promise<void> {
    if (!color) {
      this.error.show('Type a color name or a hex code first, or pick one of Twitch’s colors above.');
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
