import { parse } from 'csv-parse/sync';
import { InputError } from '../input/inputError.js';
import { excerpt } from '../input/oneLine.js';
import { cpuMillicores, memoryBytes } from './quantity.js';
import type { OomEvent, UsageSample } from '../sim/autoscaling/vpa/index.js';

/**
 * Readers for the `capsim vpa recommend` inputs: container usage and OOM events as CSV, in the
 * shape of a Prometheus export (`rate(container_cpu_usage_seconds_total[..])` in cores,
 * `container_memory_working_set_bytes` in bytes). Rows come back sorted by time (stable); the
 * recommender's own rules then drop what it would drop (CPU samples not newer than the previous
 * one, memory samples older than the previous one).
 */

/** Accepted header names (first match wins) for each field. */
const USAGE_COLUMNS = {
  time: ['time', 'timestamp'],
  pod: ['pod'],
  container: ['container'],
  cpu: ['cpu_cores', 'cpu'],
  memory: ['memory_bytes', 'memory'],
} as const;

const OOM_COLUMNS = {
  time: ['time', 'timestamp'],
  pod: ['pod'],
  container: ['container'],
  memory: ['memory_bytes', 'memory'],
} as const;

/**
 * Usage CSV (`time,pod,container,cpu_cores,memory_bytes`; also `timestamp`, `cpu`, `memory`).
 * time: RFC3339 or unix seconds; cpu: cores (`0.25`) or a quantity (`250m`), rounded up to
 * millicores as `MilliValue()`; memory: bytes or a quantity (`256Mi`). An empty cpu or memory
 * cell means "no sample of that resource in this row".
 * @throws InputError naming file, line and column for a bad header or cell.
 * @example readUsageCsv('time,pod,container,cpu_cores,memory_bytes\n2026-01-05T00:00:00Z,api-1,api,0.25,268435456\n', 'usage.csv')
 *   // [{ atMs: 1767571200000, pod: 'api-1', container: 'api', cpu: 250, memory: 268435456 }]
 */
export function readUsageCsv(text: string, file: string): UsageSample[] {
  const rows = csvRows(text, file);
  const col = columnsOf(rows.header, USAGE_COLUMNS, ['time', 'pod', 'container'], file);
  if (col.cpu === undefined && col.memory === undefined) {
    throw new InputError('expected a cpu_cores (or cpu) and/or memory_bytes (or memory) column', file, undefined, 1);
  }
  const out = rows.records.map(({ record, line }): UsageSample => {
    const cell = (c: string | undefined): string => (c === undefined ? '' : (record[c] ?? ''));
    const cpuText = cell(col.cpu);
    const memText = cell(col.memory);
    return {
      atMs: parseTime(cell(col.time), file, line, col.time as string),
      pod: required(cell(col.pod), file, line, col.pod as string),
      container: required(cell(col.container), file, line, col.container as string),
      ...(cpuText !== '' ? { cpu: nonNegative(cpuText, file, line, col.cpu as string, cpuMillicores) } : {}),
      ...(memText !== '' ? { memory: nonNegative(memText, file, line, col.memory as string, memoryBytes) } : {}),
    };
  });
  return stableSortByTime(out);
}

/**
 * OOM events CSV (`time,pod,container,memory_bytes`): memory is the container's memory request
 * when it was killed (what the VPA's OOM observer records).
 * @throws InputError naming file, line and column.
 */
export function readOomCsv(text: string, file: string): OomEvent[] {
  const rows = csvRows(text, file);
  const col = columnsOf(rows.header, OOM_COLUMNS, ['time', 'pod', 'container', 'memory'], file);
  const out = rows.records.map(({ record, line }): OomEvent => ({
    atMs: parseTime(record[col.time as string] ?? '', file, line, col.time as string),
    pod: required(record[col.pod as string] ?? '', file, line, col.pod as string),
    container: required(record[col.container as string] ?? '', file, line, col.container as string),
    requestedMemory: nonNegative(record[col.memory as string] ?? '', file, line, col.memory as string, memoryBytes),
  }));
  return stableSortByTime(out);
}

