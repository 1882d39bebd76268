import { ColorChangerError } from '../runtime/errors.js';

/** Wrong command-line use: exit code 2 with the usage text. */
export class UsageError extends ColorChangerError {
  readonly code = 'usage';
}

export interface ParsedArgs {
  command: string;
  positionals: string[];
  flags: Map<string, string | true>;
}

/** Flags that take a value; all others are switches. */
const VALUE_FLAGS = new Set(['data-dir', 'log-format', 'ui-port', 'client-id', 'channels', 'account', 'max', 'max-viewers']);
const SWITCH_FLAGS = new Set(['json', 'help', 'version']);

/** `--flag value`, `--flag=value` and switches; `--` ends flags. Unknown flags are usage errors. */
export function parseArgv(argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const [name = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (VALUE_FLAGS.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
    } else if (SWITCH_FLAGS.has(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      flags.set(name, true);
    } else {
      throw new UsageError(`Unknown option --${name}`);
    }
  }
  const [command, ...rest] = positionals;
  if (command === undefined) {
    if (flags.has('help')) return { command: 'help', positionals: [], flags };
    if (flags.has('version')) return { command: 'version', positionals: [], flags };
    throw new UsageError('Which command? (twitch-colorchanger help lists them)');
  }
  return { command, positionals: rest, flags };
}

export function flagValue(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** Only these flags are allowed for this command. */
export function allowFlags(args: ParsedArgs, allowed: readonly string[]): void {
  for (const name of args.flags.keys()) {
    if (name !== 'help' && name !== 'version' && !allowed.includes(name)) throw new UsageError(`${args.command} does not take --${name}`);
  }
}

export const USAGE = `Usage: twitch-colorchanger <command> [options]

Commands:
  run [--log-format text|json] [--ui-port N]   run every account until Ctrl+C / SIGTERM
  status [--json]                              accounts, states and channels
  login [--client-id ID] [--channels a,b]      log in with Twitch's device code (--client-id: your
                                               own application; needed when this build has none)
  import-legacy FILE                           import the old Python bot's twitch_colorchanger.conf
  accounts list [--json]
  accounts remove|enable|disable LOGIN
  channels add|remove|enable|disable --account LOGIN NAME...
  channels follow-live on|off --account LOGIN [--max N] [--max-viewers V|none]
                                               also listen in every followed channel that is live
                                               (at most N, default 50, 1-500; skip those with more
                                               than V viewers); enable/disable NAME works on them too
  mode --account LOGIN random|rainbow|palette [COLOR...]
  pause | resume                               stop or restart automatic changes for every account
  --version | --help                           the version / this text

status, accounts list, --version and --help only read: they never create, move or rewrite
anything in the data dir.

  --version                                    print the version

Every command takes --data-dir DIR (default: $TWITCH_COLORCHANGER_DATA_DIR, else the desktop app's data folder).
Environment: TWITCH_CLIENT_SECRET (only for confidential apps imported from the old bot),
TWITCH_AUTH_URL, TWITCH_API_URL, TWITCH_EVENTSUB_URL (point at another Twitch, e.g. the fake).
Exit codes: 0 ok, 1 failure (one line on stderr), 2 usage error.
`;
