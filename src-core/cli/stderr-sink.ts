import type { LogRecord, LogSink } from '../runtime/logger.js';

export type LogFormat = 'text' | 'json';

/**
 * Logs go to stderr (data goes to stdout). JSON is one object per line with time, level,
 * account, event and message; the core's logger has already redacted secrets.
 */
export function stderrSink(format: LogFormat, write: (line: string) => void = (line) => process.stderr.write(line)): LogSink {
  return {
    write(record: LogRecord) {
      write(`${format === 'json' ? jsonLine(record) : textLine(record)}\n`);
    },
  };
}

function jsonLine(record: LogRecord): string {
  const { account, ...fields } = record.fields;
  return JSON.stringify({
    time: new Date(record.time).toISOString(),
    level: record.level,
    account: typeof account === 'string' ? account : null,
    event: record.event,
    message: record.message,
    ...fields,
  });
}

function textLine(record: LogRecord): string {
  const { account, component: _component, ...fields } = record.fields;
  const who = typeof account === 'string' ? ` [${account}]` : '';
  const extra = Object.entries(fields)
    .filter(([, value]) => value !== undefined && !(value instanceof Object && !Array.isArray(value)))
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`)
    .join(' ');
  return `${new Date(record.time).toISOString()} ${record.level.toUpperCase().padEnd(5)}${who} ${record.message}${extra ? ` (${extra})` : ''}`;
}
