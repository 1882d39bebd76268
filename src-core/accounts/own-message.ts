import { colorHex } from '../color/color-value.js';
import type { ColorCycler } from '../color/cycler.js';
import type { Logger } from '../runtime/logger.js';
import type { DeepReadonly } from '../store/deep-freeze.js';
import type { PersistedAccount } from '../store/schema.js';
import type { StateStore } from '../store/state-store.js';
import { parseChatCommand } from './chat-commands.js';
import { describeOutcome } from './manual-change.js';

export interface OwnMessageContext {
  account: DeepReadonly<PersistedAccount>;
  /** The channel the message was sent in, already known to be one of the account's enabled ones. */
  channelLogin: string;
  store: StateStore;
  log: Logger;
  appPaused: boolean;
  cycler: ColorCycler | undefined;
}

/**
 * What the user's own message does: `cce` / `ccd` turn automatic changes on or off, `ccc
 * <color>` sets a color now, anything else is a chat message and gets the next color
 * (unless the account or the app is paused).
 */
export function handleOwnMessage(text: string, ctx: OwnMessageContext): void {
  const { account, log } = ctx;
  const command = parseChatCommand(text);
  const fields = { channel: ctx.channelLogin, operation: 'chat.command' };
  if (!command) {
    if (account.enabled && !ctx.appPaused) ctx.cycler?.trigger();
    return;
  }
  switch (command.kind) {
    case 'enable':
    case 'disable': {
      const enabled = command.kind === 'enable';
      log.info('command.toggle', `${enabled ? 'cce' : 'ccd'}: automatic color changes ${enabled ? 'on' : 'off'}`, fields);
      ctx.store.updateAccount(account.id, (target) => {
        target.enabled = enabled;
      });
      return;
    }
    case 'set':
      void ctx.cycler?.setNow(command.color).then((result) => {
        if (result.outcome !== 'changed') log.warn('command.set_failed', `ccc ${colorHex(command.color)}: ${describeOutcome(result)}`, fields);
      });
      return;
    case 'invalid':
      log.warn('command.invalid', command.message, fields);
      return;
  }
}
