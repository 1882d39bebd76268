import { describeError } from '../../src-core/runtime/errors.js';

const MAX_REASON = 160;

/**
 * An update failure in words for the Settings page. electron-updater's errors carry the
 * HTTP status, response headers and a stack in their message; the user gets the gist
 * (the log keeps the whole error).
 */
export function updateFailureText(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const status = typeof error === 'object' && error !== null ? (error as { statusCode?: unknown }).statusCode : undefined;
  if (typeof status === 'number') return status === 404 ? 'the update feed was not found (HTTP 404)' : `the update server answered HTTP ${status}`;
  if (code === 'ERR_CHECKSUM_MISMATCH') return 'the downloaded file was damaged (checksum mismatch)';
  if (code === 'ERR_UPDATER_INVALID_SIGNATURE') return 'the new version is not signed by the app’s publisher';
  if (code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND') return 'the update feed has no file for this system';
  if (code === 'ERR_UPDATER_INVALID_UPDATE_INFO' || code === 'ERR_UPDATER_INVALID_VERSION') return 'the update feed could not be read';
  const text = describeError(error);
  if (/ERR_INTERNET_DISCONNECTED|ERR_NAME_NOT_RESOLVED|ENOTFOUND|EAI_AGAIN|ERR_CONNECTION_REFUSED|ECONNREFUSED|ERR_NETWORK_CHANGED/.test(text)) {
    return 'the update server could not be reached (offline?)';
  }
  const firstLine = text.split('\n')[0] ?? text;
  return firstLine.length > MAX_REASON ? `${firstLine.slice(0, MAX_REASON - 1)}…` : firstLine;
}
