import type { AccountView } from '../../src-core/ipc/snapshot.js';
import { ErrorSlot } from '../action.js';
import type { Ctx } from '../context.js';
import { button, commitSwitch, paintSwatch, toggle } from '../controls.js';
import type { Switch } from '../controls.js';
import { h, setHidden, setText, uid } from '../dom.js';
import { STATE_LABEL, STATE_TONE, colorLabel, countdown, cssColor } from '../format.js';

/**
 * The top card of an account: who it is, its current color, its state with the reason
 * in words (never a silent dead state), "Log in again" when Twitch wants a new login,
 * and the switch that turns automatic changes on and off for this account.
 */
export class AccountHeader {
  readonly el: HTMLElement;
  private account: AccountView;
  private readonly swatch = h('span', { class: 'swatch swatch-xl', attrs: { role: 'img' } });
  private readonly name = h('h1', { class: 'account-name', id: uid('account-name') });
  private readonly login = h('span', { class: 'account-login' });
  private readonly badge = h('span', { class: 'badge', attrs: { 'data-testid': 'state-badge' } });
  private readonly reason = h('p', { class: 'account-reason', attrs: { 'data-testid': 'state-reason' } });
  private readonly retry = h('span', { class: 'account-retry' });
  private readonly relogin = button('Log in again', { kind: 'primary' });
  private readonly status = h('div', { class: 'account-status' });
  private readonly enabled: Switch;
  private readonly enabledError = new ErrorSlot();

  constructor(
    private readonly ctx: Ctx,
    account: AccountView,
  ) {
    this.account = account;
    this.status.append(this.reason, this.retry, this.relogin);
    this.relogin.addEventListener('click', () => ctx.startLogin());
    this.enabled = toggle((enabled, sw) =>
      commitSwitch(sw, () => ctx.api.accounts.setEnabled({ accountId: this.account.id, enabled }), this.enabledError, () => this.account.enabled),
    );
    const enabledLabel = h('label', { class: 'inline-label', htmlFor: (this.enabled.input.id = uid('enabled')) }, 'Change colors');
    this.enabledError.describe(this.enabled.input);
    this.el = h(
      'section',
      { class: 'card account-header', attrs: { 'aria-labelledby': this.name.id } },
      h(
        'div',
        { class: 'account-head' },
        this.swatch,
        h('div', { class: 'account-id' }, this.name, h('p', { class: 'account-sub' }, this.login, this.badge)),
        h('div', { class: 'account-enable' }, enabledLabel, this.enabled.el),
      ),
      this.status,
      this.enabledError.el,
    );
    this.update(account);
  }

  update(account: AccountView): void {
    this.account = account;
    const css = cssColor(account.currentColor);
    paintSwatch(this.swatch, css);
    const colorText = account.currentColor ? `Current color ${colorLabel(account.currentColor)}` : 'No color known yet';
    this.swatch.setAttribute('aria-label', colorText);
    this.swatch.title = colorText;
    setText(this.name, account.displayName);
    setText(this.login, `@${account.login}`);
    setText(this.badge, STATE_LABEL[account.state]);
    this.badge.className = `badge tone-${STATE_TONE[account.state]}`;
    setText(this.reason, account.reason ?? '');
    setHidden(this.reason, !account.reason);
    setHidden(this.relogin, account.state !== 'needs_login');
    this.enabled.set(account.enabled);
    this.tick();
  }

  /** Keeps "next attempt in" current while degraded. */
  tick(): void {
    const at = this.account.state === 'degraded' ? this.account.nextAttemptAt : null;
    setText(this.retry, at === null ? '' : at > this.ctx.now() ? `Next attempt in ${countdown(at - this.ctx.now())}` : 'Trying again now…');
    setHidden(this.retry, at === null);
    setHidden(this.status, this.reason.hidden && this.retry.hidden && this.relogin.hidden);
  }
}
