import { describe, expect, it } from 'vitest';
import { commands } from '../../../src-core/ipc/contract.js';
import { type AccountState, type StartOnBootStatus, accountStateSchema } from '../../../src-core/ipc/snapshot.js';
import { type TrayMenuItem, buildTrayMenu } from '../../../electron/tray/tray-menu.js';
import { trayIconState, traySummary } from '../../../electron/tray/tray-status.js';
import { makeAccount, makeChannel, makeSnapshot } from '../support/snapshots.js';

/** A snapshot whose start-on-boot status the system reported as given. */
function withBoot(status: StartOnBootStatus | undefined) {
  const snapshot = makeSnapshot();
  return { ...snapshot, settings: { ...snapshot.settings, startOnBootStatus: status } };
}

function find(items: readonly TrayMenuItem[], id: string): TrayMenuItem {
  for (const item of items) {
    if (item.id === id) return item;
    if (item.type === 'submenu') {
      const inner = findOrNull(item.submenu, id);
      if (inner) return inner;
    }
  }
  throw new Error(`no item ${id}`);
}

function findOrNull(items: readonly TrayMenuItem[], id: string): TrayMenuItem | null {
  try {
    return find(items, id);
  } catch {
    return null;
  }
}

function labels(items: readonly TrayMenuItem[]): string[] {
  return items.map((item) => (item.type === 'separator' ? '---' : item.label));
}

function allItems(items: readonly TrayMenuItem[]): TrayMenuItem[] {
  return items.flatMap((item) => (item.type === 'submenu' ? [item, ...allItems(item.submenu)] : [item]));
}

const ALL_STATES = accountStateSchema.options;

