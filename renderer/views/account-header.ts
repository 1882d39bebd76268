import type { AccountView } from '../../src-core/ipc/snapshot.js';
import { ErrorSlot, runAction } from '../action.js';
import type { Ctx } from '../context.js';
import { button, commitSwitch, toggle } from '../controls.js';
import type { Switch } from '../controls.js';
import { h, icon, setHidden, setText, uid } from '../dom.js';
import { colorLabel, countdown, reasonAction, stateLabel, stateTone } from '../format.js';
import { Avatar } from './avatar.js';

/**
 * The top card of an account: who it is (picture, name), its current color, its state with
 * the reason in a person's words, the technical detail one click away ("Details"), and the
 * one action that helps: "Log in again" when Twitch wants a new login, "Retry now" while
 * retrying. Then the switch that turns automatic changes on and off for this account.
 */
export class AccountHeader {
  readonly el: HTMLElement;
  private account: AccountView;
  private readonly avatar = new Avatar('xl');
  private readonly name = h('h1', { class: 'account-name', id: uid('account-name') });
  private readonly login = h('span', { class: 'account-login' });
  private readonly badge = h('span', { class: 'badge', attrs: { 'data-testid': 'state-badge' } });
  private readonly reason = h('p', { class: 'account-reason', attrs: { 'data-testid': 'state-reason' } });
  private readonly retry = h('span', { class: 'account-retry' });
  private readonly detail = h('code', { class: 'reason-detail' });
  private readonly details = h('details', { class: 'account-details' }, h('summary', {}, 'Details'), this.detail);
  private readonly relogin = button('Log in again', { kind: 'primary' });
  private readonly retryNow = button('Retry now', { icon: icon('refresh') });
  private readonly status = h('div', { class: 'account-status' });
  private readonly enabled: Switch;
  private readonly actionError = new ErrorSlot();

  constructor(
    private readonly ctx: Ctx,
    account: AccountView,
  ) {
    this.account = account;
    this.status.append(h('div', { class: 'account-status-text' }, this.reason, this.retry, this.details), h('div', { class: 'account-status-actions' }, this.relogin, this.retryNow));
    this.relogin.addEventListener('click', () => ctx.startLogin('relogin'));
    this.retryNow.addEventListener('click', () => void runAction(() => ctx.api.accounts.retryNow({ accountId: this.account.id }), { error: this.actionError, controls: [this.retryNow] }));
    this.avatar.el.setAttribute('role', 'img');
    this.enabled = toggle((enabled, sw) =>
      commitSwitch(sw, () => ctx.api.accounts.setEnabled({ accountId: this.account.id, enabled }), this.actionError, () => this.account.enabled),
    );
    const enabledLabel = h('label', { class: 'inline-label', htmlFor: (this.enabled.input.id = uid('enabled')) }, 'Change colors');
    this.actionError.describe(this.enabled.input);
    this.el = h(
      'section',
      { class: 'card account-header', attrs: { 'aria-labelledby': this.name.id } },
      h(
        'div',
        { class: 'account-head' },
        this.avatar.el,
        h('div', { class: 'account-id' }, this.name, h('p', { class: 'account-sub' }, this.login, this.badge)),
        h('div', { class: 'account-enable' }, enabledLabel, this.enabled.el),
      ),
      this.status,
      this.actionError.el,
    );
    this.update(account);
  }

  update(account: AccountView): void {
    this.account = account;
    this.avatar.update(account);
    const colorText = account.currentColor ? `Current color ${colorLabel(account.currentColor)}` : 'No color known yet';
    this.avatar.el.setAttribute('aria-label', colorText);
    this.avatar.el.title = colorText;
    setText(this.name, account.displayName);
    // A long name is cut on screen; the whole name is on hover and in the heading's text.
    this.name.title = account.displayName;
    setText(this.login, `@${account.login}`);
    this.login.title = `@${account.login}`;
    setText(this.badge, stateLabel(account));
    this.badge.className = `badge tone-${stateTone(account)}`;
    // The app-wide pause has no account reason: the banner above every page says it once.
    const reason = account.reason;
    setText(this.reason, reason ?? '');
    setHidden(this.reason, !reason);
    setText(this.detail, account.reasonDetail ?? '');
    setHidden(this.details, !reason || !account.reasonDetail);
    const action = reasonAction(account);
    setHidden(this.relogin, action !== 'login');
    setHidden(this.retryNow, action !== 'retry');
    this.enabled.set(account.enabled);
    this.tick();
  }

  /** Keeps "next attempt in" current while degraded. */
  tick(): void {
    const at = this.account.state === 'degraded' ? this.account.nextAttemptAt : null;
    setText(this.retry, at === null ? '' : at > this.ctx.now() ? `Next attempt in ${countdown(at - this.ctx.now())}.` : 'Trying again now…');
    setHidden(this.retry, at === null);
    setHidden(this.status, this.reason.hidden && this.retry.hidden && this.relogin.hidden && this.retryNow.hidden);
  }
}
