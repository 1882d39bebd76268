import { describe, expect, it } from 'vitest';
import { buildTrayMenu, channelItemLabel } from '../../../electron/tray/tray-menu.js';
import { accountWord, traySummary } from '../../../electron/tray/tray-status.js';
import { CHANNEL_STATE_LABEL, channelStatusText, stateLabel } from '../../../renderer/format.js';
import { accountStateSchema, channelStateSchema } from '../../../src-core/ipc/snapshot.js';
import { makeAccount, makeChannel, makeSnapshot } from '../support/snapshots.js';

/**
 * The tray and the window say the same words for the same state (issue 20): the renderer
 * may import only types from src-core and nothing from electron/, so each has its own
 * table; this holds them equal. "Paused" is only ever the app-wide pause, one account's
 * own switch is "Changes off", channel rows of a dead login are "Waiting for login".
 */
describe('the tray says what the window says', () => {
  it.each(accountStateSchema.options.flatMap((state) => [true, false].map((enabled) => [state, enabled] as const)))(
    'an account in state %s, enabled %s: the tray label has the badge’s words',
    (state, enabled) => {
      const account = makeAccount({ state, enabled });
      expect(accountWord(account)).toBe(stateLabel(account).toLowerCase());
      const [submenu] = buildTrayMenu(makeSnapshot({ accounts: [account] })).filter((item) => item.id === 'account:acc-1');
      expect(submenu).toMatchObject({ label: `Alice (${stateLabel(account).toLowerCase()})` });
    },
  );

  it.each(channelStateSchema.options)('a channel in state %s: the tray item has the row’s words (none while listening or off: the check mark says it)', (state) => {
    // Revoked and error rows say the core's reason, as the tray item does.
    const reason = state === 'revoked' ? 'Twitch stopped delivering this chat (moderator_removed)' : null;
    const channel = makeChannel({ login: 'bob', state, reason });
    const row = channelStatusText(channel, Date.now());
    const expected = state === 'listening' || state === 'off' ? '#bob' : `#bob (${state === 'revoked' ? row : CHANNEL_STATE_LABEL[state].toLowerCase()})`;
    expect(channelItemLabel(channel).toLowerCase()).toBe(expected.toLowerCase());
  });

  it('while all is paused the accounts read "paused" and the summary says it once; a switched-off one reads "changes off"', () => {
    // As the core reports it: the app-wide pause has no per-account reason (17.4).
    const on = makeAccount({ id: 'on', state: 'paused', reason: null, reasonCode: null });
    const off = makeAccount({ id: 'off', enabled: false, state: 'paused', reason: null, reasonCode: null });
    expect([stateLabel(on), accountWord(on)]).toEqual(['Paused', 'paused']);
    expect([stateLabel(off), accountWord(off)]).toEqual(['Changes off', 'changes off']);
    expect(traySummary(makeSnapshot({ paused: true, accounts: [on] }))).toBe('Twitch ColorChanger: all paused');
    expect(traySummary(makeSnapshot({ paused: true, accounts: [on, off] }))).toBe('Twitch ColorChanger: all paused (1 changes off)');
  });
});
