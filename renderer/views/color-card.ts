import type { AccountView, ColorMode } from '../../src-core/ipc/snapshot.js';
import { ErrorSlot, runAction, setDisabled } from '../action.js';
import type { Ctx } from '../context.js';
import { button, card, commitSwitch, paintSwatch, row, toggle } from '../controls.js';
import type { Row, Switch } from '../controls.js';
import { h, icon, setHidden, setText, syncKeyed, uid } from '../dom.js';
import { PRIME_LABEL, colorLabel, cssColor, timeAgo } from '../format.js';
import { PaletteEditor } from './palette-editor.js';

const MODES: readonly { mode: ColorMode; label: string; hint: string }[] = [
  { mode: 'random', label: 'Random', hint: 'A different color after every message.' },
  { mode: 'rainbow', label: 'Rainbow', hint: 'Walks around the color wheel, one step per message.' },
  { mode: 'palette', label: 'Palette', hint: 'Picks from your own list of colors.' },
];

type HistoryItem = { color: string; at: number };

/** Everything about how an account's color changes: history, mode, palette, limits. */
export class ColorCard {
  readonly el: HTMLElement;
  private account: AccountView;
  private readonly history = h('ol', { class: 'history', attrs: { 'aria-label': 'Last colors, newest first', 'data-testid': 'history' } });
  private readonly historyViews = new Map<string, { el: HTMLLIElement; update(item: HistoryItem): void }>();
  private readonly historyError = new ErrorSlot();
  private readonly historyEmpty = h('p', { class: 'muted' }, 'No color changes yet. Write a message in an enabled channel.');
  private readonly modeRadios = new Map<ColorMode, HTMLInputElement>();
  private readonly modeRow: Row;
  private readonly palette: PaletteEditor;
  private readonly interval = h('input', { type: 'number', class: 'input input-number', min: '0', max: '3600', step: '1', inputMode: 'numeric' });
  private readonly intervalRow: Row;
  private readonly primeText = h('span', { class: 'prime-text' });
  private readonly primeAgain = button('Check again', { icon: icon('refresh') });
  private readonly primeRow: Row;
  private readonly homeSwitch: Switch;
  private readonly homeRow: Row;
  private readonly homeInput = h('input', { type: 'text', class: 'input', autocomplete: 'off', spellcheck: false, placeholder: 'The color it had when added' });
  private readonly homeSave = button('Save');
  private readonly homeError = new ErrorSlot();
  private readonly homeField: HTMLElement;

