import { resolve } from 'node:path';
import { dataDirFromEnv, defaultDataDir } from '../app/data-dir.js';
import { APP_VERSION } from '../app/app-version.js';
import { DataDirInUseError } from '../app/instance-lock.js';
import { ColorChangerError, describeError } from '../runtime/errors.js';
import { createLogger, SecretRegistry } from '../runtime/logger.js';
import { flagValue, parseArgv, USAGE, UsageError, type ParsedArgs } from './argv.js';
import { accountsCommand, channelsCommand, importLegacyCommand, modeCommand, pauseCommand, statusCommand, type CommandContext } from './commands.js';
import { openDataDirSession, openReadOnlySession } from './data-dir-session.js';
import { loginCommand } from './login-command.js';
import { stderrSink, type LogFormat } from './stderr-sink.js';

/** The headless entry point: data on stdout, logs on stderr, exit codes 0 / 1 / 2. */
async function main(argv: readonly string[]): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgv(argv);
  } catch (error) {
    return usage(error);
  }
  if (args.command === 'help' || args.flags.has('help')) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.command === 'version' || args.flags.has('version')) {
    process.stdout.write(`twitch-colorchanger ${APP_VERSION}\n`);
    return 0;
  }
  const format = flagValue(args, 'log-format') ?? 'text';
  if (format !== 'text' && format !== 'json') return usage(new UsageError('--log-format takes text or json'));
  const secrets = new SecretRegistry();
  const logger = createLogger(stderrSink(format as LogFormat), { secrets, minLevel: process.env.TWITCH_COLORCHANGER_DEBUG ? 'debug' : 'info' });
  const dataDir = resolve(flagValue(args, 'data-dir') ?? dataDirFromEnv(process.env) ?? defaultDataDir());
  const out = (text: string): void => void process.stdout.write(text);
  const ctx: CommandContext = {
    args,
    out,
    session: () => openDataDirSession({ dataDir, logger, secrets }),
    readOnlySession: () => openReadOnlySession({ dataDir, logger, secrets }),
  };

  // Node prints its warnings straight to stderr, which would break `--log-format json`
  // (one object per line); they go through the log instead, still visible.
  process.removeAllListeners('warning');
  process.on('warning', (warning) => logger.warn('process.warning', `${warning.name}: ${warning.message}`));

  process.on('unhandledRejection', (reason) => {
    // A bug, not a user error: visible with its stack, and the process keeps serving (R19).
    logger.error('process.unhandled_rejection', `Unhandled error: ${describeError(reason)}`, { error: reason });
  });

  try {
    switch (args.command) {
      case 'run': {
        // Loaded on demand, like the offline core (data-dir-session.ts): status and management
        // commands served by a running process then start without the core's libraries.
        const { runCommand } = await import('./run-command.js');
        await runCommand({ args, dataDir, logger, secrets, out, stopRequested: stopSignal() });
        return 0;
      }
      case 'status':
        await statusCommand(ctx);
        return 0;
      case 'login':
        await loginCommand({ ...ctx, env: process.env, onInterrupt });
        return 0;
      case 'import-legacy':
        await importLegacyCommand(ctx);
        return 0;
      case 'accounts':
        await accountsCommand(ctx);
        return 0;
      case 'channels':
        await channelsCommand(ctx);
        return 0;
      case 'mode':
        await modeCommand(ctx);
        return 0;
      case 'pause':
      case 'resume':
        await pauseCommand(ctx, args.command === 'pause');
        return 0;
      default:
        return usage(new UsageError(`Unknown command ${args.command}`));
    }
  } catch (error) {
    if (error instanceof UsageError) return usage(error);
    if (error instanceof DataDirInUseError || error instanceof ColorChangerError) {
      process.stderr.write(`twitch-colorchanger: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`twitch-colorchanger: ${describeError(error)}\n`);
    if (error instanceof Error && error.stack) logger.debug('process.fatal', error.stack);
    return 1;
  }
}

function usage(error: unknown): number {
  process.stderr.write(`twitch-colorchanger: ${describeError(error)}\n\n${USAGE}`);
  return 2;
}

function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function onInterrupt(handler: () => void): () => void {
  process.on('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
// Nothing may keep a finished command alive (e.g. a keep-alive HTTP socket).
setTimeout(() => process.exit(code), 100).unref();
