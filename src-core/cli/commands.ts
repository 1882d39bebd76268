import { readLegacyConfigFile } from '../store/legacy-import.js';
import { FOLLOW_LIVE_MAX } from '../store/schema.js';
import type { AppSnapshot } from '../ipc/snapshot.js';
import { allowFlags, flagValue, UsageError, type ParsedArgs } from './argv.js';
import { CommandFailedError, type DataDirSession } from './data-dir-session.js';
import { statusJson, statusText } from './status-view.js';

/** What a command needs from main: where to print, and a session on the data dir. */
export interface CommandContext {
  args: ParsedArgs;
  out(text: string): void;
  session(): Promise<DataDirSession>;
  /** For commands that only read: changes nothing in the data dir (R38). */
  readOnlySession(): Promise<DataDirSession>;
}

export async function statusCommand(ctx: CommandContext): Promise<void> {
  allowFlags(ctx.args, ['data-dir', 'json']);
  await withSession(ctx, async (session) => {
    const snapshot = await session.request('app:snapshot', {});
    const running = session.mode === 'running';
    ctx.out(ctx.args.flags.has('json') ? `${JSON.stringify(statusJson(snapshot, running))}\n` : statusText(snapshot, running));
  }, { readOnly: true });
}

export async function importLegacyCommand(ctx: CommandContext): Promise<void> {
  allowFlags(ctx.args, ['data-dir']);
  const [file, ...extra] = ctx.args.positionals;
  if (!file || extra.length > 0) throw new UsageError('import-legacy needs exactly one FILE');
  const contents = JSON.stringify(readLegacyConfigFile(file));
  await withSession(ctx, async (session) => {
    const report = await session.request('legacy:import', { contents });
    ctx.out(`Imported: ${report.imported.join(', ') || 'none'}\nUpdated: ${report.updated.join(', ') || 'none'}\n`);
    for (const skipped of report.skipped) ctx.out(`Note for ${skipped.login}: ${skipped.reason}\n`);
  });
}

export async function accountsCommand(ctx: CommandContext): Promise<void> {
  allowFlags(ctx.args, ['data-dir', 'json']);
  const [action, login, ...extra] = ctx.args.positionals;
  const listing = action === 'list' && !login;
  // Checked before the session: a usage error must not take the data dir's lock or touch the store.
  if (!listing && (!login || extra.length > 0 || !['remove', 'enable', 'disable'].includes(action ?? ''))) {
    throw new UsageError('accounts takes: list | remove LOGIN | enable LOGIN | disable LOGIN');
  }
  const work = async (session: DataDirSession): Promise<void> => {
    if (listing) {
      const snapshot = await session.request('app:snapshot', {});
      const running = session.mode === 'running';
      if (ctx.args.flags.has('json')) ctx.out(`${JSON.stringify(statusJson(snapshot, running))}\n`);
      else for (const a of snapshot.accounts) ctx.out(`${a.login}\t${a.enabled ? 'enabled' : 'disabled'}\t${running ? a.state : 'stopped'}\t${a.channels.length} channel(s)\n`);
      return;
    }
    const accountId = await accountIdOf(session, login as string);
    if (action === 'remove') await session.request('accounts:remove', { accountId });
    else await session.request('accounts:set-enabled', { accountId, enabled: action === 'enable' });
    ctx.out(`${login}: ${action === 'remove' ? 'removed' : `${action}d`}\n`);
  };
  // A listing only reads (R38).
  await withSession(ctx, work, { readOnly: listing });
}

export async function channelsCommand(ctx: CommandContext): Promise<void> {
  if (ctx.args.positionals[0] === 'follow-live') return followLiveCommand(ctx);
  allowFlags(ctx.args, ['data-dir', 'account']);
  const [action, ...names] = ctx.args.positionals;
  const login = flagValue(ctx.args, 'account');
  if (!login || names.length === 0 || !['add', 'remove', 'enable', 'disable'].includes(action ?? '')) {
    throw new UsageError('channels takes: add|remove|enable|disable --account LOGIN NAME...');
  }
  await withSession(ctx, async (session) => {
    const accountId = await accountIdOf(session, login);
    for (const name of names) {
      if (action === 'add') await session.request('channels:add', { accountId, login: name });
      else if (action === 'remove') await session.request('channels:remove', { accountId, login: name });
      else await session.request('channels:set-enabled', { accountId, login: name, enabled: action === 'enable' });
      ctx.out(`${login}: #${name.replace(/^#/, '').toLowerCase()} ${action === 'add' ? 'added' : action === 'remove' ? 'removed' : `${action}d`}\n`);
    }
  });
}

