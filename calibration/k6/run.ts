import { InputError } from '../../input/inputError.js';
import { readLineBatches } from './lines.js';
import { readNdjson } from './ndjsonReader.js';
import { readCsv } from './csvReader.js';
import { MetricStore } from './metricStore.js';
import { RequestStore } from './requests.js';
import { fanOut, type ReadCounts } from './samples.js';
import type { WarnFn } from './warnings.js';

/** Which k6 output a file holds. */
export type K6Format = 'ndjson' | 'csv' | 'summary';

/** One k6 run's samples, loaded. */
export interface K6Run {
  readonly file: string;
  readonly format: 'ndjson' | 'csv';
  readonly metrics: MetricStore;
  readonly requests: RequestStore;
  readonly counts: ReadCounts;
}

const SNIFF_BYTES = 64 * 1024;

/**
 * Tell the format from the content (plain or gzip), not the name: a first non-empty line
 * starting `metric_name,` is CSV, `{"` with a `"type"` key is NDJSON, anything else starting
 * with `{` is a summary JSON (readers reject what is not).
 * @throws InputError for anything else.
 */
export async function detectFormat(file: string): Promise<K6Format> {
  let first: string | undefined;
  let seen = 0;
  await readLineBatches(file, (lines) => {
    for (const l of lines) {
      seen += l.length + 1;
      if (first === undefined && l.trim() !== '') first = l.trim();
    }
    return first === undefined && seen <= SNIFF_BYTES;
  }, () => {});
  if (first === undefined) throw new InputError('empty file; expected k6 output (--out json, --out csv or a summary JSON)', file);
  if (first.startsWith('metric_name,')) return 'csv';
  if (first.startsWith('{"') && first.endsWith('}') && first.includes('"type"')) return 'ndjson';
  if (first.startsWith('{')) return 'summary';
  throw new InputError(`not k6 output: starts with "${first.slice(0, 40)}"; expected --out json NDJSON, --out csv or a summary JSON`, file, undefined, 1);
}

/**
 * Stream a k6 NDJSON or CSV file (gzip or not) into metric sinks and per-request records.
 * @throws InputError when the file is not k6 samples (a summary JSON included: use summaryReader).
 * @example const run = await loadRun('k6.ndjson.gz', warn); summarize(run.metrics)
 */
export async function loadRun(file: string, warn: WarnFn, format?: 'ndjson' | 'csv'): Promise<K6Run> {
  const fmt = format ?? (await detectFormat(file));
  if (fmt === 'summary') throw new InputError('this is a summary JSON, not samples; expected --out json NDJSON or --out csv', file);
  const metrics = new MetricStore(file, warn);
  const requests = new RequestStore();
  const handler = fanOut(metrics, requests);
  const counts = fmt === 'csv' ? await readCsv(file, handler, warn) : await readNdjson(file, handler, warn);
  return { file, format: fmt, metrics, requests, counts };
}