/**
 * RFC3339 (`2026-01-05T10:00:00Z`, offsets and fractions allowed) or unix seconds (`1767607200`,
 * `1767607200.5`) → epoch ms.
 * @throws InputError otherwise.
 */
export function parseTime(text: string, file: string, line: number, column: string): number {
  let ms = Number.NaN;
  if (/^\d+(\.\d+)?$/.test(text)) ms = Math.round(Number(text) * 1000);
  else if (/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(text)) ms = strictDate(text.replace(' ', 'T'));
  if (!Number.isFinite(ms)) throw new InputError(`expected an RFC3339 time (2026-01-05T10:00:00Z) or unix seconds, got ${excerpt(text)}`, file, column, line);
  if (ms < 0 || ms > LATEST_MS) {
    const hint = /^\d{13,}$/.test(text) ? ' (unix milliseconds? give seconds)' : '';
    throw new InputError(`expected a time between 1970 and 9999, got ${excerpt(text)}${hint}`, file, column, line);
  }
  return ms;
}

/** 9999-12-31T23:59:59Z: the last time RFC 3339 (and the recommendation's timestamp) can show. */
const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

// Date.parse rolls "2026-02-30" over to March; a day or hour out of range is refused instead.
function strictDate(text: string): number {
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) return Number.NaN;
  const [y, mo, d, h, mi, s] = text.split(/[-T:.Zz+]/).map(Number);
  const back = new Date(Date.UTC(y as number, (mo as number) - 1, d as number, h as number, mi as number, s as number));
  return back.getUTCDate() === d && back.getUTCMonth() === (mo as number) - 1 && (h as number) < 24 && (mi as number) < 60 && (s as number) < 60 ? ms : Number.NaN;
}

interface Rows {
  header: string[];
  records: { record: Record<string, string>; line: number }[];
}

function csvRows(text: string, file: string): Rows {
  let parsed: { record: Record<string, string>; info: { lines: number; columns?: { name: string }[] } }[];
  try {
    parsed = parse(text, { columns: true, skip_empty_lines: true, trim: true, info: true, bom: true });
  } catch (e) {
    const err = e as { message: string; lines?: number };
    throw new InputError(`not valid CSV: ${err.message.split('\n')[0]}`, file, undefined, err.lines);
  }
  const header = parsed[0]?.info.columns?.map((c) => c.name) ?? headerOf(text);
  return { header, records: parsed.map((p) => ({ record: p.record, line: p.info.lines })) };
}

function headerOf(text: string): string[] {
  return (text.split(/\r?\n/, 1)[0] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function columnsOf<K extends string>(
  header: string[],
  names: Record<K, readonly string[]>,
  requiredKeys: readonly NoInfer<K>[],
  file: string,
): Partial<Record<K, string>> {
  const lower = new Map(header.map((h) => [h.toLowerCase(), h]));
  const out: Partial<Record<K, string>> = {};
  for (const key of Object.keys(names) as K[]) {
    const found = names[key].map((n) => lower.get(n)).find((h) => h !== undefined);
    if (found !== undefined) out[key] = found;
    else if (requiredKeys.includes(key)) {
      throw new InputError(`missing column ${names[key].join(' (or ')}${names[key].length > 1 ? ')' : ''}; header is "${header.join(',')}"`, file, undefined, 1);
    }
  }
  return out;
}

function required(v: string, file: string, line: number, column: string): string {
  if (v === '') throw new InputError('expected a value, got an empty cell', file, column, line);
  return v;
}

function nonNegative(text: string, file: string, line: number, column: string, parseQ: (t: string, field?: string, file?: string) => number): number {
  let v: number;
  try {
    v = parseQ(text, column, file);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`expected a number or quantity, got "${text}"`, file, column, line);
    throw e;
  }
  if (!Number.isFinite(v) || v < 0) throw new InputError(`expected a non-negative value, got "${text}"`, file, column, line);
  return v;
}

function stableSortByTime<T extends { atMs: number }>(rows: T[]): T[] {
  return rows.map((r, i) => [r, i] as const).sort((a, b) => a[0].atMs - b[0].atMs || a[1] - b[1]).map(([r]) => r);
}
