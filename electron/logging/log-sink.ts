import type { LogRecord, LogSink, SecretRegistry } from '../../src-core/runtime/logger.js';
import { redactValue } from '../../src-core/runtime/logger.js';

/**
 * electron-log behind the core's LogSink port. The core's logger already redacts what it
 * writes; the hook below redacts again inside electron-log, so lines that bypass the port
 * (uncaught errors caught by electron-log, a library logging through it) are masked too
 * (R34). Only the shapes used here are required, so tests pass a recording fake.
 */
export type ElectronLogLevel = 'error' | 'warn' | 'info' | 'verbose' | 'debug' | 'silly';

export interface ElectronLogMessage {
  data: unknown[];
  level: ElectronLogLevel;
  date: Date;
}

export type ElectronLogHook = (message: ElectronLogMessage, transport?: unknown, transportName?: string) => ElectronLogMessage | false;

export interface ElectronLogFunctions {
  error(...params: unknown[]): void;
  warn(...params: unknown[]): void;
  info(...params: unknown[]): void;
  debug(...params: unknown[]): void;
}

export function electronLogSink(log: ElectronLogFunctions): LogSink {
  return {
    write(record: LogRecord): void {
      const fields = Object.keys(record.fields).length > 0 ? ` ${safeJson(record.fields)}` : '';
      log[record.level](`[${record.event}] ${record.message}${fields}`);
    },
  };
}

export function redactionHook(secrets: SecretRegistry): ElectronLogHook {
  return (message) => ({ ...message, data: message.data.map((item) => redactValue(item, secrets)) });
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner));
  } catch {
    return '(fields not serializable)';
  }
}
