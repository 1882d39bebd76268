import type { AppSnapshot } from '../../src-core/ipc/snapshot.js';
import { ErrorSlot } from '../action.js';
import type { Ctx } from '../context.js';
import { h } from '../dom.js';
import { ClientIdForm } from './client-id-form.js';
import { consoleLinkRow } from './console-link.js';
import { LegacyImport } from './legacy-import.js';

/**
 * The first step: this app logs in with the user's own Twitch application, so they
 * register one (Public client type: the device flow needs no secret) and paste its
 * Client ID. People coming from the Python bot can import its file instead.
 */
export class FirstRun {
  readonly el: HTMLElement;
  private readonly form: ClientIdForm;

  constructor(ctx: Ctx) {
    this.form = new ClientIdForm(ctx, { label: 'Client ID', submit: 'Continue', primary: 'always' });
    const copyError = new ErrorSlot();
    const legacy = new LegacyImport(ctx);
    this.el = h(
      'main',
      { class: 'first-run', id: 'main' },
      h(
        'div',
        { class: 'first-run-panel' },
        h('div', { class: 'brand brand-large' }, h('span', { class: 'brand-mark', attrs: { 'aria-hidden': 'true' } }), h('span', {}, 'Twitch ColorChanger')),
        h('h1', { class: 'first-run-title' }, 'Connect your Twitch application'),
        h('p', { class: 'lead' }, 'ColorChanger changes your chat name color after every message you send. It logs in through a Twitch application of your own, which takes a minute to create.'),
        h(
          'ol',
          { class: 'steps' },
          h('li', {}, h('p', {}, 'Open the Twitch developer console and choose ', h('strong', {}, 'Register Your Application'), '.'), consoleLinkRow(ctx.host, copyError), copyError.el),
          h('li', {}, h('p', {}, 'Give it any name, set the OAuth Redirect URL to ', h('code', {}, 'http://localhost'), ' and the Category to ', h('strong', {}, 'Chat Bot'), '.')),
          h('li', {}, h('p', {}, 'Set ', h('strong', {}, 'Client Type'), ' to ', h('strong', {}, 'Public'), '. No client secret is needed.')),
          h('li', {}, h('p', {}, 'Create it, open ', h('strong', {}, 'Manage'), ' and copy the ', h('strong', {}, 'Client ID'), ' here:'), this.form.el),
        ),
        h('div', { class: 'first-run-alt' }, h('p', { class: 'muted' }, 'Used the old Python bot? Bring its accounts and channels along from twitch_colorchanger.conf.'), legacy.el),
      ),
    );
  }

  update(snapshot: AppSnapshot): void {
    this.form.update(snapshot.settings.clientId);
  }

  focus(): void {
    this.form.input.focus();
  }
}
