import type { AccountView } from '../../src-core/ipc/snapshot.js';
import { runAction } from '../action.js';
import type { ErrorSlot } from '../action.js';
import type { Ctx } from '../context.js';
import { button, card, row } from '../controls.js';
import { h, icon } from '../dom.js';
import { AccountHeader } from './account-header.js';
import { ChannelCard } from './channel-card.js';
import { ColorCard } from './color-card.js';
import { FollowLiveCard } from './follow-live-card.js';

/** One account's page: header, colors, channels, and removal behind a confirmation. */
export class AccountPage {
  readonly el: HTMLElement;
  readonly accountId: string;
  private account: AccountView;
  private readonly header: AccountHeader;
  private readonly colors: ColorCard;
  private readonly channels: ChannelCard;
  private readonly following: FollowLiveCard;

  constructor(
    private readonly ctx: Ctx,
    account: AccountView,
  ) {
    this.accountId = account.id;
    this.account = account;
    this.header = new AccountHeader(ctx, account);
    this.colors = new ColorCard(ctx, account);
    this.channels = new ChannelCard(ctx, account);
    this.following = new FollowLiveCard(ctx, account);
    const remove = button('Remove account…', { kind: 'danger', icon: icon('trash') });
    const removeRow = row('Remove this account', 'Logs it out at Twitch, deletes its subscriptions and forgets its tokens on this computer.', remove);
    remove.addEventListener('click', () => void this.remove(remove, removeRow.error));
    this.el = h('div', { class: 'page account-page', dataset: { accountId: account.id } }, this.header.el, this.channels.el, this.following.el, this.colors.el, card('Account', removeRow.el));
  }

  update(account: AccountView): void {
    this.account = account;
    this.header.update(account);
    this.colors.update(account);
    this.channels.update(account);
    this.following.update(account);
  }

  tick(): void {
    this.header.tick();
    this.colors.tick();
    this.channels.tick();
    this.following.tick();
  }

  private async remove(control: HTMLButtonElement, error: ErrorSlot): Promise<void> {
    const name = this.account.displayName;
    const confirmed = await this.ctx.confirm({
      title: `Remove ${name}?`,
      message: `${name} is logged out, its channel subscriptions are deleted and its tokens are forgotten. To use it again, you will have to log in again.`,
      confirm: 'Remove account',
      danger: true,
    });
    if (!confirmed) return;
    const result = await runAction(() => this.ctx.api.accounts.remove({ accountId: this.account.id }), { error, controls: [control] });
    if (result.ok) this.ctx.notify(`${name} was removed.`);
  }
}
