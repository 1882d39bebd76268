import type { AppSnapshot } from '../../src-core/ipc/snapshot.js';
import { ErrorSlot, runAction } from '../action.js';
import type { Ctx, Route } from '../context.js';
import { button } from '../controls.js';
import { h, icon, setHidden, setText } from '../dom.js';
import type { ConnectionStatus } from '../ipc/ws-client.js';

const CONNECTION_TEXT: Readonly<Record<ConnectionStatus, string | null>> = {
  connecting: null,
  open: null,
  reconnecting: 'The connection to ColorChanger was lost. Reconnecting… Until it is back, nothing here can be changed.',
  forbidden: 'ColorChanger refused this page. Open the address it printed when it started (it ends in ?token=…) again.',
  closed: 'This page is no longer connected to ColorChanger. Reload it.',
};

/** App-wide conditions shown above every page: "pause all" is on, settings not saved. */
export class Banners {
  readonly el: HTMLElement;
  private readonly paused: HTMLElement;
  private readonly store = h('div', { class: 'banner banner-bad', attrs: { role: 'alert' } });
  private readonly storeText = h('p', {});
  private readonly link = h('div', { class: 'banner banner-bad', hidden: true, attrs: { role: 'alert', 'data-testid': 'connection-banner' } });
  /** App-wide notices from the core (e.g. Twitch retired the chat event: update the app). */
  private readonly notices = h('div', { class: 'banner banner-bad', hidden: true, attrs: { role: 'alert', 'data-testid': 'app-notices' } });
  private noticesShown = '';

  constructor(ctx: Ctx) {
    const error = new ErrorSlot();
    const resume = button('Resume', { kind: 'primary' });
    resume.addEventListener('click', () => void runAction(() => ctx.api.app.setPaused({ paused: false }), { error, controls: [resume] }));
    this.paused = h('div', { class: 'banner banner-warn', attrs: { role: 'status' } }, icon('pause'), h('p', {}, 'All automatic color changes are paused.'), resume, error.el);
    const details = button('Details', { kind: 'ghost' });
    details.addEventListener('click', () => ctx.navigate({ page: 'settings' }));
    this.store.append(this.storeText, details);
    this.el = h('div', { class: 'banners' }, this.link, this.notices, this.paused, this.store);
  }

  /** The bridge connection: a lost or refused link is said plainly, not left as a frozen UI. */
  connection(status: ConnectionStatus): void {
    const text = CONNECTION_TEXT[status];
    this.link.replaceChildren(h('p', {}, text ?? ''));
    setHidden(this.link, text === null);
  }

  update(snapshot: AppSnapshot, route: Route): void {
    const notices = snapshot.notices.join('\n');
    // Replaced only when they change, so an alert is announced once, not with every snapshot.
    if (notices !== this.noticesShown) {
      this.noticesShown = notices;
      this.notices.replaceChildren(...snapshot.notices.map((notice) => h('p', {}, notice)));
    }
    setHidden(this.notices, snapshot.notices.length === 0);
    setHidden(this.paused, !snapshot.paused);
    const problem = snapshot.store.writeError ? 'Your settings could not be saved. Changes may be lost when the app closes.' : snapshot.store.recoveredCorruptFile ? 'The settings file could not be read and was set aside.' : null;
    // The settings page explains the store problem in full; no need to say it twice there.
    setHidden(this.store, problem === null || route.page === 'settings');
    setText(this.storeText, problem ?? '');
  }
}
