import { commands, events, type EventPayload } from '../ipc/contract.js';
import { builtDistribution } from '../app/distribution.js';
import { allowFlags, flagValue, UsageError, type ParsedArgs } from './argv.js';
import { type CommandContext, withSession } from './commands.js';
import { CommandFailedError } from './data-dir-session.js';

type LoginEnd = Exclude<EventPayload<'login:progress'>, { status: 'waiting' }>;

/**
 * The device-code login in a terminal: prints where to go and the code, waits for the
 * approval, stores the account (through the running process when there is one).
 */
export async function loginCommand(ctx: CommandContext & { env: NodeJS.ProcessEnv; onInterrupt(handler: () => void): () => void }): Promise<void> {
  allowFlags(ctx.args, ['data-dir', 'client-id', 'channels']);
  if (ctx.args.positionals.length > 0) throw new UsageError('login takes no arguments');
  const ownClientId = ownClientIdFlag(ctx.args);
  // A developer build has no client ID of its own: as before, the flag is required (and the
  // data dir is left untouched by a usage error).
  if (!ownClientId && !builtDistribution().twitchClientId) throw new UsageError(NEEDS_CLIENT_ID);
  const channels = (flagValue(ctx.args, 'channels') ?? '').split(',').map((c) => c.trim()).filter(Boolean);
  const clientSecret = ctx.env.TWITCH_CLIENT_SECRET?.trim() || undefined;

  await withSession(ctx, async (session) => {
    if (clientSecret && session.mode === 'running') {
      throw new CommandFailedError('unsupported', 'Stop `run` first: a client secret can only be stored while nothing runs on this data dir');
    }
    const wanted: { loginId?: string } = {};
    const early: LoginEnd[] = [];
    let settle: ((event: LoginEnd) => void) | undefined;
    await session.onEvent((event, payload) => {
      if (event !== 'login:progress') return;
      const parsed = events['login:progress'].safeParse(payload);
      if (!parsed.success || parsed.data.status === 'waiting') return;
      if (parsed.data.loginId === wanted.loginId) settle?.(parsed.data);
      else early.push(parsed.data);
    });
    // --client-id becomes the user's own ID for new logins, as in the app's Settings; without
    // it, the own one saved before or the build's is used.
    if (ownClientId) await session.request('settings:set-client-id', { clientId: ownClientId });
    const started = await session.request('login:start', {});
    wanted.loginId = started.loginId;
    // Ctrl+C is listened for before the code is shown: a Ctrl+C the moment it appears must
    // cancel the login, not find the process without a handler (the default kills it outright).
    const stopListening = ctx.onInterrupt(() => {
      stopListening();
      void session.request('login:cancel', { loginId: started.loginId }).catch(() => {});
    });
    const minutes = Math.max(1, Math.round((started.expiresAt - Date.now()) / 60_000));
    ctx.out(`To log in, open ${started.verificationUri}\nand confirm the code ${started.userCode} (it expires in ${minutes} min).\nWaiting for Twitch... (declined or wrong account? press Ctrl+C and log in again)\n`);

    const outcome = await new Promise<LoginEnd>((resolve) => {
      settle = resolve;
      const already = early.find((e) => e.loginId === started.loginId);
      if (already) resolve(already);
    });
    // The login is over: a Ctrl+C from here (adding channels) ends the command as usual.
    stopListening();
    if (outcome.status !== 'success') throw new CommandFailedError('login', outcome.message);
    ctx.out(`Logged in as ${outcome.login}.\n`);
    const accountId = outcome.accountId;
    if (clientSecret && session.storeClientSecret) await session.storeClientSecret(accountId, clientSecret);
    for (const channel of channels) {
      try {
        await session.request('channels:add', { accountId, login: channel });
        ctx.out(`Added #${channel.replace(/^#/, '').toLowerCase()}\n`);
      } catch (error) {
        if (!(error instanceof CommandFailedError) || error.errorCode !== 'conflict') ctx.out(`Could not add ${channel}: ${(error as Error).message}\n`);
      }
    }
    ctx.out(session.mode === 'running' ? 'The running process picked the account up.\n' : 'Start it with: twitch-colorchanger run\n');
  });
}

const NEEDS_CLIENT_ID = 'login needs --client-id ID (from your application at dev.twitch.tv/console); this build has none of its own';

function ownClientIdFlag(args: ParsedArgs): string | null {
  const clientId = flagValue(args, 'client-id');
  if (clientId === undefined) return null;
  const checked = commands['settings:set-client-id'].request.safeParse({ clientId });
  if (!checked.success || !checked.data.clientId) throw new UsageError(checked.error?.issues[0]?.message ?? 'That is not a Twitch client ID');
  return checked.data.clientId;
}
