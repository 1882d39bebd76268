import type { AppSnapshot } from '../../src-core/ipc/snapshot.js';
import { ErrorSlot, runAction } from '../action.js';
import type { Ctx } from '../context.js';
import { button } from '../controls.js';
import { h, setHidden, setText } from '../dom.js';
import { ClientIdForm } from './client-id-form.js';
import { consoleLinkRow } from './console-link.js';

/**
 * Settings' "Twitch application" card. A developer build has no client ID of its own, so
 * the user's is required and shown plainly. A distributed build carries one: it is what
 * new logins use, and a user's own ID is an advanced option behind a disclosure, with a
 * way back. Either way an account keeps the ID it logged in with.
 */
export class ClientIdSettings {
  readonly el: HTMLElement;
  private readonly form: ClientIdForm;
  private readonly hint = h('p', { class: 'row-hint' });
  private readonly builtIn = h('p', { class: 'row-hint', attrs: { 'data-testid': 'built-in-client-id' } });
  private readonly advanced: HTMLDetailsElement;
  private readonly useBuiltIn: HTMLButtonElement;
  private readonly useBuiltInError = new ErrorSlot();
  private readonly consoleError = new ErrorSlot();
  /** Where a Client ID comes from: a link to the developer console, and Copy. */
  private readonly consoleLink: HTMLElement;

  constructor(ctx: Ctx) {
    this.form = new ClientIdForm(ctx, { label: 'Client ID', submit: 'Save', onSaved: () => ctx.notify('Client ID saved. New logins use it.') });
    this.consoleLink = h('div', {}, consoleLinkRow(ctx.host, this.consoleError), this.consoleError.el);
    this.useBuiltIn = button('Use the built-in application');
    this.useBuiltInError.describe(this.useBuiltIn);
    this.useBuiltIn.addEventListener('click', () => {
      void runAction(() => ctx.api.settings.setClientId({ clientId: null }), { error: this.useBuiltInError, controls: [this.useBuiltIn] }).then((result) => {
        if (result.ok) ctx.notify('New logins use the built-in Twitch application again.');
      });
    });
    this.advanced = h(
      'details',
      { class: 'advanced' },
      h('summary', {}, 'Use your own Twitch application (advanced)'),
      h('p', { class: 'row-hint' }, 'Register a Public client in the Twitch developer console and paste its Client ID. New logins use it; accounts already added keep theirs.'),
      this.form.el,
      h('div', { class: 'inline-form' }, this.useBuiltIn),
      this.useBuiltInError.el,
    );
    this.el = h('div', { class: 'row row-block' }, this.hint, this.builtIn, this.consoleLink, this.form.el, this.advanced);
  }

  update(snapshot: AppSnapshot): void {
    const { clientId, builtInClientId } = snapshot.settings;
    this.form.update(clientId);
    if (builtInClientId === null) {
      setText(this.hint, 'The Client ID of your Twitch application (Client Type: Public), from the Twitch developer console. New logins use it; accounts already added keep theirs.');
      if (this.consoleLink.parentElement !== this.el) this.el.insertBefore(this.consoleLink, this.advanced);
      if (this.form.el.parentElement !== this.el) this.el.insertBefore(this.form.el, this.advanced);
      setHidden(this.builtIn, true);
      setHidden(this.advanced, true);
      return;
    }
    setText(this.hint, clientId === null ? 'New logins use the Twitch application this app comes with. Nothing to set up.' : 'New logins use your own Twitch application (below) instead of the one this app comes with.');
    setText(this.builtIn, `Built-in Client ID: ${builtInClientId}`);
    setHidden(this.builtIn, false);
    if (this.consoleLink.parentElement !== this.advanced) this.advanced.insertBefore(this.consoleLink, this.useBuiltIn.parentElement);
    if (this.form.el.parentElement !== this.advanced) this.advanced.insertBefore(this.form.el, this.useBuiltIn.parentElement);
    setHidden(this.advanced, false);
    if (clientId !== null) this.advanced.open = true;
    setHidden(this.useBuiltIn, clientId === null);
  }
}
