import { parse, type InfoRecord } from 'csv-parse';
import { InputError } from '../../input/inputError.js';
import { readLineBatches, type ByteProgress } from './lines.js';
import { csvTimeToMs } from './timestamp.js';
import { timeOrderCheck } from './timeOrder.js';
import { builtinDecl } from './builtinMetrics.js';
import type { ReadCounts, SampleHandler, Tags } from './samples.js';
import type { WarnFn } from './warnings.js';

const EXPECTED = 'expected k6 `--out csv` output starting with the header metric_name,timestamp,metric_value,...';

/** Column positions found in the header (tag columns sit between metric_value and extra_tags). */
interface Layout {
  readonly name: number;
  readonly time: number;
  readonly value: number;
  readonly tagColumns: readonly (readonly [number, string])[];
  readonly extraTags: number;
  readonly metadata: number;
  /** Columns of the header: every row k6 writes has exactly as many. */
  readonly width: number;
}

/**
 * Stream a k6 `--out csv` file (plain or gzip) into `handler`. Timestamps may use any k6
 * `timeFormat` (default whole unix seconds); empty tag cells mean "tag absent"; `extra_tags`
 * and `metadata` are `k=v&k2=v2`. CSV has no Metric declarations, so built-in metrics are
 * declared from builtinMetrics.ts before their first point, and custom ones as trends (warned).
 * @throws InputError when the header is not k6's.
 * @example await readCsv('k6.csv.gz', store, warn)
 */
export async function readCsv(file: string, handler: SampleHandler, warn: WarnFn, onBytes?: ByteProgress): Promise<ReadCounts> {
  const skipped: Record<string, number> = {};
  const declared = new Set<string>();
  const order = timeOrderCheck(file, warn);
  let layout: Layout | undefined;
  let points = 0;
  let failure: Error | undefined;
  const skip = (reason: string): void => void (skipped[reason] = (skipped[reason] ?? 0) + 1);
  const onRecord = (row: string[], line: number): void => {
    if (failure !== undefined) return;
    if (layout === undefined) {
      try {
        layout = readHeader(row, file, line);
      } catch (e) {
        failure = e as Error;
      }
      return;
    }
    // A row of another width (a cut line, a stray separator) would put values under the wrong tags.
    if (row.length !== layout.width) return skip(`row without the header's ${layout.width} columns (cut or damaged)`);
    const name = row[layout.name] ?? '';
    const timeMs = csvTimeToMs(row[layout.time] ?? '');
    const value = Number(row[layout.value]);
    if (name === '' || Number.isNaN(timeMs) || row[layout.value] === '' || Number.isNaN(value)) return skip('row without a metric name, a k6 timestamp or a numeric value');
    if (!Number.isFinite(value)) return skip('row with a value that is not a finite number');
    if (!declared.has(name)) declare(name, declared, handler, file, line, warn);
    order.see(timeMs, line);
    points++;
    handler.point({ metric: name, timeMs, value, tags: rowTags(row, layout), metadata: pairs(row[layout.metadata]), line });
  };
  const parser = parse({ relax_column_count: true, skip_empty_lines: true, relax_quotes: true, on_record: (rec: string[], ctx: InfoRecord) => {
    onRecord(rec, ctx.lines);
    return null;
  } });
  parser.on('error', (e: Error) => void (failure ??= e));
  parser.resume();
  const read = await readLineBatches(file, (lines) => void (failure ?? parser.write(lines.join('\n') + '\n')), warn, onBytes);
  await new Promise<void>((done) => parser.end(done));
  if (failure instanceof InputError) throw failure;
  if (failure !== undefined) throw new InputError(`not valid CSV (${failure.message}); ${EXPECTED}`, file);
  if (layout === undefined) throw new InputError(`no samples: the file is empty; ${EXPECTED}`, file);
  order.done();
  for (const [reason, n] of Object.entries(skipped)) warn({ file, message: `skipped ${n} row(s): ${reason}` });
  return { lines: read.lines, points, declarations: 0, skipped, truncated: read.truncated };
}

function readHeader(row: string[], file: string, line: number): Layout {
  const at = (col: string): number => row.indexOf(col);
  const [name, time, value, extraTags] = [at('metric_name'), at('timestamp'), at('metric_value'), at('extra_tags')];
  if (name !== 0 || time < 0 || value < 0) throw new InputError(`not k6 CSV: header is "${row.slice(0, 4).join(',')}..."; ${EXPECTED}`, file, undefined, line);
  const tagEnd = extraTags >= 0 ? extraTags : row.length;
  const tagColumns = row.slice(value + 1, tagEnd).map((tag, i) => [value + 1 + i, tag] as const);
  return { name, time, value, tagColumns, extraTags, metadata: at('metadata'), width: row.length };
}

function declare(name: string, declared: Set<string>, handler: SampleHandler, file: string, line: number, warn: WarnFn): void {
  declared.add(name);
  const decl = builtinDecl(name);
  if (decl !== undefined) return handler.metric(decl);
  warn({ file, line, message: `custom metric "${name}": CSV does not say its type; summarised as a trend` });
  handler.metric({ name, type: 'trend', contains: 'default', thresholds: [], submetrics: [] });
}

function rowTags(row: readonly string[], layout: Layout): Tags {
  const tags: Record<string, string> = {};
  for (const [i, tag] of layout.tagColumns) {
    const v = row[i];
    if (v !== undefined && v !== '') tags[tag] = v;
  }
  return Object.assign(tags, pairs(row[layout.extraTags]));
}

/** `k=v&k2=v2` (k6 writes no escaping) -> map; undefined when empty. */
function pairs(cell: string | undefined): Tags | undefined {
  if (cell === undefined || cell === '') return undefined;
  const out: Record<string, string> = {};
  for (const kv of cell.split('&')) {
    const eq = kv.indexOf('=');
    if (eq > 0) out[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return out;
}