  constructor(
    private readonly ctx: Ctx,
    account: AccountView,
  ) {
    this.account = account;
    const historyRow = h(
      'div',
      { class: 'row row-block' },
      h('div', { class: 'row-text' }, h('span', { class: 'row-label' }, 'Recent colors'), h('span', { class: 'row-hint' }, 'Newest first. Choose one to wear it again now.')),
      this.history,
      this.historyEmpty,
      this.historyError.el,
    );

    const modeGroup = h('fieldset', { class: 'segmented' }, h('legend', { class: 'sr-only' }, 'Color mode'));
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
    this.palette = new PaletteEditor(ctx, account);
    this.modeRow.el.append(this.palette.el);

    this.interval.addEventListener('change', () => void this.setInterval());
    const intervalControl = h('span', { class: 'input-suffix' }, this.interval, h('span', { attrs: { 'aria-hidden': 'true' } }, 'seconds'));
    this.intervalRow = row('Minimum interval', 'Wait at least this long between automatic changes. 0 changes after every message.', intervalControl);
    this.interval.setAttribute('aria-label', 'Minimum interval in seconds');

    this.primeAgain.addEventListener('click', () => void runAction(() => ctx.api.colors.resetPrime({ accountId: this.account.id }), { error: this.primeRow.error, controls: [this.primeAgain] }));
    this.primeRow = row('Turbo or Prime', '', h('div', { class: 'row-buttons' }, this.primeAgain));
    this.primeRow.hint.append(this.primeText);

    this.homeSwitch = toggle((restore, sw) =>
      commitSwitch(sw, () => ctx.api.colors.setHome({ accountId: this.account.id, restore }), this.homeRow.error, () => this.account.home.restore),
    );
    this.homeRow = row('Restore a home color', 'When changes stop (paused, disabled, removed or quit), set this color back.', this.homeSwitch.el);
    const homeInputId = uid('home');
    this.homeInput.id = homeInputId;
    this.homeError.describe(this.homeInput);
    const homeForm = h('form', { class: 'inline-form' }, this.homeInput, this.homeSave);
    this.homeSave.type = 'submit';
    homeForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.saveHome();
    });
    this.homeField = h('div', { class: 'subfield' }, h('label', { class: 'subfield-label', htmlFor: homeInputId }, 'Home color'), homeForm, this.homeError.el);
    this.homeRow.el.append(this.homeField);

    this.el = card('Colors', historyRow, this.modeRow.el, this.intervalRow.el, this.primeRow.el, this.homeRow.el);
    this.update(account);
  }

  update(account: AccountView): void {
    this.account = account;
    const items = account.recentColors.slice(0, 10);
    syncKeyed(this.history, this.historyViews, items, (item) => `${item.at}:${item.color}`, () => this.historyItem());
    setHidden(this.historyEmpty, items.length > 0);
    setHidden(this.history, items.length === 0);

    for (const [mode, radio] of this.modeRadios) radio.checked = account.color.mode === mode;
    this.modeRow.setHint(MODES.find((m) => m.mode === account.color.mode)?.hint ?? '');
    this.palette.update(account);
    setHidden(this.palette.el, account.color.mode !== 'palette');

    if (document.activeElement !== this.interval) this.interval.value = String(account.color.minIntervalSec);

    setText(this.primeText, PRIME_LABEL[account.prime]);
    setDisabled(this.primeAgain, account.prime === 'unknown');
    this.primeAgain.title = account.prime === 'unknown' ? 'Already checking on the next change' : 'Forget what was detected and find out again';

    this.homeSwitch.set(account.home.restore);
    setHidden(this.homeField, !account.home.restore);
    if (document.activeElement !== this.homeInput) this.homeInput.value = account.home.color ?? '';
  }

  /** "2 minutes ago" labels age; refreshed by the app's ticker. */
  tick(): void {
    this.account.recentColors.slice(0, 10).forEach((item) => this.historyViews.get(`${item.at}:${item.color}`)?.update(item));
  }

  private historyItem(): { el: HTMLLIElement; update(item: HistoryItem): void } {
    const swatch = h('span', { class: 'swatch swatch-md', attrs: { 'aria-hidden': 'true' } });
    const use = h('button', { type: 'button', class: 'history-button' }, swatch);
    let current: HistoryItem | null = null;
    use.addEventListener('click', () => {
      if (!current) return;
      const color = current.color;
      void runAction(() => this.ctx.api.colors.setNow({ accountId: this.account.id, color }), { error: this.historyError, controls: [use] });
    });
    const el = h('li', { class: 'history-item' }, use);
    return {
      el,
      update: (item) => {
        current = item;
        paintSwatch(swatch, cssColor(item.color));
        const text = `${colorLabel(item.color)}, ${timeAgo(item.at, this.ctx.now())}`;
        use.title = text;
        el.setAttribute('aria-label', text);
        use.setAttribute('aria-label', `Use ${colorLabel(item.color)} again (set ${timeAgo(item.at, this.ctx.now())})`);
      },
    };
  }

  private async setMode(mode: ColorMode): Promise<void> {
    const result = await runAction(() => this.ctx.api.colors.setOptions({ accountId: this.account.id, mode }), { error: this.modeRow.error });
    if (!result.ok) this.update(this.account);
  }

  private async setInterval(): Promise<void> {
    const value = Number(this.interval.value);
    if (!Number.isInteger(value) || value < 0 || value > 3600) {
      this.intervalRow.error.show('Use a whole number of seconds from 0 to 3600.');
      return;
    }
    await runAction(() => this.ctx.api.colors.setOptions({ accountId: this.account.id, minIntervalSec: value }), { error: this.intervalRow.error });
  }

  private async saveHome(): Promise<void> {
    const color = this.homeInput.value.trim();
    await runAction(() => this.ctx.api.colors.setHome({ accountId: this.account.id, restore: true, color: color || null }), {
      error: this.homeError,
      controls: [this.homeSave],
    });
  }
}
