/**
 * Fake system services for the Electron fake (see electron.ts): protocol, session,
 * powerMonitor and net. Tests flip `net.online` and emit powerMonitor events. `net.request`
 * and `session.fromPartition` live in electron-net.ts (electron-updater downloads with them).
 *
 * Fidelity notes: api/protocol.md (handle/unhandle, one handler per scheme), api/session.md
 * (permission handlers, webRequest.onBeforeRequest with or without a filter),
 * api/power-monitor.md ('resume', and 'shutdown' on Linux and macOS only), api/net.md (isOnline).
 */
import { EventEmitter } from 'node:events';
import { app, fakeOs, preventableEvent } from './electron-app.js';
import { netRequest, partitionSessions } from './electron-net.js';

export interface FakeCustomScheme {
  scheme: string;
  privileges?: Record<string, boolean>;
}

type ProtocolHandler = (request: Request) => Response | Promise<Response>;

export const protocol = {
  privilegedSchemes: [] as FakeCustomScheme[],
  handlers: new Map<string, ProtocolHandler>(),
  registerSchemesAsPrivileged(schemes: FakeCustomScheme[]): void {
    protocol.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: ProtocolHandler): void {
    if (protocol.handlers.has(scheme)) throw new Error(`The scheme "${scheme}" is already handled`);
    protocol.handlers.set(scheme, handler);
  },
  unhandle(scheme: string): void {
    protocol.handlers.delete(scheme);
  },
  isProtocolHandled(scheme: string): boolean {
    return protocol.handlers.has(scheme);
  },
  /** What a page requesting `url` would get. */
  async fetch(url: string, init?: RequestInit): Promise<Response> {
    const handler = protocol.handlers.get(new URL(url).protocol.replace(/:$/, ''));
    if (!handler) throw new Error(`No handler for ${url}`);
    return handler(new Request(url, init));
  },
};

type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl?: string },
) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, origin: string, details: unknown) => boolean;
type BeforeRequestListener = (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void;

export class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  beforeRequest: BeforeRequestListener | null = null;
  readonly webRequest = {
    onBeforeRequest: (...args: unknown[]): void => {
      // Electron accepts (listener) or (filter, listener).
      this.beforeRequest = (typeof args[0] === 'function' ? args[0] : args[1]) as BeforeRequestListener;
    },
  };
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }
  /** Whether a page request for `url` would go out. */
  allows(url: string): boolean {
    let cancel = false;
    this.beforeRequest?.({ url }, (response) => {
      cancel = response.cancel === true;
    });
    return !cancel;
  }
}

const partitions = partitionSessions(() => new FakeSession());

export const session = { defaultSession: new FakeSession(), fromPartition: partitions.fromPartition };

/**
 * api/power-monitor.md: 'resume' ("Emitted when system is resuming") carries no platform tag,
 * so it is emitted on macOS, Windows and Linux alike (Windows since electron/electron#24251);
 * tests emit it directly with `powerMonitor.emit('resume')`.
 */
class FakePowerMonitor extends EventEmitter {
  /**
   * The system is about to shut down or restart (Linux: logind's PrepareForShutdown,
   * shell/browser/lib/power_observer_linux.cc) or to log out, restart or shut down
   * (macOS: NSWorkspaceWillPowerOffNotification, shell/browser/mac/electron_application.mm).
   * `shutdown` is preventable. Linux: preventing keeps logind's delay lock until the app
   * exits (logind bounds it by InhibitDelayMaxSec, 5 s by default); not preventing lets the
   * shutdown go on (the process is then sent SIGTERM). macOS: not preventing turns the
   * system's terminate request into app.quit(); preventing makes Electron ignore it, so
   * the app must call app.quit() itself, quickly, or macOS gives up the restart or
   * log-out. Windows has no such event (it uses the windows' session-end instead).
   */
  systemShutdown(): { prevented: boolean } {
    if (fakeOs.platform !== 'linux' && fakeOs.platform !== 'darwin') throw new Error("powerMonitor 'shutdown' exists on Linux and macOS only");
    const event = preventableEvent();
    this.emit('shutdown', event);
    if (!event.defaultPrevented && fakeOs.platform === 'darwin') app.quit();
    return { prevented: event.defaultPrevented };
  }
}

export const powerMonitor = new FakePowerMonitor();

/**
 * api/net.md `net.isOnline()` (and tutorial/online-offline-events.md): false is a strong
 * sign that nothing can be reached; true is inconclusive (a virtual adapter reads "always
 * connected"). Main gets no event for a change, so the app polls it and acts only on a turn
 * from false to true; a request may still fail after that, and the fake lets tests show it
 * (flip `online` while the server stays down). Same on every platform (no platform tag).
 */
export const net = {
  online: true,
  isOnline(): boolean {
    return net.online;
  },
  request: netRequest,
};

export function resetSystem(): void {
  protocol.privilegedSchemes.length = 0;
  protocol.handlers.clear();
  session.defaultSession = new FakeSession();
  partitions.reset();
  powerMonitor.removeAllListeners();
  net.online = true;
}
