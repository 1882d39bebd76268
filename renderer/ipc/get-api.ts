import type { ColorChangerApi } from '../../src-core/ipc/api-shape.js';
import { type TokenScope, takePageToken } from './page-token.js';
import { type WsClient, createWsClient } from './ws-client.js';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent when the page comes from the WebSocket bridge. */
    colorChanger?: ColorChangerApi;
  }
}

/** The parts of `window` the choice depends on (tests pass their own). */
export interface ApiScope {
  colorChanger?: ColorChangerApi;
  location?: { protocol: string; host: string; search: string; pathname?: string; hash?: string };
  sessionStorage?: TokenScope['sessionStorage'];
  history?: TokenScope['history'];
}

let cached: { api: ColorChangerApi; client: WsClient | null } | undefined;

/**
 * The API the UI talks to: the Electron preload's `window.colorChanger` when it is there,
 * otherwise a WebSocket client for the bridge that served this page, using the token from
 * the page's own URL. One per page.
 */
export function getApi(): ColorChangerApi {
  cached ??= chooseApi(globalThis as ApiScope);
  return cached.api;
}

/** The WebSocket client behind getApi() (for a connection indicator); null under Electron. */
export function getBridgeClient(): WsClient | null {
  getApi();
  return cached?.client ?? null;
}

export function chooseApi(scope: ApiScope, create: (url: string) => WsClient = (url) => createWsClient({ url })): {
  api: ColorChangerApi;
  client: WsClient | null;
} {
  if (scope.colorChanger) return { api: scope.colorChanger, client: null };
  if (!scope.location) throw new Error('Neither the Electron preload nor a page location is available to reach the app');
  const token = takePageToken({ location: scope.location, sessionStorage: scope.sessionStorage, history: scope.history });
  const client = create(bridgeWsUrl(scope.location, token));
  return { api: client.api, client };
}

/** `http://127.0.0.1:PORT/?token=T` -> `ws://127.0.0.1:PORT/ws?token=T` (the bridge's BRIDGE_WS_PATH). */
export function bridgeWsUrl(location: { protocol: string; host: string; search: string }, token = new URLSearchParams(location.search).get('token') ?? ''): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws?token=${encodeURIComponent(token)}`;
}
