import type { ErrorSlot } from '../action.js';
import type { Host } from '../context.js';
import { h } from '../dom.js';
import { copyButton, externalLink } from './external-link.js';

/** Where a Twitch application is registered and its Client ID found. */
export const CONSOLE_URL = 'https://dev.twitch.tv/console/apps';

/** The developer console's address: a link that opens it, and Copy that says "Copied". */
export function consoleLinkRow(host: Host, error: ErrorSlot): HTMLElement {
  const link = externalLink(CONSOLE_URL, 'dev.twitch.tv/console/apps', { host, label: 'Open the Twitch developer console (dev.twitch.tv/console/apps)' });
  link.classList.add('url-link');
  const copy = copyButton(() => CONSOLE_URL, 'Copy the address of the Twitch developer console', (message) => error.show(message));
  return h('div', { class: 'url-row' }, link, copy);
}
