import type { Host } from '../context.js';
import { button } from '../controls.js';
import { h, icon, setText } from '../dom.js';

/**
 * A link that leaves the app: an ordinary link opening a new tab (`rel="noopener
 * noreferrer"`: the new page gets no handle on ours and no referrer, which carries the
 * bridge's address). In the desktop app the same link reaches the main process's window-open
 * handler, which opens only allow-listed Twitch addresses in the system browser.
 */
export function externalLink(href: string, text: string, options: { kind?: 'primary' | 'plain' | 'text'; host: Host; label?: string } = { host: 'browser' }): HTMLAnchorElement {
  const kind = options.kind ?? 'text';
  const link = h(
    'a',
    { href, target: '_blank', rel: 'noopener noreferrer', class: kind === 'text' ? 'link' : `btn btn-${kind}` },
    kind === 'text' ? null : icon('external'),
    h('span', {}, text),
  );
  link.title = options.host === 'desktop' ? `Opens ${href} in your browser` : `Opens ${href} in a new tab`;
  if (options.label) link.setAttribute('aria-label', options.label);
  return link;
}

/**
 * "Copy", which says "Copied" for a moment once the text is on the clipboard, and in words
 * when the browser does not allow copying.
 */
export function copyButton(text: () => string, label: string, onError: (message: string) => void): HTMLButtonElement {
  const copy = button('Copy', { icon: icon('copy'), label });
  copy.classList.add('copy-button');
  const caption = copy.querySelector('span');
  let timer: ReturnType<typeof setTimeout> | undefined;
  copy.addEventListener('click', () => {
    void (async () => {
      try {
        await navigator.clipboard.writeText(text());
      } catch {
        onError('Copying is not allowed here. Select the text and copy it by hand.');
        return;
      }
      if (caption) setText(caption, 'Copied');
      copy.setAttribute('aria-label', `${label}: copied`);
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (caption) setText(caption, 'Copy');
        copy.setAttribute('aria-label', label);
      }, 2000);
    })();
  });
  return copy;
}
