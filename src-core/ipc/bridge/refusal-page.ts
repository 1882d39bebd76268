import { createHash } from 'node:crypto';
import type { RefusalReason } from './access.js';

/**
 * The page a browser gets when the bridge refuses it (no or wrong token, a host name other
 * than 127.0.0.1 or localhost): what happened and what to do, in the app's own look. It
 * cannot load the app's style sheets (they are behind the same token), so its style is
 * inline and allowed by its hash alone; no script, no image, nothing else.
 */
const STYLE = `
:root { color-scheme: light dark; --bg: #f4f4f6; --surface: #fff; --text: #1d1d22; --muted: #55555f; --border: rgb(0 0 0 / .09); --accent: #6b2fd6; }
@media (prefers-color-scheme: dark) { :root { --bg: #18181b; --surface: #242428; --text: #ededf0; --muted: #b4b4bd; --border: rgb(255 255 255 / .08); --accent: #b48cff; } }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: var(--bg); color: var(--text); font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, Ubuntu, sans-serif; }
main { max-width: 520px; margin: 24px; padding: 28px 32px; background: var(--surface); border: 1px solid var(--border); border-radius: 12px; box-shadow: 0 12px 40px rgb(0 0 0 / .12); }
.brand { display: flex; align-items: center; gap: 10px; font-weight: 650; color: var(--muted); }
.mark { width: 22px; height: 22px; border-radius: 50%; background: conic-gradient(from 200deg, #ff4f6d, #ffb545, #6be38a, #3fb7ff, #9146ff, #ff4f6d); }
h1 { font-size: 21px; margin: 18px 0 8px; }
p { margin: 8px 0; }
code { font: 13px ui-monospace, 'DejaVu Sans Mono', Menlo, monospace; padding: 1px 5px; border-radius: 5px; border: 1px solid var(--border); overflow-wrap: anywhere; }
strong { color: var(--accent); }
`;

export const REFUSAL_STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/** The CSP of the refusal page: its own inline style, nothing else at all. */
export const REFUSAL_PAGE_CSP = `default-src 'none'; style-src ${REFUSAL_STYLE_HASH}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function refusalPage(reason: RefusalReason, addresses: readonly string[]): string {
  const where = addresses.map((address) => `<code>${escape(address)}</code>`).join(' or ');
  const [title, ...lines] =
    reason === 'bad_host'
      ? [
          'Open ColorChanger by its own address',
          `This address is not one ColorChanger answers to. Open it at ${where}, with the token it printed.`,
        ]
      : reason === 'bad_origin' || reason === 'missing_origin'
        ? ['Another page tried to use ColorChanger', 'ColorChanger only answers its own page. Open the address it printed, with its token.']
        : [
            'This page needs ColorChanger’s access token',
            `Open the address ColorChanger printed when it started: it begins with ${where} and ends in <code>?token=…</code>.`,
            'Lost it, or restarted the app? Each start prints a new address: run <code>twitch-colorchanger run --ui-port PORT</code> again and open the address it prints.',
          ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title ?? '')} · Twitch ColorChanger</title><style>${STYLE}</style></head><body><main><div class="brand"><span class="mark" aria-hidden="true"></span>Twitch ColorChanger</div><h1>${escape(title ?? '')}</h1>${lines.map((line) => `<p>${line}</p>`).join('')}</main></body></html>`;
}
