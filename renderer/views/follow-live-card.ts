import type { AccountView, FollowLiveState } from '../../src-core/ipc/snapshot.js';
import { ErrorGroup, runAction } from '../action.js';
import type { Ctx } from '../context.js';
import { button, card, commitSwitch, row, toggle } from '../controls.js';
import type { Row, Switch } from '../controls.js';
import { h, icon, setHidden, setText, syncKeyed, uid } from '../dom.js';
import { FOLLOW_MAX, followedStatusText, followLiveSummary, followMaxOf, followMaxViewersOf, followRetryText } from '../follow-words.js';
import { channelRow, type ChannelRow } from './channel-row.js';

/** The badge beside the switch: what the feature is doing, in a word or two (nothing while off). */
const STATE_BADGE: Readonly<Record<FollowLiveState, { text: string; tone: 'good' | 'busy' | 'warn' | 'bad' | 'idle' } | null>> = {
  off: null,
  checking: { text: 'Checking', tone: 'busy' },
  needs_login: { text: 'Needs a new login', tone: 'bad' },
  paused: { text: 'Paused', tone: 'idle' },
  active: { text: 'Active', tone: 'good' },
  retrying: { text: 'Retrying', tone: 'warn' },
  stopped: { text: 'Not running', tone: 'idle' },
};

/**
 * "Live channels I follow" (issue 18) of one account: the switch, the cap and the viewers
 * filter (checked here, then sent with `channels:set-follow-live`), what the feature is doing
 * (with "Log in again" where the login lacks the scope, "Retry now" while retrying), and the
 * group "Following, live now": each followed live channel as a row like the hand-listed ones,
 * with a switch whose off is remembered, and no remove (this feature never removes a channel).
 */
export class FollowLiveCard {
  readonly el: HTMLElement;
  private account: AccountView;
  private readonly errors = new ErrorGroup();
  private readonly enabled: Switch;
  private readonly switchRow: Row;
  private readonly badge = h('span', { class: 'badge', attrs: { 'data-testid': 'follow-live-badge' } });
  private readonly summary = h('p', { id: uid('follow-status'), attrs: { 'data-testid': 'follow-live-status', 'aria-live': 'polite' } });
  private readonly retry = h('span', { class: 'account-retry' });
  private readonly relogin = button('Log in again', { kind: 'primary' });
  private readonly retryNow = button('Retry now', { icon: icon('refresh') });
  private readonly max = h('input', { type: 'number', class: 'input input-number', min: String(FOLLOW_MAX.min), max: String(FOLLOW_MAX.max), step: '1', inputMode: 'numeric' });
  private readonly maxRow: Row;
  private readonly maxViewers = h('input', { type: 'text', class: 'input input-number', inputMode: 'numeric', placeholder: 'No limit', autocomplete: 'off', spellcheck: false });
  private readonly maxViewersRow: Row;
  private readonly groupTitle = h('h3', { class: 'group-title', id: uid('following') }, 'Following, live now');
  private readonly list = h('ul', { class: 'channel-list' });
  private readonly rows = new Map<string, ChannelRow>();
  private readonly empty = h('p', { class: 'muted channel-empty' });
  private readonly group: HTMLElement;

