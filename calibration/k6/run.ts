import { InputError } from '../../input/inputError.js';
import { readHead } from './lines.js';
import { readNdjson } from './ndjsonReader.js';
import { readCsv } from './csvReader.js';
import type { ByteProgress } from './lines.js';
import { MetricStore } from './metricStore.js';
import { RequestStore } from './requests.js';
import { fanOut, type ReadCounts } from './samples.js';
import { parseMetricName, type ThresholdSet } from './thresholdConfig.js';
import type { WarnFn } from './warnings.js';

/** Which k6 output a file holds. */
export type K6Format = 'ndjson' | 'csv' | 'summary';

export interface LoadOptions {
  /** Join the per-request records (RequestStore); default true. A summary does not need them. */
  readonly requests?: boolean;
  /** Hold trends as sketches of this relative accuracy (k6 summary --sketch); default exact. */
  readonly trendAccuracy?: number;
  /** Told the bytes of the file read so far. */
  readonly onBytes?: ByteProgress;
}

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
 * starting `metric_name,` is CSV, a `"type":"Metric"` or `"Point"` object is NDJSON, anything else starting
 * with `{` is a summary JSON (readers reject what is not).
 * @throws InputError for anything else.
 */
export async function detectFormat(file: string): Promise<K6Format> {
  const first = (await readHead(file, SNIFF_BYTES)).split('\n').map((l) => l.trim()).find((l) => l !== '');
  if (first === undefined) throw new InputError('empty file; expected k6 output (--out json, --out csv or a summary JSON)', file);
  if (first.startsWith('metric_name,')) return 'csv';
  if (first.startsWith('{') && isSampleLine(first)) return 'ndjson';
  if (first.startsWith('{')) return 'summary';
  throw new InputError(`not k6 output: starts with "${first.slice(0, 40)}"; expected --out json NDJSON, --out csv or a summary JSON`, file, undefined, 1);
}

/** A k6 `--out json` line (`"type":"Metric"` or `"Point"`), not a one-line summary JSON (whose metrics have types too). */
function isSampleLine(line: string): boolean {
  try {
    const obj = JSON.parse(line) as { type?: unknown };
    return obj.type === 'Metric' || obj.type === 'Point';
  } catch {
    return /"type"\s*:\s*"(Metric|Point)"/.test(line);
  }
}

/**
 * Stream a k6 NDJSON or CSV file (gzip or not) into metric sinks and per-request records;
 * `thresholds` names the sub-metrics to collect besides those the file declares.
 * @throws InputError when the file is not k6 samples (a summary JSON included: use summaryReader).
 * @example const run = await loadRun('k6.ndjson.gz', warn); summarize(run.metrics)
 */
export async function loadRun(file: string, warn: WarnFn, format?: 'ndjson' | 'csv', thresholds?: ThresholdSet, opts: LoadOptions = {}): Promise<K6Run> {
  const fmt = format ?? (await detectFormat(file));
  if (fmt === 'summary') throw new InputError('this is a summary JSON, not samples; expected --out json NDJSON or --out csv', file);
  const metrics = new MetricStore(file, warn, opts.trendAccuracy ?? null);
  // Sub-metrics named by thresholds get their samples as they are read, as in k6.
  for (const name of thresholds?.byMetric.keys() ?? []) {
    const parsed = parseMetricName(name);
    if (typeof parsed !== 'string') metrics.want(name, parsed);
  }
  const requests = new RequestStore();
  // A summary needs the metric sinks only: the per-request join (about 70 bytes a request) is skipped.
  const handler = opts.requests === false ? metrics : fanOut(metrics, requests);
  const counts = fmt === 'csv' ? await readCsv(file, handler, warn, opts.onBytes) : await readNdjson(file, handler, warn, opts.onBytes);
  return { file, format: fmt, metrics, requests, counts };
}
