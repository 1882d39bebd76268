import type { AccountView, ChannelView } from '../../src-core/ipc/snapshot.js';
import { ErrorSlot, runAction } from '../action.js';
import type { Ctx } from '../context.js';
import { button, card } from '../controls.js';
import { h, icon, setHidden, syncKeyed, uid } from '../dom.js';
import { channelStatusText, channelLoginOf } from '../format.js';
import { channelRow, type ChannelRow } from './channel-row.js';

/**
 * The channels listed by hand of one account. Each row says what is true for the user right now (the
 * core derives one state per channel: listening, connecting with its next attempt, the
 * account's condition such as waiting for login or paused, or why Twitch will not deliver
 * it), a switch that subscribes/unsubscribes, and remove, offered as the fix where the
 * channel no longer exists. Adding is checked against Twitch by the core; an unknown
 * channel comes back as an inline error under the field.
 */
export class ChannelCard {
  readonly el: HTMLElement;
  private account: AccountView;
  private readonly list = h('ul', { class: 'channel-list', attrs: { 'aria-label': 'Channels' } });
  private readonly rows = new Map<string, ChannelRow>();
  private readonly empty = h('p', { class: 'muted channel-empty' }, 'No channels yet. Add the channels whose chat you write in.');
  private readonly input = h('input', { type: 'text', class: 'input', placeholder: 'Channel name', autocomplete: 'off', spellcheck: false });
  private readonly add = button('Add channel', { icon: icon('plus') });
  private readonly addError = new ErrorSlot();

  constructor(
    private readonly ctx: Ctx,
    account: AccountView,
  ) {
    this.account = account;
    this.input.id = uid('channel-input');
    this.addError.describe(this.input);
    this.add.type = 'submit';
    const form = h('form', { class: 'inline-form add-channel' }, h('label', { class: 'sr-only', htmlFor: this.input.id }, 'Add a channel'), this.input, this.add);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.addChannel();
    });
    this.el = card('Channels', h('div', { class: 'row row-block' }, this.list, this.empty), h('div', { class: 'row row-block' }, form, this.addError.el));
    this.update(account);
  }

  update(account: AccountView): void {
    this.account = account;
    // The followed live channels have their own group (follow-live-card.ts); these are the user's list.
    const listed = account.channels.filter((channel) => channel.source === 'manual');
    syncKeyed(this.list, this.rows, listed, (channel) => channel.login, (channel) => this.row(channel));
    setHidden(this.empty, listed.length > 0);
    setHidden(this.list, listed.length === 0);
  }

  /** Keeps "next attempt in" current. */
  tick(): void {
    for (const row of this.rows.values()) row.tick();
  }

  private row(initial: ChannelView): ChannelRow {
    return channelRow(this.ctx, () => this.account.id, initial, {
      text: channelStatusText,
      ticks: (channel) => channel.nextAttemptAt !== null,
      extra: (login, error) => {
        const remove = button('', { kind: 'ghost', icon: icon('trash'), label: `Remove #${login}` });
        remove.addEventListener('click', () => void this.removeChannel(login, remove, error));
        // The fix for a channel that no longer exists, said in words beside the reason.
        const removeGone = button('Remove', { label: `Remove #${login}, which no longer exists on Twitch` });
        removeGone.addEventListener('click', () => void this.removeChannel(login, removeGone, error));
        return { before: [removeGone], after: [remove], update: (channel) => setHidden(removeGone, channel.state !== 'gone') };
      },
    });
  }

  private async addChannel(): Promise<void> {
    const login = channelLoginOf(this.input.value);
    if (!login) {
      this.addError.show('Type the name of a Twitch channel.');
      this.input.focus();
      return;
    }
    if (!/^[a-z0-9_]{1,30}$/.test(login)) {
      this.addError.show(`"${login}" is not a Twitch channel name: use only letters, digits and _.`);
      this.input.focus();
      return;
    }
    const result = await runAction(() => this.ctx.api.channels.add({ accountId: this.account.id, login }), { error: this.addError, controls: [this.add] });
    if (result.ok) this.input.value = '';
    this.input.focus();
  }

  private async removeChannel(login: string, remove: HTMLButtonElement, error: ErrorSlot): Promise<void> {
    const confirmed = await this.ctx.confirm({
      title: `Remove #${login}?`,
      message: `Colors no longer change for messages in #${login}, and its subscription at Twitch is deleted. You can add it again later.`,
      confirm: 'Remove channel',
      danger: true,
    });
    if (!confirmed) return;
    const result = await runAction(() => this.ctx.api.channels.remove({ accountId: this.account.id, login }), { error, controls: [remove] });
    if (result.ok) this.input.focus();
  }
}
