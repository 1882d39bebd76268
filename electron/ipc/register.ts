import { commandNames } from '../../src-core/ipc/contract.js';
import type { IpcHandlers } from '../../src-core/ipc/handlers.js';
import { fail } from '../../src-core/ipc/result.js';
import type { Logger } from '../../src-core/runtime/logger.js';
import { describeOrigin, isAppUrl } from '../app-identity.js';

/**
 * The Electron transport of the IPC contract, and the only place that registers IPC
 * handlers in main. Every call is checked before its payload is looked at: it must come
 * from the main frame of one of our windows showing a page of our app:// origin. Only then
 * does the transport-agnostic dispatch (src-core/ipc/handlers.ts) parse the payload with
 * the contract's schema; it also parses every response and event on the way out, which
 * drops any field the contract does not declare (R34).
 */

/** The parts of a frame the check reads; Electron's WebFrameMain has them. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
  readonly routingId: number;
  readonly processId: number;
}

export interface InvokeEventLike {
  readonly sender: { readonly id: number; readonly mainFrame: FrameLike };
  readonly senderFrame: FrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

export function checkSender(event: InvokeEventLike, isOurWebContents: (id: number) => boolean): SenderVerdict {
  const frame = event.senderFrame;
  if (!frame) return { ok: false, reason: 'the sending frame is gone' };
  const main = event.sender.mainFrame;
  // Distinct WebFrameMain objects may stand for the same frame; compare identities, not objects.
  if (frame.parent !== null || frame.routingId !== main.routingId || frame.processId !== main.processId) {
    return { ok: false, reason: 'not sent by the main frame' };
  }
  if (!isAppUrl(frame.url)) return { ok: false, reason: `page of origin ${describeOrigin(frame.url)}` };
  if (!isOurWebContents(event.sender.id)) return { ok: false, reason: 'not one of our windows' };
  return { ok: true };
}

/** Our windows, as the transport needs them: who may call, and who gets events. */
export interface IpcWindows {
  isOurWebContents(id: number): boolean;
  webContents(): readonly WindowContents[];
}

export interface WindowContents {
  readonly id: number;
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

export interface IpcTransportDeps {
  ipcMain: IpcMainLike;
  handlers: Pick<IpcHandlers, 'dispatch' | 'forwardEvents'>;
  windows: IpcWindows;
  logger: Logger;
}

const FORBIDDEN = 'This window is not allowed to talk to Twitch ColorChanger';

/**
 * Registers one handler per contract command and forwards the core's events to every
 * window. Returns a function that undoes both.
 */
export function registerIpc({ ipcMain, handlers, windows, logger }: IpcTransportDeps): () => void {
  const log = logger.child({ component: 'ipc' });
  for (const name of commandNames) {
    ipcMain.handle(name, async (event, ...args) => {
      const verdict = checkSender(event, (id) => windows.isOurWebContents(id));
      if (!verdict.ok) {
        // The payload is not logged: it came from someone we do not trust.
        log.warn('ipc.sender_rejected', `Refused "${name}": ${verdict.reason}`, { command: name, reason: verdict.reason });
        return fail('forbidden', FORBIDDEN);
      }
      if (args.length > 1) {
        log.warn('ipc.malformed', `Refused "${name}": expected one request, got ${args.length} arguments`, { command: name });
        return fail('invalid_request', `Invalid request for ${name}: it takes exactly one request object`);
      }
      return handlers.dispatch(name, args[0]);
    });
  }
  const stopForwarding = handlers.forwardEvents((event, payload) => {
    for (const target of windows.webContents()) {
      if (target.isDestroyed()) continue;
      try {
        target.send(event, payload);
      } catch (error) {
        // A window closing mid-send must not keep the event from the other windows.
        log.warn('ipc.send_failed', `Could not send "${event}" to a window`, { event, window: target.id, error });
      }
    }
  });
  return () => {
    stopForwarding();
    for (const name of commandNames) ipcMain.removeHandler(name);
  };
}
