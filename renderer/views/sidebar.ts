import type { AccountView, AppSnapshot } from '../../src-core/ipc/snapshot.js';
import type { Ctx, Route } from '../context.js';
import { button, paintSwatch } from '../controls.js';
import { h, icon, setHidden, setText, syncKeyed } from '../dom.js';
import { STATE_LABEL, STATE_TONE, cssColor } from '../format.js';

interface Item {
  el: HTMLLIElement;
  update(account: AccountView): void;
}

/** The app's navigation: accounts with their color and state at a glance, add, settings. */
export class Sidebar {
  readonly el: HTMLElement;
  private readonly list = h('ul', { class: 'nav-list' });
  private readonly items = new Map<string, Item>();
  private readonly buttons = new Map<string, HTMLButtonElement>();
  private readonly settings: HTMLButtonElement;
  private readonly pausedNote = h('p', { class: 'nav-paused', attrs: { role: 'status' } }, 'All changes paused');
  private route: Route = { page: 'home' };

  constructor(private readonly ctx: Ctx) {
    const add = button('Add account', { icon: icon('plus'), kind: 'ghost' });
    add.classList.add('nav-add');
    add.addEventListener('click', () => ctx.startLogin());
    this.settings = h('button', { type: 'button', class: 'nav-item' }, icon('settings'), h('span', { class: 'nav-text' }, 'Settings'));
    this.settings.addEventListener('click', () => ctx.navigate({ page: 'settings' }));
    this.el = h(
      'nav',
      { class: 'sidebar', attrs: { 'aria-label': 'Accounts and settings' } },
      h('div', { class: 'brand' }, h('span', { class: 'brand-mark', attrs: { 'aria-hidden': 'true' } }), h('span', {}, 'ColorChanger')),
      h('h2', { class: 'nav-heading' }, 'Accounts'),
      this.list,
      add,
      h('div', { class: 'nav-bottom' }, this.pausedNote, this.settings),
    );
  }

  update(snapshot: AppSnapshot, route: Route): void {
    this.route = route;
    syncKeyed(this.list, this.items, snapshot.accounts, (account) => account.id, (account) => this.item(account));
    for (const id of this.buttons.keys()) if (!this.items.has(id)) this.buttons.delete(id);
    for (const [id, btn] of this.buttons) setCurrent(btn, route.page === 'account' && route.accountId === id);
    setCurrent(this.settings, route.page === 'settings');
    setHidden(this.pausedNote, !snapshot.paused);
  }

  private item(account: AccountView): Item {
    const id = account.id;
    const swatch = h('span', { class: 'swatch swatch-sm', attrs: { 'aria-hidden': 'true' } });
    const name = h('span', { class: 'nav-text' });
    const state = h('span', { class: 'nav-state' });
    const dot = h('span', { class: 'state-dot', attrs: { 'aria-hidden': 'true' } });
    const btn = h('button', { type: 'button', class: 'nav-item' }, swatch, h('span', { class: 'nav-labels' }, name, state), dot);
    btn.addEventListener('click', () => this.ctx.navigate({ page: 'account', accountId: id }));
    this.buttons.set(id, btn);
    const el = h('li', {}, btn);
    return {
      el,
      update: (next) => {
        paintSwatch(swatch, cssColor(next.currentColor));
        setText(name, next.displayName);
        setText(state, STATE_LABEL[next.state]);
        dot.className = `state-dot tone-${STATE_TONE[next.state]}`;
        btn.setAttribute('aria-label', `${next.displayName}, ${STATE_LABEL[next.state]}`);
        setCurrent(btn, this.route.page === 'account' && this.route.accountId === id);
      },
    };
  }
}

function setCurrent(el: HTMLElement, current: boolean): void {
  if (current) el.setAttribute('aria-current', 'page');
  else el.removeAttribute('aria-current');
}
