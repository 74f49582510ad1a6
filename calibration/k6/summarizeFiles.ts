import { statSync } from 'node:fs';
import { InputError } from '../../input/inputError.js';
import { detectFormat, loadRun } from './run.js';
import { readSummaryFile } from './summaryReader.js';
import { mergeStores } from './merge.js';
import { summarize } from './summary.js';
import type { Ms } from '../../sim/units.js';
import type { K6Summary } from './summaryModel.js';
import type { ThresholdSet } from './thresholdConfig.js';
import type { WarnFn } from './warnings.js';

export interface SummarizeFilesOptions {
  readonly trendStats?: readonly string[];
  /** The test's thresholds (readThresholds): evaluated over all samples, sub-metrics included. */
  readonly thresholds?: ThresholdSet;
  /** Test run duration for counter rates; default: estimated from the samples (see estimateDurationMs). */
  readonly durationMs?: Ms;
  readonly warn: WarnFn;
  /** Trends as sketches of this relative accuracy instead of every sample (see TrendSink). */
  readonly sketchAccuracy?: number;
  /** Told the bytes read so far of all the files together, and their total size on disk. */
  readonly onProgress?: (bytesRead: number, bytesTotal: number) => void;
}

/**
 * The k6 summary of one run, or of several runners of one distributed test merged over all
 * their samples. Each file may be NDJSON or CSV (gzip or not); a single summary JSON
 * (`--summary-export` / handleSummary) is read as it is. With `thresholds`, those are evaluated
 * (k6's sub-metric thresholds included, which NDJSON declarations lack); trend stats and the
 * duration default to what the thresholds file says when it is a summary of the same run.
 * @throws InputError for unreadable files, non-k6 files, or summary JSONs among several
 *   files (their percentiles cannot be merged exactly).
 * @example await summarizeFiles(['runner-0.ndjson.gz', 'runner-1.ndjson.gz'], { warn })
 */
export async function summarizeFiles(files: readonly string[], opts: SummarizeFilesOptions): Promise<K6Summary> {
  if (files.length === 0) throw new InputError('no k6 output given; expected one or more RUN files', undefined, 'RUN');
  const formats = await Promise.all(files.map((f) => detectFormat(f)));
  const summaries = files.filter((_, i) => formats[i] === 'summary');
  if (summaries.length > 0 && files.length > 1) {
    throw new InputError('is a summary JSON: percentiles of several runs cannot be merged from summaries; give each runner\'s --out json or --out csv', summaries[0]);
  }
  if (summaries.length === 1) return readSummaryFile(summaries[0]!);
  const stores = [];
  const sizes = files.map((f) => statSync(f).size);
  const total = sizes.reduce((a, b) => a + b, 0);
  let before = 0;
  for (const [i, file] of files.entries()) {
    const progress = opts.onProgress;
    const onBytes = progress === undefined ? undefined : (n: number) => progress(before + n, total);
    const run = await loadRun(file, opts.warn, formats[i] as 'ndjson' | 'csv', opts.thresholds, { requests: false, ...(opts.sketchAccuracy !== undefined ? { trendAccuracy: opts.sketchAccuracy } : {}), ...(onBytes !== undefined ? { onBytes } : {}) });
    stores.push(run.metrics);
    before += sizes[i] as number;
  }
  const store = stores.length === 1 ? stores[0]! : mergeStores(stores, opts.warn, `${stores.length} merged runs`);
  const t = opts.thresholds;
  const trendStats = opts.trendStats ?? t?.trendStats;
  const durationMs = opts.durationMs ?? t?.testRunDurationMs;
  return summarize(store, {
    ...(trendStats !== undefined ? { trendStats } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
    ...(t !== undefined ? { thresholds: t.byMetric, thresholdsFile: t.file } : {}),
    warn: opts.warn,
  });
}
