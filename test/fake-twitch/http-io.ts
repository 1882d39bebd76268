import { STATUS_CODES } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestEntry } from './log.js';

/** One request as the route handlers see it. */
export interface HttpContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  path: string;
  query: URLSearchParams;
  /** The log entry; handlers fill in clientId/userId/grantType. */
  entry: RequestEntry;
}

export type Headers = Record<string, string | number>;

const MAX_BODY = 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/**
 * OAuth endpoints take form fields (urlencoded or multipart, TWITCH.md §1) and, like
 * Twitch, also query parameters; a body field wins over a query field of the same name.
 */
export async function readFormFields(ctx: HttpContext): Promise<Map<string, string>> {
  const fields = new Map<string, string>();
  for (const [key, value] of ctx.query) fields.set(key, value);
  const body = await readBody(ctx.req);
  const type = ctx.req.headers['content-type'] ?? '';
  if (body.length === 0) return fields;
  if (type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return fields; // like a form with no fields: the endpoint then names what is missing
    }
    if (parsed && typeof parsed === 'object') {
      for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') fields.set(key, value);
    }
    return fields;
  }
  if (type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded')) {
    // The platform's Request parses both encodings, so no hand-written multipart parser.
    const form = await new Request('http://fake.invalid/', { method: 'POST', headers: { 'content-type': type }, body }).formData();
    for (const [key, value] of form) if (typeof value === 'string') fields.set(key, value);
    return fields;
  }
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) fields.set(key, value);
  return fields;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Headers = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Headers = {}): void {
  res.writeHead(status, { ...headers, 'Content-Length': 0 });
  res.end();
}

/** Twitch OAuth (id.twitch.tv) error: `{"status":400,"message":"..."}`. */
export function sendOAuthError(res: ServerResponse, error: { status: number; message: string }): void {
  sendJson(res, error.status, { status: error.status, message: error.message });
}

/** Helix error: `{"error":"Unauthorized","status":401,"message":"..."}`. */
export function sendHelixError(res: ServerResponse, status: number, message: string, headers: Headers = {}): void {
  sendJson(res, status, { error: STATUS_CODES[status] ?? 'Error', status, message }, headers);
}

/** `Authorization: Bearer x` or `OAuth x` (validate accepts both). */
export function bearerToken(req: IncomingMessage, schemes: readonly string[] = ['bearer']): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const space = header.indexOf(' ');
  if (space < 0) return undefined;
  const scheme = header.slice(0, space).toLowerCase();
  return schemes.includes(scheme) ? header.slice(space + 1).trim() : undefined;
}
