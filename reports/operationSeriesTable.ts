import { createRequire } from 'node:module';
import type * as CsvParse from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { InputError } from '../input/inputError.js';
import type { OperationSeries } from '../sim/metrics/operationSeries.js';

/** One operation's latency over time, as `timeseries-by-operation.csv` holds it (NaN: no 2xx answer). */
export interface OperationColumns {
  completedRps: number[];
  p50Ms: number[];
  p95Ms: number[];
  p99Ms: number[];
}

/** Per-operation latency over time: the same intervals as `timeseries.csv`, one entry per operation. */
export interface OperationTable {
  tSeconds: number[];
  /** In the scenario's order of operations. */
  operations: Array<{ name: string } & OperationColumns>;
}

const HEADER = ['t_s', 'operation', 'completed_rps', 'latency_p50_ms', 'latency_p95_ms', 'latency_p99_ms'];

/** Long-format CSV (one row per interval and operation), interval-major, operations in scenario order. */
export function operationTableCsv(t: OperationTable): string {
  const rows: (string | number)[][] = [HEADER];
  const cell = (v: number) => (Number.isNaN(v) ? '' : v);
  t.tSeconds.forEach((ts, r) => {
    for (const op of t.operations) rows.push([ts, op.name, cell(op.completedRps[r] as number), cell(op.p50Ms[r] as number), cell(op.p95Ms[r] as number), cell(op.p99Ms[r] as number)]);
  });
  return stringify(rows);
}

/**
 * Read `timeseries-by-operation.csv` text.
 * @throws InputError naming `file` (and the line) when the header or a cell is not what capsim writes.
 */
export function parseOperationSeriesCsv(text: string, file: string): OperationTable {
  // The CSV parser is loaded when a folder is read back, not by every command that writes one.
  const { parse } = createRequire(import.meta.url)('csv-parse/sync') as typeof CsvParse;
  const rows = parse(text, { skip_empty_lines: true }) as string[][];
  if ((rows[0] ?? []).join(',') !== HEADER.join(',')) throw new InputError(`expected the header ${HEADER.join(',')}`, file, undefined, 1);
  const tSeconds: number[] = [];
  const byName = new Map<string, { name: string } & OperationColumns>();
  rows.slice(1).forEach((row, i) => {
    const line = i + 2;
    const t = cell(row[0], file, line, 't_s');
    if (tSeconds.at(-1) !== t) tSeconds.push(t);
    const name = row[1] ?? '';
    let op = byName.get(name);
    if (op === undefined) byName.set(name, (op = { name, completedRps: [], p50Ms: [], p95Ms: [], p99Ms: [] }));
    op.completedRps.push(cell(row[2], file, line, 'completed_rps'));
    op.p50Ms.push(cell(row[3], file, line, 'latency_p50_ms'));
    op.p95Ms.push(cell(row[4], file, line, 'latency_p95_ms'));
    op.p99Ms.push(cell(row[5], file, line, 'latency_p99_ms'));
  });
  for (const op of byName.values())
    if (op.p50Ms.length !== tSeconds.length) throw new InputError(`expected one row per interval for operation "${op.name}" (${tSeconds.length}), got ${op.p50Ms.length}`, file);
  return { tSeconds, operations: [...byName.values()] };
}

/** The table of a simulated run, rounded as its CSV is, so a run folder read back gives the same record. */
export function operationTableOf(s: OperationSeries): OperationTable {
  const seconds = s.intervalMs / 1000;
  const col = (a: Float64Array | undefined, scale = 1) => Array.from(a ?? [], (v) => round(v * scale));
  return {
    tSeconds: Array.from({ length: s.rows }, (_, r) => round((r * s.intervalMs) / 1000)),
    operations: s.names.map((name, op) => ({ name, completedRps: col(s.completed[op], 1 / seconds), p50Ms: col(s.p50[op]), p95Ms: col(s.p95[op]), p99Ms: col(s.p99[op]) })),
  };
}

function cell(text: string | undefined, file: string, line: number, column: string): number {
  if (text === undefined || text === '') return NaN;
  const v = Number(text);
  if (!Number.isFinite(v)) throw new InputError(`expected a number, got "${text}"`, file, column, line);
  return v;
}

/** Six significant decimals: stable text without float noise. */
function round(v: number): number {
  return Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : v;
}
