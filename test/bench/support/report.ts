import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MachineInfo } from './proc.js';

export interface Target {
  op: '>=' | '<=';
  value: number;
}

/** One number of the table. Rows without a target are context for the ones with one. */
export interface Row {
  id: string;
  measurement: string;
  value: number;
  unit: string;
  target?: Target;
}

export function meets(row: Row): boolean | undefined {
  if (!row.target || !Number.isFinite(row.value)) return row.target ? false : undefined;
  return row.target.op === '>=' ? row.value >= row.target.value : row.value <= row.target.value;
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return String(Math.round(value * 100) / 100);
}

/** A plain-text table; the same lines go into the README section. */
export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map((row) => {
    const verdict = meets(row);
    return [
      row.id,
      row.measurement,
      `${formatValue(row.value)} ${row.unit}`,
      row.target ? `${row.target.op} ${formatValue(row.target.value)} ${row.unit}` : '',
      verdict === undefined ? '' : verdict ? 'met' : 'MISSED',
    ];
  });
  const header = ['#', 'measurement', 'value', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: string[]): string => `| ${c.map((v, i) => v.padEnd(widths[i] as number)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

export interface BenchReport {
  startedAt: string;
  durationSeconds: number;
  machine: MachineInfo;
  rows: Row[];
  details: Record<string, unknown>;
}

export function writeReport(path: string, report: BenchReport): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}
