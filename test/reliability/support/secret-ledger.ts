import { inspect } from 'node:util';
import type { HttpRequest, HttpResponse } from '../../../src-core/twitch/http/http-client.js';

/** Fields of Twitch's OAuth traffic whose values are secrets (R34). */
const SECRET_FIELDS = ['access_token', 'refresh_token', 'client_secret', 'device_code'] as const;

/**
 * Every secret that crossed the wire in a test: tokens, refresh tokens, client secrets and
 * device codes, read from the requests and answers of the core's HTTP client. A test then
 * proves none of them shows up anywhere it may not (logs, events, IPC, errors, output).
 */
export class SecretLedger {
  readonly #values = new Set<string>();

  get size(): number {
    return this.#values.size;
  }

  add(value: unknown): void {
    // Short strings would match ordinary text; every real secret here is long.
    if (typeof value === 'string' && value.length >= 16) this.#values.add(value);
  }

  fromRequest(req: HttpRequest): void {
    const auth = req.headers?.authorization ?? req.headers?.Authorization;
    if (auth) this.add(auth.replace(/^(Bearer|OAuth)\s+/i, ''));
    if (typeof req.body === 'string' && req.body.includes('=') && !req.body.trimStart().startsWith('{')) {
      const form = new URLSearchParams(req.body);
      for (const field of SECRET_FIELDS) this.add(form.get(field) ?? undefined);
    }
    const url = typeof req.url === 'string' ? new URL(req.url) : req.url;
    for (const field of SECRET_FIELDS) this.add(url.searchParams.get(field) ?? undefined);
  }

  fromResponse(res: HttpResponse): void {
    const body = res.body;
    if (body === null || typeof body !== 'object') return;
    for (const field of SECRET_FIELDS) this.add((body as Record<string, unknown>)[field]);
  }

  /**
   * The secrets found in `material` (strings as they are, anything else as JSON and as
   * util.inspect shows it), described without printing them: "refresh token abcd… (50)".
   */
  leaksIn(material: unknown): string[] {
    const text = typeof material === 'string' ? material : `${safeJson(material)}\n${inspect(material, { depth: 8 })}`;
    const found: string[] = [];
    for (const secret of this.#values) if (text.includes(secret)) found.push(`${secret.slice(0, 4)}… (${secret.length} chars)`);
    return found;
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, inner: unknown) => (inner instanceof Error ? { name: inner.name, message: inner.message, stack: inner.stack } : inner)) ?? '';
  } catch {
    return '';
  }
}
