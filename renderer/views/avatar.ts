import type { AccountView } from '../../src-core/ipc/snapshot.js';
import { h, setHidden, setText } from '../dom.js';
import { cssColor } from '../format.js';

/**
 * The account's Twitch profile picture in a ring of its current chat color. The picture is
 * the core's cached copy, served by the app itself (`avatars/<file>`), so the page loads
 * nothing remote and the CSP stays as it is. Until there is one, the first letter of the
 * name stands in, on a plain disc (not a hatched one that reads as a broken image).
 */
export class Avatar {
  readonly el: HTMLElement;
  private readonly img = h('img', { class: 'avatar-img', alt: '', decoding: 'async', draggable: false });
  private readonly letter = h('span', { class: 'avatar-letter', attrs: { 'aria-hidden': 'true' } });
  private src: string | null = null;

  constructor(size: 'sm' | 'xl') {
    this.el = h('span', { class: `avatar avatar-${size}` }, this.letter, this.img);
    this.img.addEventListener('error', () => {
      // A picture that cannot be shown is left out, not shown broken.
      setHidden(this.img, true);
      setHidden(this.letter, false);
    });
    this.img.addEventListener('load', () => setHidden(this.letter, true));
    setHidden(this.img, true);
  }

  update(account: Pick<AccountView, 'avatar' | 'currentColor' | 'displayName' | 'login'>): void {
    const ring = cssColor(account.currentColor);
    if (ring) this.el.style.setProperty('--ring', ring);
    else this.el.style.removeProperty('--ring');
    this.el.classList.toggle('has-color', ring !== null);
    setText(this.letter, (account.displayName || account.login).charAt(0).toUpperCase());
    if (account.avatar !== this.src) {
      this.src = account.avatar;
      if (account.avatar) {
        this.img.src = account.avatar;
        setHidden(this.img, false);
      } else {
        this.img.removeAttribute('src');
        setHidden(this.img, true);
        setHidden(this.letter, false);
      }
    }
  }
}
