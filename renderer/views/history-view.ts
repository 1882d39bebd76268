import type { AccountView } from '../../src-core/ipc/snapshot.js';
import type { ErrorSlot} from '../action.js';
import { type ErrorGroup, runAction } from '../action.js';
import type { Ctx } from '../context.js';
import { paintSwatch } from '../controls.js';
import { h, icon, setHidden, setText, syncKeyed } from '../dom.js';
import { colorLabel, cssColor, timeAgo } from '../format.js';
import { RovingFocus } from '../roving-focus.js';

type Item = { color: string; at: number };
type ItemView = { el: HTMLLIElement; button: HTMLButtonElement; update(item: Item): void };

/**
 * "Recent colors": newest first, each by what was set (a name reads as a name), one
 * choice away from being worn again exactly as it was. The color worn now is marked for
 * eyes (a tag, not a ring that looks like keyboard focus) and for assistive tech
 * (aria-current); the list is one Tab stop with the arrow keys inside.
 */
export class HistoryView {
  readonly el: HTMLElement;
  private account: AccountView;
  private readonly list = h('ol', { class: 'history', attrs: { 'aria-label': 'Recent colors, newest first', 'data-testid': 'history' } });
  private readonly views = new Map<string, ItemView>();
  private readonly empty = h('p', { class: 'muted' }, 'No color changes yet. Write a message in a channel that is switched on.');
  readonly error: ErrorSlot;
  private readonly roving: RovingFocus;

  constructor(
    private readonly ctx: Ctx,
    account: AccountView,
    group: ErrorGroup,
  ) {
    this.account = account;
    this.error = group.slot();
    this.roving = new RovingFocus(this.list, () => this.buttons(), () => this.buttons().find((b) => b.getAttribute('aria-current') === 'true') ?? null);
    this.el = h(
      'div',
      { class: 'row row-block' },
      h('div', { class: 'row-text' }, h('span', { class: 'row-label' }, 'Recent colors'), h('span', { class: 'row-hint' }, 'Newest first. Choose one to wear it again now.')),
      this.list,
      this.empty,
      this.error.el,
    );
    this.update(account);
  }

  update(account: AccountView): void {
    this.account = account;
    const items = account.recentColors.slice(0, 10);
    syncKeyed(this.list, this.views, items, keyOf, () => this.item());
    setHidden(this.empty, items.length > 0);
    setHidden(this.list, items.length === 0);
    this.roving.refresh();
  }

  /** "2 minutes ago" labels age; refreshed by the app's ticker. */
  tick(): void {
    for (const item of this.account.recentColors.slice(0, 10)) this.views.get(keyOf(item))?.update(item);
  }

  private buttons(): HTMLButtonElement[] {
    return [...this.list.querySelectorAll<HTMLButtonElement>('.history-button')];
  }

  private item(): ItemView {
    const swatch = h('span', { class: 'swatch swatch-md', attrs: { 'aria-hidden': 'true' } });
    const label = h('span', { class: 'history-label' });
    const now = h('span', { class: 'history-now', attrs: { 'aria-hidden': 'true' } }, icon('check'), 'Now');
    const button = h('button', { type: 'button', class: 'history-button' }, swatch, h('span', { class: 'history-text' }, label, now));
    let current: Item | null = null;
    button.addEventListener('click', () => {
      if (!current) return;
      const color = current.color;
      void runAction(() => this.ctx.api.colors.setNow({ accountId: this.account.id, color }), { error: this.error, controls: [button] });
    });
    const el = h('li', { class: 'history-item' }, button);
    return {
      el,
      button,
      update: (item) => {
        current = item;
        const name = colorLabel(item.color);
        const ago = timeAgo(item.at, this.ctx.now());
        const worn = this.account.recentColors[0] === item && this.account.currentColor !== null && colorLabel(this.account.currentColor) === name;
        paintSwatch(swatch, cssColor(item.color));
        setText(label, name);
        setHidden(now, !worn);
        button.title = worn ? `${name}, worn now (set ${ago})` : `${name}, set ${ago}. Choose to wear it again.`;
        el.setAttribute('aria-label', `${name}, ${ago}`);
        button.setAttribute('aria-label', worn ? `${name}, your color now (set ${ago})` : `Use ${name} again (set ${ago})`);
        if (worn) button.setAttribute('aria-current', 'true');
        else button.removeAttribute('aria-current');
      },
    };
  }
}

function keyOf(item: Item): string {
  return `${item.at}:${item.color}`;
}
