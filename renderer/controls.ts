import { ErrorSlot, runAction } from './action.js';
import type { Result } from '../src-core/ipc/result.js';
import { h, setText, uid } from './dom.js';

/**
 * The building blocks of every screen: a card of rows (label and hint on the left, the
 * control on the right, its error underneath), and an on/off switch that is a real
 * checkbox underneath, so it is keyboard- and screen-reader-native.
 */
export function card(title: string, ...rows: HTMLElement[]): HTMLElement {
  const heading = h('h2', { class: 'card-title', id: uid('card') }, title);
  return h('section', { class: 'card', attrs: { 'aria-labelledby': heading.id } }, heading, ...rows);
}

export interface Row {
  readonly el: HTMLElement;
  readonly label: HTMLElement;
  readonly hint: HTMLElement;
  readonly error: ErrorSlot;
  setHint(text: string): void;
}

/** A settings row; `control` is labelled by the row's label (for= when it is an input). */
export function row(labelText: string, hintText: string, control: HTMLElement, ...extra: HTMLElement[]): Row {
  const error = new ErrorSlot();
  // A group of options (a fieldset) is labelled as a group; its label is tied to no single option.
  const target =
    control instanceof HTMLInputElement || control instanceof HTMLSelectElement ? control : control instanceof HTMLFieldSetElement ? null : control.querySelector('input, select');
  const label = target
    ? h('label', { class: 'row-label', htmlFor: ensureId(target) }, labelText)
    : h('span', { class: 'row-label', id: uid('label') }, labelText);
  const hint = h('span', { class: 'row-hint', id: uid('hint') }, hintText);
  if (target) {
    target.setAttribute('aria-describedby', hint.id);
    error.describe(target as HTMLElement);
  } else if (control instanceof HTMLButtonElement) {
    // A button keeps its own name ("Open"); the row's words describe it.
    control.setAttribute('aria-describedby', `${label.id} ${hint.id}`);
    error.describe(control);
  } else if (control instanceof HTMLFieldSetElement) {
    control.setAttribute('aria-labelledby', label.id);
    control.setAttribute('aria-describedby', hint.id);
  }
  const el = h('div', { class: 'row' }, h('div', { class: 'row-text' }, label, hint), h('div', { class: 'row-control' }, control), ...extra, error.el);
  return { el, label, hint, error, setHint: (text) => setText(hint, text) };
}

function ensureId(el: Element): string {
  if (!el.id) el.id = uid('control');
  return el.id;
}

export interface Switch {
  readonly el: HTMLElement;
  readonly input: HTMLInputElement;
  /** Reflects the core's value, unless a change of ours is still in flight. */
  set(checked: boolean): void;
  pending: boolean;
}

/** `onToggle` gets the new value; the switch shows the core's value once it answers. */
export function toggle(onToggle: (checked: boolean, sw: Switch) => void, ariaLabel?: string): Switch {
  const input = h('input', { type: 'checkbox', class: 'switch-input', attrs: { role: 'switch' } });
  if (ariaLabel) input.setAttribute('aria-label', ariaLabel);
  const el = h('span', { class: 'switch' }, input, h('span', { class: 'switch-track', attrs: { 'aria-hidden': 'true' } }));
  const sw: Switch = {
    el,
    input,
    pending: false,
    set(checked) {
      if (!sw.pending && input.checked !== checked) input.checked = checked;
    },
  };
  input.addEventListener('change', () => onToggle(input.checked, sw));
  return sw;
}

export function button(text: string, options: { kind?: 'primary' | 'danger' | 'ghost' | 'plain'; icon?: SVGElement; label?: string } = {}): HTMLButtonElement {
  const el = h('button', { type: 'button', class: `btn btn-${options.kind ?? 'plain'}` }, options.icon ?? null, text ? h('span', {}, text) : null);
  if (options.label) el.setAttribute('aria-label', options.label);
  return el;
}

/** A colored dot/square for a Twitch color; CSP-safe (a custom property, not a style attribute). */
export function paintSwatch(el: HTMLElement, css: string | null): void {
  if (css) {
    el.style.setProperty('--swatch', css);
    el.classList.remove('is-empty');
  } else {
    el.style.removeProperty('--swatch');
    el.classList.add('is-empty');
  }
}

/**
 * Sends a switch's new value. While in flight the switch ignores snapshots (no flicker);
 * on failure it shows the core's value again and the reason beside it.
 */
export function commitSwitch(sw: Switch, call: () => Promise<Result<unknown>>, error: ErrorSlot, current: () => boolean): void {
  sw.pending = true;
  void runAction(call, { error, controls: [sw.input] }).then((result) => {
    sw.pending = false;
    if (!result.ok) sw.set(current());
  });
}
