import { describe, expect, it } from 'vitest';
import { buildTrayMenu, type TrayMenuItem } from '../../../electron/tray/tray-menu.js';
import type { AccountView } from '../../../src-core/ipc/snapshot.js';
import { makeAccount, makeChannel, makeSnapshot } from '../support/snapshots.js';

/** Issue 18: the tray lists the live followed channels under the account, like the others. */
function submenuOf(account: AccountView): TrayMenuItem[] {
  const items = buildTrayMenu(makeSnapshot({ accounts: [account] }));
  const sub = items.find((item) => item.id === `account:${account.id}`);
  if (sub?.type !== 'submenu') throw new Error('no account submenu');
  return sub.submenu;
}
const describeItem = (item: TrayMenuItem): string => (item.type === 'separator' ? '---' : item.type === 'checkbox' ? `${item.checked ? '[x]' : '[ ]'} ${item.label}` : item.label);
const followLive = (overrides: Partial<AccountView['followLive']> = {}): AccountView['followLive'] => ({ ...makeAccount().followLive, enabled: true, state: 'active', ...overrides });
const followed = (login: string, overrides = {}) =>
  makeChannel({ login, source: 'followed-live', followed: { displayName: login, viewers: 10, liveSince: 1, offlineSince: null, leavesAt: null }, ...overrides });

describe('tray: Following, live now', () => {
  it('lists the followed live channels under their heading after the hand-listed ones, each a switch like the others', () => {
    const account = makeAccount({ followLive: followLive(), channels: [makeChannel({ login: 'mine' }), followed('bob'), followed('carol', { enabled: false, state: 'off', subscription: 'off' })] });
    const sub = submenuOf(account);
    expect(sub.slice(sub.findIndex((i) => i.id.endsWith(':sep-channels')) + 1).map(describeItem)).toEqual(['[x] #mine', 'Following, live now', '[x] #bob', '[ ] #carol']);
    const carol = sub.find((i) => i.id === 'account:acc-1:channel:carol');
    expect(carol?.type === 'checkbox' && carol.action).toEqual({ kind: 'command', command: 'channels:set-enabled', request: { accountId: 'acc-1', login: 'carol', enabled: true } });
  });

  it('says why there is none, offers the new login the scope needs, and shows nothing while the switch is off', () => {
    expect(submenuOf(makeAccount({ followLive: followLive() })).map(describeItem)).toContain('No followed channel is live');
    const needsLogin = submenuOf(makeAccount({ followLive: followLive({ state: 'needs_login', reason: 'Log in again to allow following live channels' }) }));
    const login = needsLogin.find((i) => i.id === 'account:acc-1:following-login');
    expect(login).toMatchObject({ label: 'Log in again to allow following live channels…', enabled: true, action: { kind: 'login' } });
    expect(submenuOf(makeAccount()).map(describeItem)).not.toContain('Following, live now');
  });
});
