import { button } from '../controls.js';
import { h, icon } from '../dom.js';

const SHOW_MS = 6000;

/**
 * Short confirmations ("Logged in as …") that do not belong to one control. They sit in a
 * strip of their own under the page (the page gets shorter, nothing moves under the
 * pointer) so they never cover a control; each can be dismissed, and one being read (hovered
 * or focused) stays until it is left.
 */
export class Toasts {
  readonly el = h('div', { class: 'toasts', attrs: { 'aria-live': 'polite', 'data-testid': 'toasts' } });

  show(message: string, tone: 'info' | 'error'): void {
    const close = button('', { kind: 'ghost', icon: icon('close'), label: 'Dismiss' });
    close.classList.add('toast-close');
    const toast = h('div', { class: `toast toast-${tone}`, attrs: { role: tone === 'error' ? 'alert' : 'status' } }, h('p', { class: 'toast-text' }, message), close);
    this.el.append(toast);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const dismiss = (): void => {
      clearTimeout(timer);
      const hadFocus = toast.contains(document.activeElement);
      toast.remove();
      if (hadFocus) document.getElementById('main')?.focus({ preventScroll: true });
    };
    // Owned by the toast: removing it ends the timer's only effect.
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(dismiss, SHOW_MS);
    };
    close.addEventListener('click', dismiss);
    toast.addEventListener('pointerenter', () => clearTimeout(timer));
    toast.addEventListener('pointerleave', arm);
    toast.addEventListener('focusin', () => clearTimeout(timer));
    toast.addEventListener('focusout', arm);
    arm();
  }
}
