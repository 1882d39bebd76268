/**
 * The logging port. The app backs it with electron-log, the headless CLI with a stderr
 * writer; tests capture lines. Every line carries an `event` name and context fields
 * (account, channel, operation, status) so a fault can be traced (R30). Secrets are
 * redacted here, at the port, so no adapter can forget (R34).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, unknown>;

export interface LogRecord {
  time: number;
  level: LogLevel;
  event: string;
  message: string;
  fields: LogFields;
}

export interface LogSink {
  write(record: LogRecord): void;
}

export interface Logger {
  debug(event: string, message: string, fields?: LogFields): void;
  info(event: string, message: string, fields?: LogFields): void;
  warn(event: string, message: string, fields?: LogFields): void;
  error(event: string, message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. `{ account: 'login' }`). */
  child(fields: LogFields): Logger;
}

const SECRET_KEY = /token|secret|password|device_?code|authorization|cookie/i;
const BEARER = /\b(Bearer|OAuth)\s+[A-Za-z0-9._~+/=-]+/g;
const REDACTED = '[redacted]';

/** Secret values registered at run time (tokens we hold) are masked wherever they appear. */
export class SecretRegistry {
  readonly #secrets = new Set<string>();

  add(secret: string | undefined | null): void {
    // Very short strings would mask ordinary words; real tokens are long.
    if (secret && secret.length >= 8) this.#secrets.add(secret);
  }

  delete(secret: string | undefined | null): void {
    if (secret) this.#secrets.delete(secret);
  }

  get size(): number {
    return this.#secrets.size;
  }

  mask(text: string): string {
    let out = text.replace(BEARER, `$1 ${REDACTED}`);
    for (const secret of this.#secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  }
}

export function redactValue(value: unknown, secrets: SecretRegistry, depth = 0): unknown {
  if (typeof value === 'string') return secrets.mask(value);
  if (value instanceof Error) {
    return { name: value.name, message: secrets.mask(value.message), stack: value.stack && secrets.mask(value.stack) };
  }
  if (value === null || typeof value !== 'object' || depth > 4) return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? REDACTED : redactValue(inner, secrets, depth + 1);
  }
  return out;
}

export function createLogger(
  sink: LogSink,
  options: { secrets?: SecretRegistry; fields?: LogFields; now?: () => number; minLevel?: LogLevel } = {},
): Logger {
  const secrets = options.secrets ?? new SecretRegistry();
  const base = options.fields ?? {};
  const now = options.now ?? Date.now;
  const minRank = LEVEL_RANK[options.minLevel ?? 'debug'];
  const write = (level: LogLevel, event: string, message: string, fields: LogFields = {}): void => {
    if (LEVEL_RANK[level] < minRank) return;
    const record: LogRecord = {
      time: now(),
      level,
      event,
      message: secrets.mask(message),
      fields: redactValue({ ...base, ...fields }, secrets) as LogFields,
    };
    try {
      sink.write(record);
    } catch {
      // A broken log sink must never take the bot down with it; there is nowhere to report.
    }
  };
  return {
    debug: (event, message, fields) => write('debug', event, message, fields),
    info: (event, message, fields) => write('info', event, message, fields),
    warn: (event, message, fields) => write('warn', event, message, fields),
    error: (event, message, fields) => write('error', event, message, fields),
    child: (fields) => createLogger(sink, { ...options, secrets, fields: { ...base, ...fields } }),
  };
}

const LEVEL_RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** A sink that keeps the newest `limit` records in memory (tests, the UI's recent-log view). */
export class MemoryLogSink implements LogSink {
  readonly records: LogRecord[] = [];
  constructor(readonly limit = 10_000) {}
  write(record: LogRecord): void {
    this.records.push(record);
    if (this.records.length > this.limit) this.records.splice(0, this.records.length - this.limit);
  }
}

export const silentSink: LogSink = { write: () => {} };