/** `channels follow-live on|off --account LOGIN [--max N] [--max-viewers V|none]` (issue 18). */
async function followLiveCommand(ctx: CommandContext): Promise<void> {
  allowFlags(ctx.args, ['data-dir', 'account', 'max', 'max-viewers']);
  const [, state, ...extra] = ctx.args.positionals;
  const login = flagValue(ctx.args, 'account');
  if (!login || (state !== 'on' && state !== 'off') || extra.length > 0) {
    throw new UsageError('channels follow-live takes: on|off --account LOGIN [--max N] [--max-viewers V|none]');
  }
  const patch = { enabled: state === 'on', ...followLiveLimits(flagValue(ctx.args, 'max'), flagValue(ctx.args, 'max-viewers')) };
  await withSession(ctx, async (session) => {
    const accountId = await accountIdOf(session, login);
    await session.request('channels:set-follow-live', { accountId, ...patch });
    const account = (await session.request('app:snapshot', {})).accounts.find((a) => a.id === accountId);
    const settings = account?.followLive;
    const limits = settings ? ` (at most ${settings.max}, ${settings.maxViewers === null ? 'any number of viewers' : `up to ${settings.maxViewers} viewers`})` : '';
    ctx.out(`${login}: live channels I follow ${state}${state === 'on' ? limits : ''}\n`);
    if (state === 'on' && settings?.state === 'needs_login') ctx.out(`${login}: ${settings.reason ?? 'log in again'}: twitch-colorchanger login\n`);
  });
}

/** --max N (1-500) and --max-viewers V (a whole number, or none to remove the limit); checked before any session. */
function followLiveLimits(max: string | undefined, maxViewers: string | undefined): { max?: number; maxViewers?: number | null } {
  const out: { max?: number; maxViewers?: number | null } = {};
  if (max !== undefined) {
    const n = Number(max);
    if (!/^\d+$/.test(max) || n < FOLLOW_LIVE_MAX.min || n > FOLLOW_LIVE_MAX.max) throw new UsageError(`--max takes a whole number from ${FOLLOW_LIVE_MAX.min} to ${FOLLOW_LIVE_MAX.max}`);
    out.max = n;
  }
  if (maxViewers !== undefined) {
    if (maxViewers === 'none') out.maxViewers = null;
    else if (/^\d+$/.test(maxViewers) && Number(maxViewers) >= 1) out.maxViewers = Number(maxViewers);
    else throw new UsageError('--max-viewers takes a whole number of viewers, or none for no limit');
  }
  return out;
}

export async function modeCommand(ctx: CommandContext): Promise<void> {
  allowFlags(ctx.args, ['data-dir', 'account']);
  const [mode, ...colors] = ctx.args.positionals;
  const login = flagValue(ctx.args, 'account');
  if (!login || (mode !== 'random' && mode !== 'rainbow' && mode !== 'palette')) {
    throw new UsageError('mode takes: --account LOGIN random|rainbow|palette [COLOR...]');
  }
  if (mode === 'palette' && colors.length === 0) throw new UsageError('palette mode needs at least one COLOR');
  if (mode !== 'palette' && colors.length > 0) throw new UsageError(`${mode} mode takes no colors`);
  await withSession(ctx, async (session) => {
    const accountId = await accountIdOf(session, login);
    await session.request('colors:set-options', { accountId, mode, ...(colors.length > 0 ? { palette: colors } : {}) });
    ctx.out(`${login}: mode ${mode}${colors.length > 0 ? ` (${colors.join(', ')})` : ''}\n`);
  });
}

export async function pauseCommand(ctx: CommandContext, paused: boolean): Promise<void> {
  allowFlags(ctx.args, ['data-dir']);
  if (ctx.args.positionals.length > 0) throw new UsageError(`${ctx.args.command} takes no arguments`);
  await withSession(ctx, async (session) => {
    await session.request('app:set-paused', { paused });
    ctx.out(paused ? 'All accounts paused\n' : 'Resumed\n');
  });
}

export async function withSession<T>(ctx: CommandContext, work: (session: DataDirSession) => Promise<T>, options: { readOnly?: boolean } = {}): Promise<T> {
  const session = await (options.readOnly ? ctx.readOnlySession() : ctx.session());
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}

export async function accountIdOf(session: DataDirSession, login: string): Promise<string> {
  const snapshot: AppSnapshot = await session.request('app:snapshot', {});
  const wanted = login.replace(/^#/, '').toLowerCase();
  const account = snapshot.accounts.find((a) => a.login === wanted);
  if (!account) {
    const known = snapshot.accounts.map((a) => a.login).join(', ') || 'none';
    throw new CommandFailedError('not_found', `No account named ${wanted} (accounts: ${known})`);
  }
  return account.id;
}
