import type { z } from 'zod';
import type { Logger, SecretRegistry } from '../runtime/logger.js';
import { type CommandHandlerTable, commandHandlers } from './command-handlers.js';
import { type CommandName, type EventName, type EventPayload, commands, events, isCommandName } from './contract.js';
import type { CoreEvent, CorePort, PlatformPort } from './core-port.js';
import { internalMessage, mapError } from './error-mapping.js';
import { type Result, fail, ok } from './result.js';
import type { AppSnapshot } from './snapshot.js';

/**
 * The transport-agnostic side of the IPC contract. Electron IPC and the WebSocket bridge
 * both hand every inbound message to `dispatch` and every outbound event comes from
 * `forwardEvents`, so both transports validate exactly alike.
 *
 * Snapshot rule: every `state:changed` carries the full AppSnapshot, never a delta. A UI
 * that missed events (it reconnected, it started late) is whole again with the next one,
 * and a transport may send the current snapshot as a `state:changed` when a UI connects.
 *
 * Outbound data (responses and events) is parsed with its schema before it leaves: a shape
 * bug becomes a logged `internal` error instead of reaching a UI, and fields the contract
 * does not declare are stripped, so nothing the core holds on the side (tokens, device
 * codes) can ride along (R34).
 */
export interface IpcHandlers {
  /** Never throws and never rejects. */
  dispatch(command: unknown, payload: unknown): Promise<Result<unknown>>;
  /**
   * Subscribes to the core and hands each event, checked against its schema, to `send`.
   * An event that fails its schema is logged and dropped; a throwing `send` is logged and
   * the next event still goes out (R12). Returns the unsubscribe function.
   */
  forwardEvents(send: EventSink): () => void;
  /** The current snapshot, schema-checked, for a UI that just connected; null if broken (logged). */
  currentSnapshot(): AppSnapshot | null;
}

export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface IpcHandlerDeps {
  core: CorePort;
  platform: PlatformPort;
  logger: Logger;
  /** Masks secrets the host knows of in error messages, a second line of defence (R34). */
  secrets?: SecretRegistry;
}

export function createIpcHandlers(deps: IpcHandlerDeps): IpcHandlers {
  const logger = deps.logger.child({ component: 'ipc' });
  const table: CommandHandlerTable = commandHandlers({ core: deps.core, platform: deps.platform, logger });

  async function dispatch(command: unknown, payload: unknown): Promise<Result<unknown>> {
    if (!isCommandName(command)) {
      logger.warn('ipc.unknown_command', 'A UI sent a command the contract does not have', { command: describeName(command) });
      return fail('unknown_command', `There is no command named ${describeName(command)}`);
    }
    const spec = commands[command];
    // Commands without fields accept a missing payload as `{}`; everything else is strict.
    const parsed = spec.request.safeParse(payload === undefined ? {} : payload);
    if (!parsed.success) {
      const message = `Invalid request for ${command}: ${describeIssues(parsed.error.issues)}`;
      logger.warn('ipc.invalid_request', message, { command });
      return fail('invalid_request', message);
    }
    let data: unknown;
    try {
      data = await runHandler(table, command, parsed.data);
    } catch (error) {
      const mapped = mapError(error, command, deps.secrets);
      if (mapped.expected) {
        logger.info('ipc.command_failed', mapped.error.message, { command, code: mapped.error.code });
      } else {
        logger.error('ipc.internal', `Command ${command} failed with an unexpected error`, { command, error: mapped.cause });
      }
      return { ok: false, error: mapped.error };
    }
    const checked = spec.response.safeParse(data);
    if (!checked.success) {
      // Issue paths only: the values may be exactly what must not leave (R34).
      logger.error('ipc.bad_response', `The response to ${command} does not match the contract`, {
        command,
        issues: issuePaths(checked.error.issues),
      });
      return fail('internal', internalMessage(command));
    }
    return ok(checked.data);
  }

  function forwardEvents(send: EventSink): () => void {
    return deps.core.subscribe((event: CoreEvent) => {
      const schema: z.ZodType = events[event.type];
      const checked = schema.safeParse(event.payload);
      if (!checked.success) {
        logger.error('ipc.bad_event', `The ${event.type} event does not match the contract; it was not sent`, {
          event: event.type,
          issues: issuePaths(checked.error.issues),
        });
        return;
      }
      try {
        send(event.type, checked.data as EventPayload<typeof event.type>);
      } catch (error) {
        logger.error('ipc.send_failed', `Sending the ${event.type} event failed`, { event: event.type, error });
      }
    });
  }

  function currentSnapshot(): AppSnapshot | null {
    try {
      const checked = events['state:changed'].safeParse(deps.core.snapshot());
      if (checked.success) return checked.data;
      logger.error('ipc.bad_event', 'The snapshot does not match the contract', { issues: issuePaths(checked.error.issues) });
    } catch (error) {
      logger.error('ipc.internal', 'Taking a snapshot failed', { error });
    }
    return null;
  }

  return { dispatch, forwardEvents, currentSnapshot };
}

// The table is keyed by the same name that picked the schema, so the parsed request fits.
function runHandler(table: CommandHandlerTable, command: CommandName, request: unknown): unknown {
  const handler = table[command] as (request: unknown) => unknown;
  return handler(request);
}

function describeName(command: unknown): string {
  if (typeof command !== 'string') return `(a ${command === null ? 'null' : typeof command}, not a name)`;
  return JSON.stringify(command.length > 60 ? `${command.slice(0, 60)}…` : command);
}

/** "accountId: expected string, received undefined; enabled: ..." (at most three issues). */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 3).map((issue) => `${issue.path.length ? issue.path.map(String).join('.') : 'payload'}: ${issue.message}`);
  if (issues.length > 3) shown.push(`and ${issues.length - 3} more`);
  return shown.join('; ');
}

function issuePaths(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.slice(0, 10).map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.code}`);
}
