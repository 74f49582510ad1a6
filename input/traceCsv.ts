import { parse } from 'csv-parse/sync';
import type { TraceRow } from '../scenarios/traceReplay.js';
import { InputError } from './inputError.js';
import { readTextFile } from './readText.js';

/**
 * Read a traffic trace CSV: a header `timestamp,requests`, then one row per time bucket. The
 * timestamp is RFC 3339 (`2026-03-10T00:05:00Z`) or Unix seconds (`1773100800`); requests is
 * the number of requests counted from that time to the next row's. Lines starting with `#` are
 * comments. Rows must be sorted by time with no duplicates: a trace is not reordered silently,
 * since an unsorted file usually means a broken export.
 * @throws InputError naming the file, the line and the column (`column 2 (requests)`).
 * @example readTraceCsv('scenarios/traces/synthetic-weekday.csv')[0] // { timeS: 1773100800, count: 79200 }
 */
export function readTraceCsv(file: string): TraceRow[] {
  const text = readTextFile(file);
  return parseTraceCsv(text, file);
}

const COLUMNS = ['timestamp', 'requests'] as const;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const UNIX = /^\d+(\.\d+)?$/;

/** Parse trace CSV text that came from `file` (for the messages). */
export function parseTraceCsv(text: string, file: string): TraceRow[] {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { info: true, comment: '#', skip_empty_lines: true, trim: true, relax_column_count: true }) as unknown as typeof records;
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new InputError(`not a valid CSV: ${(e as Error).message}`, file, undefined, line);
  }
  const [header, ...body] = records;
  if (header === undefined) throw new InputError('expected a header `timestamp,requests` and at least two rows, got an empty file', file);
  if (header.record.map((h) => h.toLowerCase()).join(',') !== COLUMNS.join(','))
    throw new InputError(`expected the header \`timestamp,requests\`, got \`${header.record.join(',')}\``, file, undefined, header.info.lines);
  if (body.length < 2) throw new InputError(`expected at least two rows (a bucket's width is the time to the next row), got ${body.length}`, file);
  const rows: TraceRow[] = [];
  for (const { record, info } of body) {
    const line = info.lines;
    if (record.length !== 2) throw new InputError(`expected 2 columns (timestamp,requests), got ${record.length}`, file, undefined, line);
    const timeS = parseTimestamp(record[0] as string, file, line);
    const count = parseCount(record[1] as string, file, line);
    const prev = rows[rows.length - 1];
    if (prev !== undefined && timeS <= prev.timeS)
      throw new InputError(`expected rows sorted by time with no duplicates: ${record[0]} is ${timeS === prev.timeS ? 'the same as' : 'before'} the previous row's timestamp`, file, column(1), line);
    rows.push({ timeS, count });
  }
  return rows;
}

function parseTimestamp(cell: string, file: string, line: number): number {
  if (UNIX.test(cell)) return Number(cell);
  const ms = RFC3339.test(cell) ? Date.parse(cell) : NaN;
  if (Number.isNaN(ms)) throw new InputError(`expected an RFC 3339 timestamp (2026-03-10T00:05:00Z) or Unix seconds, got "${cell}"`, file, column(1), line);
  return ms / 1000;
}

function parseCount(cell: string, file: string, line: number): number {
  const n = cell === '' ? NaN : Number(cell);
  if (!Number.isFinite(n)) throw new InputError(`expected a number of requests, got "${cell}"`, file, column(2), line);
  if (n < 0) throw new InputError(`expected a number of requests >= 0, got ${cell}`, file, column(2), line);
  return n;
}

function column(i: 1 | 2): string {
  return `column ${i} (${COLUMNS[i - 1]})`;
}
