import type { AccountView, ColorMode } from '../../src-core/ipc/snapshot.js';
import { ErrorGroup, runAction, setDisabled } from '../action.js';
import type { Ctx } from '../context.js';
import { button, card, row } from '../controls.js';
import type { Row } from '../controls.js';
import { h, icon, setHidden, setText, uid } from '../dom.js';
import { PRIME_LABEL } from '../format.js';
import { HistoryView } from './history-view.js';
import { HomeColorField } from './home-color-field.js';
import { PaletteEditor } from './palette-editor.js';

const MODES: readonly { mode: ColorMode; label: string; hint: string }[] = [
  { mode: 'random', label: 'Random', hint: 'A different color after every message.' },
  { mode: 'rainbow', label: 'Rainbow', hint: 'Walks around the color wheel, one step per message.' },
  { mode: 'palette', label: 'Palette', hint: 'Picks from your own list of colors.' },
];

/**
 * Everything about how an account's color changes: history, mode, palette, limits, home
 * color. The card's controls share one error group: an error belongs to the action that
 * caused it and goes away with the next action in the card.
 */
export class ColorCard {
  readonly el: HTMLElement;
  private account: AccountView;
  private readonly errors = new ErrorGroup();
  private readonly history: HistoryView;
  private readonly modeRadios = new Map<ColorMode, HTMLInputElement>();
  private readonly modeRow: Row;
  private readonly palette: PaletteEditor;
  private readonly interval = h('input', { type: 'number', class: 'input input-number', min: '0', max: '3600', step: '1', inputMode: 'numeric' });
  private readonly intervalRow: Row;
  private readonly primeText = h('span', { class: 'prime-text' });
  private readonly primeAgain = button('Check again', { icon: icon('refresh') });
  private readonly primeWhy = h('span', { class: 'row-note', id: uid('prime-why') }, 'Already finding out: the next color change tells.');
  private readonly primeRow: Row;
  private readonly home: HomeColorField;

  constructor(
    private readonly ctx: Ctx,
    account: AccountView,
  ) {
    this.account = account;
    this.history = new HistoryView(ctx, account, this.errors);

    // A group labelled by the word "Mode", which is not tied to any one option (issue 20).
    const modeGroup = h('fieldset', { class: 'segmented' });
    const name = uid('mode');
    for (const { mode, label } of MODES) {
      const radio = h('input', { type: 'radio', name, value: mode });
      radio.addEventListener('change', () => {
        if (radio.checked) void this.setMode(mode);
      });
      this.modeRadios.set(mode, radio);
      modeGroup.append(h('label', {}, radio, h('span', {}, label)));
    }
    this.modeRow = row('Mode', '', modeGroup);
    this.errors.add(this.modeRow.error);
    this.palette = new PaletteEditor(ctx, account, this.errors);
    this.modeRow.el.append(this.palette.el);

    this.interval.addEventListener('change', () => void this.setInterval());
    const intervalControl = h('span', { class: 'input-suffix' }, this.interval, h('span', { attrs: { 'aria-hidden': 'true' } }, 'seconds'));
    this.intervalRow = row('Minimum interval', 'Wait at least this long between automatic changes. 0 changes after every message.', intervalControl);
    this.errors.add(this.intervalRow.error);
    this.interval.setAttribute('aria-label', 'Minimum interval in seconds');

    this.primeAgain.addEventListener('click', () => void runAction(() => ctx.api.colors.resetPrime({ accountId: this.account.id }), { error: this.primeRow.error, controls: [this.primeAgain] }));
    this.primeAgain.setAttribute('aria-describedby', this.primeWhy.id);
    this.primeRow = row('Turbo or Prime', '', h('div', { class: 'row-buttons' }, this.primeWhy, this.primeAgain));
    this.errors.add(this.primeRow.error);
    this.primeRow.hint.append(this.primeText);

    this.home = new HomeColorField(ctx, account, this.errors);

    this.el = card('Colors', this.history.el, this.modeRow.el, this.intervalRow.el, this.primeRow.el, this.home.el);
    this.update(account);
  }

  update(account: AccountView): void {
    this.account = account;
    this.history.update(account);

    for (const [mode, radio] of this.modeRadios) radio.checked = account.color.mode === mode;
    this.modeRow.setHint(MODES.find((m) => m.mode === account.color.mode)?.hint ?? '');
    this.palette.update(account);
    setHidden(this.palette.el, account.color.mode !== 'palette');

    if (document.activeElement !== this.interval) {
      // The field shows the saved value again: an error about what was typed before is over.
      if (this.interval.value !== String(account.color.minIntervalSec)) this.intervalRow.error.clear();
      this.interval.value = String(account.color.minIntervalSec);
    }

    setText(this.primeText, PRIME_LABEL[account.prime]);
    setDisabled(this.primeAgain, account.prime === 'unknown');
    setHidden(this.primeWhy, account.prime !== 'unknown');
    this.primeAgain.title = account.prime === 'unknown' ? '' : 'Forget what was found and find out again';

    this.home.update(account);
  }

  tick(): void {
    this.history.tick();
  }

  private async setMode(mode: ColorMode): Promise<void> {
    const result = await runAction(() => this.ctx.api.colors.setOptions({ accountId: this.account.id, mode }), { error: this.modeRow.error });
    if (!result.ok) this.update(this.account);
  }

  private async setInterval(): Promise<void> {
    const value = Number(this.interval.value);
    if (this.interval.value.trim() === '' || !Number.isInteger(value) || value < 0 || value > 3600) {
      this.errors.clear();
      this.intervalRow.error.show('Use a whole number of seconds from 0 to 3600.');
      return;
    }
    await runAction(() => this.ctx.api.colors.setOptions({ accountId: this.account.id, minIntervalSec: value }), { error: this.intervalRow.error });
  }
}
