/**
 * Fake system services for the Electron fake (see electron.ts): protocol, session,
 * powerMonitor and net. Tests flip `net.online` and emit powerMonitor events. `net.request`
 * and `session.fromPartition` live in electron-net.ts (electron-updater downloads with them).
 */
import { EventEmitter } from 'node:events';
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

export const powerMonitor = new EventEmitter();

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