  constructor(
    private readonly ctx: Ctx,
    account: AccountView,
  ) {
    this.account = account;
    this.enabled = toggle((enabled, sw) => commitSwitch(sw, () => this.send({ enabled }), this.switchRow.error, () => this.account.followLive.enabled));
    this.switchRow = row(
      'Listen in live channels I follow',
      'Also changes colors in every channel you follow while it is live, next to the channels listed by hand.',
      h('span', { class: 'follow-switch' }, this.badge, this.enabled.el),
    );
    this.errors.add(this.switchRow.error);
    // The switch is described by what the feature is doing ("Needs a new login", how many are listened in).
    this.badge.id = uid('follow-badge');
    this.enabled.input.setAttribute('aria-describedby', `${this.enabled.input.getAttribute('aria-describedby') ?? ''} ${this.badge.id} ${this.summary.id}`.trim());
    const actionError = this.errors.slot();
    this.relogin.addEventListener('click', () => ctx.startLogin('relogin'));
    this.relogin.setAttribute('aria-describedby', this.summary.id);
    this.retryNow.addEventListener('click', () => void runAction(() => ctx.api.accounts.retryNow({ accountId: this.account.id }), { error: actionError, controls: [this.retryNow] }));
    const status = h(
      'div',
      { class: 'account-status follow-status' },
      h('div', { class: 'account-status-text' }, this.summary, this.retry),
      h('div', { class: 'account-status-actions' }, this.relogin, this.retryNow),
      actionError.el,
    );
    this.switchRow.el.append(status);

    this.max.addEventListener('change', () => void this.setMax());
    this.maxRow = row('At most', 'When more followed channels are live, the ones with most viewers are taken; one already listened in stays while it is live.', h('span', { class: 'input-suffix' }, this.max, h('span', { attrs: { 'aria-hidden': 'true' } }, 'channels')));
    this.max.setAttribute('aria-label', 'At most this many live channels I follow');
    this.errors.add(this.maxRow.error);

    this.maxViewers.addEventListener('change', () => void this.setMaxViewers());
    this.maxViewersRow = row('Skip channels with more than', 'Huge chats cost CPU for nothing when you never write there. Leave it empty for no limit.', h('span', { class: 'input-suffix' }, this.maxViewers, h('span', { attrs: { 'aria-hidden': 'true' } }, 'viewers')));
    this.maxViewers.setAttribute('aria-label', 'Skip channels with more than this many viewers');
    this.errors.add(this.maxViewersRow.error);

    this.list.setAttribute('aria-labelledby', this.groupTitle.id);
    this.group = h('div', { class: 'row row-block follow-group', attrs: { 'data-testid': 'following-live-now' } }, this.groupTitle, this.list, this.empty);
    this.el = card('Live channels I follow', this.switchRow.el, this.maxRow.el, this.maxViewersRow.el, this.group);
    this.update(account);
  }

  update(account: AccountView): void {
    this.account = account;
    const follow = account.followLive;
    this.enabled.set(follow.enabled);
    const badge = STATE_BADGE[follow.state];
    setText(this.badge, badge?.text ?? '');
    this.badge.className = `badge tone-${badge?.tone ?? 'idle'}`;
    setHidden(this.badge, badge === null);
    setHidden(this.relogin, follow.state !== 'needs_login');
    setHidden(this.retryNow, follow.state !== 'retrying');

    // A field shows the saved value again unless the user is typing in it.
    this.showSaved(this.max, String(follow.max), this.maxRow);
    this.showSaved(this.maxViewers, follow.maxViewers === null ? '' : String(follow.maxViewers), this.maxViewersRow);

    const followed = account.channels.filter((channel) => channel.source === 'followed-live');
    syncKeyed(this.list, this.rows, followed, (channel) => channel.login, (channel) =>
      channelRow(this.ctx, () => this.account.id, channel, { text: followedStatusText, ticks: () => true }),
    );
    setHidden(this.group, !follow.enabled);
    setHidden(this.list, followed.length === 0);
    setText(this.empty, follow.state === 'active' ? 'None of the channels you follow is live right now.' : 'Live channels you follow show here once the app can look for them.');
    setHidden(this.empty, followed.length > 0);
    this.tick();
  }

  /** Keeps "live for", "let go in" and "next attempt in" current. */
  tick(): void {
    const follow = this.account.followLive;
    const listening = this.account.channels.filter((channel) => channel.source === 'followed-live' && channel.enabled).length;
    setText(this.summary, followLiveSummary(follow, listening));
    const retry = followRetryText(follow, this.ctx.now());
    setText(this.retry, retry ?? '');
    setHidden(this.retry, retry === null);
    for (const view of this.rows.values()) view.tick();
  }

  private showSaved(input: HTMLInputElement, saved: string, at: Row): void {
    if (document.activeElement === input) return;
    // The saved value is back: an error about what was typed before is over.
    if (input.value !== saved) at.error.clear();
    input.value = saved;
  }

  private send(patch: { enabled?: boolean; max?: number; maxViewers?: number | null }) {
    return this.ctx.api.channels.setFollowLive({ accountId: this.account.id, ...patch });
  }

  private async setMax(): Promise<void> {
    const typed = followMaxOf(this.max.value);
    if ('problem' in typed) return this.refuse(this.maxRow, typed.problem);
    await runAction(() => this.send({ max: typed.value }), { error: this.maxRow.error });
  }

  private async setMaxViewers(): Promise<void> {
    const typed = followMaxViewersOf(this.maxViewers.value);
    if ('problem' in typed) return this.refuse(this.maxViewersRow, typed.problem);
    await runAction(() => this.send({ maxViewers: typed.value }), { error: this.maxViewersRow.error });
  }

  private refuse(at: Row, problem: string): void {
    this.errors.clear();
    at.error.show(problem);
  }
}
