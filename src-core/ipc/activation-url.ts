/**
 * The only URLs a UI may make the host open in the system browser: Twitch's activation page
 * (the device-code login's verification_uri, e.g. https://www.twitch.tv/activate?public=true
 * &device-code=ABCDEFGH), or a plain http URL on a loopback address, which is where the fake
 * Twitch of the tests and of a local setup serves it. Anything else (other hosts, other
 * schemes, credentials in the URL, look-alike hosts) is refused.
 */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isAllowedActivationUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') {
    return url.hostname === 'www.twitch.tv' && url.port === '' && /^\/activate\/?$/.test(url.pathname);
  }
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

/** Where users register their Twitch application and find its Client ID (the first-run and settings screens link to it). */
export const DEVELOPER_CONSOLE_URL = 'https://dev.twitch.tv/console/apps';

/** The links the UI may open in the system browser: the activation page and the developer console. */
export function isAllowedExternalUrl(raw: string): boolean {
  if (isAllowedActivationUrl(raw)) return true;
  try {
    const url = new URL(raw);
    return url.href === DEVELOPER_CONSOLE_URL && !url.username && !url.password;
  } catch {
    return false;
  }
}
