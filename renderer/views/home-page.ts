import type { AppSnapshot } from '../../src-core/ipc/snapshot.js';
import type { Ctx } from '../context.js';
import { button } from '../controls.js';
import { h, icon } from '../dom.js';

/** What the main pane shows before any account exists: one clear next step. */
export class HomePage {
  readonly el: HTMLElement;
  readonly login: HTMLButtonElement;

  constructor(ctx: Ctx) {
    // The same words as the sidebar's button and the tray's item: one name for one action.
    this.login = button('Add account', { kind: 'primary', icon: icon('plus') });
    this.login.addEventListener('click', () => ctx.startLogin());
    this.el = h(
      'div',
      { class: 'page home-page' },
      h(
        'section',
        { class: 'card empty-state' },
        h('span', { class: 'brand-mark brand-mark-large', attrs: { 'aria-hidden': 'true' } }),
        h('h1', { class: 'page-title' }, 'Add your Twitch account'),
        h('p', { class: 'lead' }, 'You log in once with Twitch, with a short code at twitch.tv/activate. Then choose the channels you chat in, and your name color changes after every message you send there.'),
        this.login,
      ),
    );
  }

  update(_snapshot: AppSnapshot): void {
    // Nothing on this page depends on state; kept for the same shape as the other pages.
  }

  tick(): void {}
}
