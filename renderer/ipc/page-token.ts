/**
 * The bridge's access token, which arrives in the page's address (`?token=…`). Once the
 * page holds it, it leaves the address bar and the browser's history (history.replaceState),
 * so a shared screen or a synced history does not show it. It stays in this tab's
 * sessionStorage, so a reload of the tab still connects; a new tab needs the printed address.
 */
export interface TokenScope {
  location: { search: string; pathname?: string; hash?: string };
  sessionStorage?: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  history?: Pick<History, 'replaceState' | 'state'> | undefined;
}

const KEY = 'colorchanger.bridgeToken';

export function takePageToken(scope: TokenScope): string {
  const params = new URLSearchParams(scope.location.search);
  const fromAddress = params.get('token');
  if (fromAddress === null) return readStored(scope) ?? '';
  try {
    scope.sessionStorage?.setItem(KEY, fromAddress);
  } catch {
    // Storage refused (a private mode): the token still works for this page's life.
  }
  params.delete('token');
  const search = params.toString();
  scope.history?.replaceState(scope.history.state, '', `${scope.location.pathname ?? '/'}${search ? `?${search}` : ''}${scope.location.hash ?? ''}`);
  return fromAddress;
}

function readStored(scope: TokenScope): string | null {
  try {
    return scope.sessionStorage?.getItem(KEY) ?? null;
  } catch {
    return null;
  }
}