describe('the tray menu template', () => {
  it('has the everyday actions in order: pause, accounts, open, start on boot, quit', () => {
    const items = buildTrayMenu(makeSnapshot());
    expect(labels(items)).toEqual([
      'Twitch ColorChanger: 1 active',
      '---',
      'Pause all',
      '---',
      'Alice (active)',
      '---',
      'Open Twitch ColorChanger',
      'Start on boot',
      '---',
      'Quit',
    ]);
    expect(find(items, 'open-window')).toMatchObject({ action: { kind: 'show-window' } });
    expect(find(items, 'quit')).toMatchObject({ action: { kind: 'quit' } });
    expect(find(items, 'summary')).toMatchObject({ enabled: false, action: null });
  });

  it('offers Pause all while running and Resume all while paused', () => {
    expect(find(buildTrayMenu(makeSnapshot({ paused: false })), 'pause-all')).toMatchObject({
      label: 'Pause all',
      action: { kind: 'command', command: 'app:set-paused', request: { paused: true } },
    });
    expect(find(buildTrayMenu(makeSnapshot({ paused: true })), 'pause-all')).toMatchObject({
      label: 'Resume all',
      action: { kind: 'command', command: 'app:set-paused', request: { paused: false } },
    });
  });

  it('shows the real auto-start state and toggles it; leaves it out where unsupported', () => {
    const on = find(buildTrayMenu(withBoot({ state: 'on', note: null })), 'start-on-boot');
    expect(on).toMatchObject({ type: 'checkbox', checked: true, action: { command: 'settings:update', request: { startOnBoot: false } } });
    const off = find(buildTrayMenu(withBoot({ state: 'off', note: null })), 'start-on-boot');
    expect(off).toMatchObject({ checked: false, action: { request: { startOnBoot: true } } });
    expect(findOrNull(buildTrayMenu(withBoot(undefined)), 'start-on-boot')).toBeNull();
    expect(findOrNull(buildTrayMenu(withBoot({ state: 'unavailable', note: 'needs the installed app' })), 'start-on-boot')).toBeNull();
  });

  it('defect 7: a login item waiting for approval is shown so, with how to approve, not as an unchecked box', () => {
    const note = 'macOS needs your approval: open System Settings › General › Login Items and allow Twitch ColorChanger.';
    const items = buildTrayMenu(withBoot({ state: 'needs-approval', note }));
    expect(find(items, 'start-on-boot')).toMatchObject({ label: 'Start on boot (waiting for your approval)', checked: true, action: { request: { startOnBoot: false } } });
    expect(find(items, 'start-on-boot-note')).toMatchObject({ label: note, enabled: false });
  });

  it('offers a login when there is no account yet', () => {
    const items = buildTrayMenu(makeSnapshot({ accounts: [] }));
    expect(find(items, 'add-account')).toMatchObject({ label: 'Add account…', action: { kind: 'login' } });
    expect(find(items, 'summary')).toMatchObject({ label: 'Twitch ColorChanger: no account yet; open it to log in' });
  });

  describe.each(ALL_STATES)('an account in state %s', (state: AccountState) => {
    const reason = state === 'needs_login' || state === 'degraded' ? 'Twitch refused the token' : null;
    const account = makeAccount({
      state,
      reason,
      channels: [makeChannel({ login: 'first' }), makeChannel({ login: 'second', enabled: false, subscription: 'off' })],
    });
    const items = buildTrayMenu(makeSnapshot({ accounts: [account] }));
    const submenu = find(items, 'account:acc-1');

    it('gets a submenu: a state line with the reason, the Enabled toggle and its channels as checkboxes', () => {
      expect(submenu.type).toBe('submenu');
      if (submenu.type !== 'submenu') return;
      const state_ = find(submenu.submenu, 'account:acc-1:state');
      expect(state_).toMatchObject({ type: 'normal', enabled: false, action: null });
      if (reason && state_.type === 'normal') expect(state_.label).toContain(reason);
      expect(find(submenu.submenu, 'account:acc-1:enabled')).toMatchObject({
        type: 'checkbox',
        checked: true,
        action: { command: 'accounts:set-enabled', request: { accountId: 'acc-1', enabled: false } },
      });
      expect(find(submenu.submenu, 'account:acc-1:channel:first')).toMatchObject({
        type: 'checkbox',
        label: '#first',
        checked: true,
        action: { command: 'channels:set-enabled', request: { accountId: 'acc-1', login: 'first', enabled: false } },
      });
      expect(find(submenu.submenu, 'account:acc-1:channel:second')).toMatchObject({
        checked: false,
        action: { request: { login: 'second', enabled: true } },
      });
    });

    it('offers "Log in again" exactly when the account needs a login', () => {
      expect(findOrNull(items, 'account:acc-1:login') !== null).toBe(state === 'needs_login');
    });

    it('sets the icon: attention for needs_login and degraded, active while working, paused otherwise', () => {
      const expected = state === 'needs_login' || state === 'degraded' ? 'attention' : ['active', 'starting', 'authorizing'].includes(state) ? 'active' : 'paused';
      expect(trayIconState(makeSnapshot({ accounts: [account] }))).toBe(expected);
    });

    it('builds only requests the contract accepts', () => {
      for (const item of allItems(items)) {
        if (item.type === 'separator' || item.type === 'submenu' || !item.action || item.action.kind !== 'command') continue;
        const parsed = commands[item.action.command].request.safeParse(item.action.request);
        expect(parsed.success, `${item.id}: ${JSON.stringify(item.action)}`).toBe(true);
      }
    });
  });

  it('"Paused" is only the app-wide pause; one account switched off reads "changes off", in its label and its switch (issue 20)', () => {
    // As the core reports them while all is paused: no per-account reason (the app says it once).
    const on = makeAccount({ id: 'acc-on', displayName: 'Alice', state: 'paused' });
    const off = makeAccount({ id: 'acc-off', displayName: 'Bob', enabled: false, state: 'paused' });
    const items = buildTrayMenu(makeSnapshot({ paused: true, accounts: [on, off] }));
    expect(find(items, 'pause-all')).toMatchObject({ label: 'Resume all' });
    expect(find(items, 'account:acc-on')).toMatchObject({ label: 'Alice (paused)' });
    expect(find(items, 'account:acc-off')).toMatchObject({ label: 'Bob (changes off)' });
    expect(find(items, 'account:acc-off:enabled')).toMatchObject({ label: 'Change colors', checked: false });
    expect(find(items, 'account:acc-off:state')).toMatchObject({ label: 'Changes off: colors are not changed for this account' });
    expect(traySummary(makeSnapshot({ paused: true, accounts: [on, off] }))).toBe('Twitch ColorChanger: all paused (1 changes off)');
    // One account's own switch, no app-wide pause: as the core reports it (state paused, reason changes_off).
    const alone = makeAccount({ enabled: false, state: 'paused', reason: 'Color changes are off for this account. Switch them on here, or say cce in chat.', reasonCode: 'changes_off' });
    expect(find(buildTrayMenu(makeSnapshot({ accounts: [alone] })), 'account:acc-1')).toMatchObject({ label: 'Alice (changes off)' });
    expect(traySummary(makeSnapshot({ accounts: [alone] }))).toBe('Twitch ColorChanger: 1 changes off');
  });

  it('a disabled account whose login died says so, as the window does, but never asks for attention; it can be enabled again', () => {
    const account = makeAccount({ enabled: false, state: 'needs_login', reason: 'Twitch refused the token' });
    const snapshot = makeSnapshot({ accounts: [account] });
    const items = buildTrayMenu(snapshot);
    expect(find(items, 'account:acc-1')).toMatchObject({ label: 'Alice (needs login)' });
    expect(find(items, 'account:acc-1:login')).toMatchObject({ label: 'Log in again…' });
    expect(find(items, 'account:acc-1:enabled')).toMatchObject({ checked: false, action: { request: { enabled: true } } });
    expect(trayIconState(snapshot)).toBe('paused');
  });

  it('names a channel whose subscription failed, and says so when an account has no channels', () => {
    const broken = makeAccount({ channels: [makeChannel({ login: 'broken', subscription: 'error', error: 'Twitch refused the subscription' })] });
    expect(find(buildTrayMenu(makeSnapshot({ accounts: [broken] })), 'account:acc-1:channel:broken')).toMatchObject({
      label: '#broken (Twitch refused the subscription)',
    });
    const empty = makeAccount({ channels: [] });
    expect(find(buildTrayMenu(makeSnapshot({ accounts: [empty] })), 'account:acc-1:no-channels')).toMatchObject({ enabled: false });
  });

  it('keeps user text from turning into menu mnemonics and long reasons to one short line', () => {
    const account = makeAccount({ state: 'degraded', reason: `Rock & roll\n${'x'.repeat(200)}` });
    const line = find(buildTrayMenu(makeSnapshot({ accounts: [account] })), 'account:acc-1:state');
    if (line.type !== 'normal') throw new Error('state line is not a normal item');
    expect(line.label).toContain('Rock && roll');
    expect(line.label).not.toContain('\n');
    expect(line.label.length).toBeLessThanOrEqual(82);
  });

  it('pause wins over activity in the icon and the summary, attention wins over pause', () => {
    const paused = makeSnapshot({ paused: true, accounts: [makeAccount({ state: 'paused' })] });
    expect(trayIconState(paused)).toBe('paused');
    expect(traySummary(paused)).toBe('Twitch ColorChanger: all paused');
    const failing = makeSnapshot({ paused: true, accounts: [makeAccount({ state: 'degraded' })] });
    expect(trayIconState(failing)).toBe('attention');
    expect(traySummary(failing)).toBe('Twitch ColorChanger: all paused (1 retrying)');
  });

  it('summarizes several accounts in one line of at most 127 characters', () => {
    const accounts = [
      makeAccount({ id: 'a', state: 'active' }),
      makeAccount({ id: 'b', state: 'needs_login' }),
      makeAccount({ id: 'c', state: 'degraded' }),
      makeAccount({ id: 'd', enabled: false }),
      makeAccount({ id: 'e', state: 'active' }),
    ];
    expect(traySummary(makeSnapshot({ accounts }))).toBe('Twitch ColorChanger: 2 active, 1 needs login, 1 retrying, 1 changes off');
    const many = Array.from({ length: 40 }, (_, i) => makeAccount({ id: `x${i}`, state: ALL_STATES[i % ALL_STATES.length] }));
    expect(traySummary(makeSnapshot({ accounts: many })).length).toBeLessThanOrEqual(127);
  });
});
