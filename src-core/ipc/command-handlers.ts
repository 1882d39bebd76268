import type { z } from 'zod';
import type { Logger } from '../runtime/logger.js';
import { isAllowedActivationUrl } from './activation-url.js';
import type { CommandName, CommandResponse, Commands } from './contract.js';
import type { CorePort, PlatformPort } from './core-port.js';
import { IpcFailure } from './result.js';

/** A command's work, given the request already parsed by the contract's schema. */
export type CommandHandler<N extends CommandName> = (
  request: z.output<Commands[N]['request']>,
) => Promise<CommandResponse<N>> | CommandResponse<N>;

/** One entry per command; the mapped type makes a new command without a handler a compile error. */
export type CommandHandlerTable = { [N in CommandName]: CommandHandler<N> };

export interface CommandHandlerDeps {
  core: CorePort;
  platform: PlatformPort;
  logger: Logger;
}

export function commandHandlers({ core, platform, logger }: CommandHandlerDeps): CommandHandlerTable {
  return {
    'app:snapshot': () => core.snapshot(),
    'app:set-paused': async ({ paused }) => done(await core.setPaused(paused)),
    'app:open-folder': async ({ which }) => {
      const { paths } = core.snapshot();
      await platform.openPath(which === 'data' ? paths.dataDir : paths.logDir);
      return null;
    },

    'settings:set-client-id': async ({ clientId }) => done(await core.setClientId(clientId)),
    'settings:check-client-id': async ({ clientId }) => done(await core.checkClientId(clientId)),
    'settings:update': async (patch) => {
      const persisted: { startOnBoot?: boolean; startHidden?: boolean; checkForUpdates?: boolean } = {};
      if (patch.startHidden !== undefined) persisted.startHidden = patch.startHidden;
      if (patch.checkForUpdates !== undefined) persisted.checkForUpdates = patch.checkForUpdates;
      if (patch.startOnBoot !== undefined) persisted.startOnBoot = await applyStartOnBoot(platform, patch.startOnBoot);
      await core.updateSettings(persisted);
      if (persisted.startOnBoot !== undefined && persisted.startOnBoot !== patch.startOnBoot) {
        throw new IpcFailure(
          'unsupported',
          `The system did not ${patch.startOnBoot ? 'enable' : 'disable'} start on boot; check your desktop's autostart settings`,
        );
      }
      return null;
    },

    'updates:check': async () => done(await core.checkForUpdates()),
    'updates:restart': async () => done(await core.restartToUpdate()),

    'login:start': () => core.startLogin(),
    'login:cancel': ({ loginId }) => done(core.cancelLogin(loginId)),
    'login:open-activation': async ({ loginId }) => {
      const url = core.activationUrl(loginId);
      if (!isAllowedActivationUrl(url)) {
        // Only the login's own activation page may be opened; log the origin, not the URL.
        logger.warn('ipc.activation_refused', 'Refused to open a URL that is not Twitch’s activation page', {
          origin: safeOrigin(url),
        });
        throw new IpcFailure('forbidden', 'This login’s activation address is not Twitch’s; it was not opened');
      }
      await platform.openExternal(url);
      return null;
    },

    'accounts:remove': async ({ accountId }) => done(await core.removeAccount(accountId)),
    'accounts:set-enabled': async ({ accountId, enabled }) => done(await core.setAccountEnabled(accountId, enabled)),
    'accounts:retry-now': ({ accountId }) => done(core.retryAccount(accountId)),

    'channels:add': async ({ accountId, login }) => done(await core.addChannel(accountId, login)),
    'channels:remove': async ({ accountId, login }) => done(await core.removeChannel(accountId, login)),
    'channels:set-enabled': async ({ accountId, login, enabled }) =>
      done(await core.setChannelEnabled(accountId, login, enabled)),
    'channels:set-follow-live': async ({ accountId, ...patch }) => done(await core.setFollowLive(accountId, patch)),

    'colors:set-options': async ({ accountId, ...options }) => done(await core.setColorOptions(accountId, options)),
    'colors:reset-prime': async ({ accountId }) => done(await core.resetPrime(accountId)),
    'colors:set-home': async ({ accountId, restore, color }) => done(await core.setHome(accountId, restore, color)),
    'colors:set-now': ({ accountId, color }) => core.setColorNow(accountId, color),

    'legacy:import': ({ contents }) => core.importLegacy(contents),
  };
}

/** Commands without an answer reply `null`, so every response is JSON and schema-checked. */
function done(_: void): null {
  return null;
}

/**
 * Sets start on boot where the host can, and returns whether the system now has it
 * registered (waiting for the user's approval counts: the note says how to give it).
 */
async function applyStartOnBoot(platform: PlatformPort, enabled: boolean): Promise<boolean> {
  const autoStart = platform.autoStart;
  if (!autoStart) {
    throw new IpcFailure('unsupported', 'Start on boot is not available here; in headless mode use your system’s service manager');
  }
  const before = await autoStart.status();
  if (before.state === 'unavailable') throw new IpcFailure('unsupported', before.note ?? 'Start on boot is not available here');
  await autoStart.setEnabled(enabled);
  return (await autoStart.status()).state !== 'off';
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(not a URL)';
  }
}
