import { h } from '../dom.js';

const SHOW_MS = 5000;

/** Short confirmations ("Logged in as …") that do not belong to one control. */
export class Toasts {
  readonly el = h('div', { class: 'toasts', attrs: { 'aria-live': 'polite' } });

  show(message: string, tone: 'info' | 'error'): void {
    const toast = h('div', { class: `toast toast-${tone}`, attrs: { role: tone === 'error' ? 'alert' : 'status' } }, message);
    this.el.append(toast);
    // Owned by the toast: removing it ends the timer's only effect.
    setTimeout(() => toast.remove(), SHOW_MS);
  }
}
