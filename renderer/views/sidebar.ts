import type { AccountView, AppSnapshot } from '../../src-core/ipc/snapshot.js';
import type { Ctx, Route } from '../context.js';
import { button } from '../controls.js';
import { h, icon, setText, syncKeyed } from '../dom.js';
import { stateLabel, stateTone } from '../format.js';
import { Avatar } from './avatar.js';

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
      // "All paused" is said once, by the banner above the page.
      h('div', { class: 'nav-bottom' }, this.settings),
    );
  }

  update(snapshot: AppSnapshot, route: Route): void {
    this.route = route;
    syncKeyed(this.list, this.items, snapshot.accounts, (account) => account.id, (account) => this.item(account));
    for (const id of this.buttons.keys()) if (!this.items.has(id)) this.buttons.delete(id);
    for (const [id, btn] of this.buttons) setCurrent(btn, route.page === 'account' && route.accountId === id);
    setCurrent(this.settings, route.page === 'settings');
  }

  private item(account: AccountView): Item {
    const id = account.id;
    const avatar = new Avatar('sm');
    avatar.el.setAttribute('aria-hidden', 'true');
    const name = h('span', { class: 'nav-text' });
    const state = h('span', { class: 'nav-state' });
    const dot = h('span', { class: 'state-dot', attrs: { 'aria-hidden': 'true' } });
    const btn = h('button', { type: 'button', class: 'nav-item' }, avatar.el, h('span', { class: 'nav-labels' }, name, state), dot);
    btn.addEventListener('click', () => this.ctx.navigate({ page: 'account', accountId: id }));
    this.buttons.set(id, btn);
    const el = h('li', {}, btn);
    return {
      el,
      update: (next) => {
        avatar.update(next);
        setText(name, next.displayName);
        setText(state, stateLabel(next));
        dot.className = `state-dot tone-${stateTone(next)}`;
        btn.title = next.displayName;
        btn.setAttribute('aria-label', `${next.displayName}, ${stateLabel(next)}`);
        setCurrent(btn, this.route.page === 'account' && this.route.accountId === id);
      },
    };
  }
}

function setCurrent(el: HTMLElement, current: boolean): void {
  if (current) el.setAttribute('aria-current', 'page');
  else el.removeAttribute('aria-current');
}
