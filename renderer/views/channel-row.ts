import type { ChannelView } from '../../src-core/ipc/snapshot.js';
import { ErrorSlot } from '../action.js';
import type { Ctx } from '../context.js';
import { commitSwitch, toggle } from '../controls.js';
import { h, setText } from '../dom.js';
import { CHANNEL_STATE_LOOK } from '../format.js';

export interface ChannelRow {
  el: HTMLLIElement;
  update(channel: ChannelView): void;
  tick(): void;
}

export interface ChannelRowOptions {
  /** The row's words for the channel now. */
  text(channel: ChannelView, now: number): string;
  /** Whether the words change with time alone (a countdown, "live for"). */
  ticks(channel: ChannelView): boolean;
  /** Buttons beside the switch (remove), and how they follow the channel's state. */
  extra?(login: string, error: ErrorSlot): { before: HTMLElement[]; after: HTMLElement[]; update(channel: ChannelView): void };
}

/**
 * One channel as a row, the same for a hand-listed channel and a followed live one: the
 * status dot, `#name`, what is true now in words, and the switch that listens or stops
 * (`channels:set-enabled`; the core answers with the new state). Its error shows under it.
 */
export function channelRow(ctx: Ctx, accountId: () => string, initial: ChannelView, options: ChannelRowOptions): ChannelRow {
  const login = initial.login;
  const dot = h('span', { class: 'status-dot', attrs: { 'aria-hidden': 'true' } });
  const name = h('span', { class: 'channel-name' }, `#${login}`);
  const status = h('span', { class: 'channel-status', attrs: { 'data-testid': 'channel-status' } });
  const error = new ErrorSlot();
  let current = initial;
  const sw = toggle(
    (enabled, s) => commitSwitch(s, () => ctx.api.channels.setEnabled({ accountId: accountId(), login, enabled }), error, () => current.enabled),
    `Listen in #${login}`,
  );
  error.describe(sw.input);
  const extra = options.extra?.(login, error);
  const el = h(
    'li',
    { class: 'channel', dataset: { login, source: initial.source } },
    h('div', { class: 'channel-main' }, dot, h('div', { class: 'channel-text' }, name, status), ...(extra?.before ?? []), sw.el, ...(extra?.after ?? [])),
    error.el,
  );
  const paint = (): void => setText(status, options.text(current, ctx.now()));
  return {
    el,
    update: (channel) => {
      current = channel;
      const look = CHANNEL_STATE_LOOK[channel.state];
      dot.className = `status-dot sub-${look}`;
      el.dataset.subscription = look;
      el.dataset.state = channel.state;
      paint();
      status.title = channel.reason ?? '';
      extra?.update(channel);
      sw.set(channel.enabled);
    },
    tick: () => {
      if (options.ticks(current)) paint();
    },
  };
}
