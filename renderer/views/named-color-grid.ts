import { paintSwatch } from '../controls.js';
import { h, setText, uid } from '../dom.js';
import { NAMED_COLORS, colorLabel, cssColor } from '../format.js';
import { RovingFocus } from '../roving-focus.js';

export type NamedColor = (typeof NAMED_COLORS)[number];

/**
 * Twitch's 15 named colors as a grid of toggle buttons, for the palette and the home color:
 * what every account may wear, whether or not it has Turbo or Prime. One Tab stop; the
 * arrow keys move inside (a roving tabindex).
 */
export class NamedColorGrid {
  readonly el: HTMLElement;
  private readonly buttons = new Map<NamedColor, HTMLButtonElement>();
  private readonly roving: RovingFocus;

  constructor(options: { label: string; onPick(name: NamedColor): void; describe?(name: NamedColor, pressed: boolean): string }) {
    const heading = h('span', { class: 'grid-label', id: uid('grid') }, options.label);
    const list = h('div', { class: 'named-grid', attrs: { role: 'group', 'aria-labelledby': heading.id } });
    for (const name of NAMED_COLORS) {
      const swatch = h('span', { class: 'swatch swatch-sm', attrs: { 'aria-hidden': 'true' } });
      paintSwatch(swatch, cssColor(name));
      const button = h('button', { type: 'button', class: 'named-color', dataset: { color: name } }, swatch, h('span', {}, colorLabel(name)));
      button.addEventListener('click', () => options.onPick(name));
      this.buttons.set(name, button);
      list.append(button);
    }
    this.describe = options.describe ?? ((name) => colorLabel(name));
    this.roving = new RovingFocus(list, () => [...this.buttons.values()], () => [...this.buttons.values()].find((b) => b.getAttribute('aria-pressed') === 'true') ?? null);
    this.el = h('div', { class: 'named-grid-field' }, heading, list);
    this.update(() => false);
  }

  private readonly describe: (name: NamedColor, pressed: boolean) => string;

  /** Marks the colors that are chosen now (in the palette, the home color). */
  update(pressed: (name: NamedColor) => boolean): void {
    for (const [name, button] of this.buttons) {
      const on = pressed(name);
      button.setAttribute('aria-pressed', String(on));
      const label = this.describe(name, on);
      if (button.title !== label) button.title = label;
      setText(button.querySelector('span:last-child') ?? button, colorLabel(name));
    }
    this.roving.refresh();
  }

  focus(): void {
    ([...this.buttons.values()].find((b) => b.tabIndex === 0) ?? this.buttons.values().next().value)?.focus();
  }
}
