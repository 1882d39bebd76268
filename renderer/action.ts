import type { ErrorCode, Result } from '../src-core/ipc/result.js';
import { h, setHidden, setText, uid } from './dom.js';
import { sentence } from './format.js';

/** Slots now showing an error about the connection to the app, cleared once it is back. */
const connectionErrors = new Set<ErrorSlot>();

/** The connection to the app is back: errors that only said it was gone are over. */
export function clearConnectionErrors(): void {
  for (const slot of [...connectionErrors]) slot.clear();
}

/**
 * The inline error under a control: the core's own words (result.error.message), shown
 * next to what failed and announced to screen readers. An error belongs to the action that
 * caused it: it goes away with the next action on the same control (typing in its field
 * included), with any other action of its group (one card), and when the state it
 * describes ends (the caller clears it then).
 */
export class ErrorSlot {
  readonly el = h('p', { class: 'field-error', id: uid('error'), hidden: true, attrs: { role: 'alert' } });
  private readonly fields: HTMLInputElement[] = [];

  /** Set by ErrorGroup.add. */
  group: ErrorGroup | null = null;

  constructor(group: ErrorGroup | null = null) {
    group?.add(this);
  }

  /** Points the control's aria-describedby at this slot; typing in a text field clears it. */
  describe(control: HTMLElement): this {
    const ids = new Set((control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
    ids.add(this.el.id);
    control.setAttribute('aria-describedby', [...ids].join(' '));
    if (control instanceof HTMLInputElement && control.type !== 'checkbox' && control.type !== 'radio') {
      this.fields.push(control);
      control.addEventListener('input', () => this.clear());
    }
    return this;
  }

  show(message: string, code?: ErrorCode): void {
    setText(this.el, sentence(message));
    setHidden(this.el, false);
    for (const field of this.fields) field.setAttribute('aria-invalid', 'true');
    if (code === 'network') connectionErrors.add(this);
    else connectionErrors.delete(this);
  }

  clear(): void {
    connectionErrors.delete(this);
    if (this.el.hidden) return;
    setHidden(this.el, true);
    setText(this.el, '');
    for (const field of this.fields) field.removeAttribute('aria-invalid');
  }

  get shown(): boolean {
    return !this.el.hidden;
  }
}

/** The error slots of one card: a new action there clears the errors of the earlier ones. */
export class ErrorGroup {
  private readonly slots = new Set<ErrorSlot>();

  add(slot: ErrorSlot): void {
    this.slots.add(slot);
    slot.group = this;
  }

  slot(): ErrorSlot {
    return new ErrorSlot(this);
  }

  clear(): void {
    for (const slot of this.slots) slot.clear();
  }
}

type Control = HTMLButtonElement | HTMLInputElement | HTMLSelectElement;

/**
 * Whether state (a snapshot) wants the control off. Kept apart from "busy while its
 * command runs", so a snapshot arriving mid-command is not undone when the command ends.
 */
export function setDisabled(control: Control, off: boolean): void {
  control.dataset.off = off ? 'true' : 'false';
  control.disabled = off || control.dataset.busy === 'true';
}

/**
 * Runs one command: disables its controls while it is in flight, clears the old errors of
 * its group, and shows the new one in words. A rejected promise (the transport itself
 * failed, e.g. the bridge went away) is shown the same way instead of vanishing.
 */
export async function runAction<T>(
  call: () => Promise<Result<T>>,
  options: { error: ErrorSlot; controls?: readonly Control[]; busy?: HTMLElement },
): Promise<Result<T>> {
  const controls = options.controls ?? [];
  // Disabling the focused control drops focus to <body>; keyboard users get it back below.
  const focused = document.activeElement;
  for (const control of controls) {
    control.dataset.busy = 'true';
    control.disabled = true;
  }
  options.busy?.setAttribute('aria-busy', 'true');
  options.error.clear();
  options.error.group?.clear();
  let result: Result<T>;
  try {
    result = await call();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    result = { ok: false, error: { code: 'internal', message: `The app did not answer (${detail}). Try again in a moment.` } };
  } finally {
    for (const control of controls) {
      delete control.dataset.busy;
      control.disabled = control.dataset.off === 'true';
    }
    options.busy?.removeAttribute('aria-busy');
    if (focused instanceof HTMLElement && focused.isConnected && (document.activeElement === document.body || document.activeElement === null)) {
      focused.focus();
    }
  }
  if (!result.ok) options.error.show(result.error.message, result.error.code);
  return result;
}
