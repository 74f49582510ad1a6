import { InputError } from '../../input/inputError.js';
import { formatWarning } from '../k6/warnings.js';
import { detectFormat, loadRun } from '../k6/run.js';
import { readSummaryFile } from '../k6/summaryReader.js';
import type { K6Summary } from '../k6/summaryModel.js';
import { readTimeline, type Timeline } from '../recorder/readTimeline.js';
import { runReplay, type RunReplay } from '../replay.js';

/**
 * Load k6 sample files (NDJSON or CSV, gzip or not) as replays over `operations`; summary JSONs
 * among them (handleSummary data, --summary-export) are checked against the run they summarise.
 * Reader warnings (truncated file, time going backwards, skipped lines) go to `warn` as one line each.
 * @throws InputError for summaries without samples or of no given run, anything that is not k6
 *   output, and what runReplay throws.
 */
export async function loadReplays(files: readonly string[], operations: readonly string[], warn: (line: string) => void): Promise<RunReplay[]> {
  if (files.length === 0) throw new InputError('expected at least one k6 run (--k6 FILE)', undefined, '--k6');
  const formats = await Promise.all(files.map((f) => detectFormat(f)));
  const summaries = files.filter((_, i) => formats[i] === 'summary');
  const samples = files.filter((_, i) => formats[i] !== 'summary');
  const read = await Promise.all(summaries.map((f) => readSummaryFile(f))); // refuses what is not a k6 summary
  if (samples.length === 0) {
    throw new InputError("is a k6 summary (handleSummary or --summary-export): totals and percentiles, not the per-request samples a fit needs; give the same run's `k6 run --out json=FILE` next to it (--k6 k6.ndjson.gz --k6 summary.json)", summaries[0], '--k6');
  }
  const out: RunReplay[] = [];
  for (const file of samples) out.push(runReplay(await loadRun(file, (w) => warn(formatWarning(w))), operations));
  summaries.forEach((file, i) => checkSummary(file, read[i]!, out, warn));
  return out;
}

/**
 * A summary given next to the samples (what loadtests/payments.ts's handleSummary writes) must be
 * of one of the runs: its request count is the run's. It adds what the samples alone do not
 * say plainly: iterations k6 dropped for want of a free VU (the service saw less than the
 * schedule) and crossed thresholds.
 * @throws InputError when it matches none of the runs.
 */
function checkSummary(file: string, s: K6Summary, runs: readonly RunReplay[], warn: (line: string) => void): void {
  const requests = s.metrics['http_reqs']?.values['count'];
  const run = runs.find((r) => r.timesMs.length === requests);
  if (run === undefined) {
    throw new InputError(`is not the summary of any given run: http_reqs.count is ${requests ?? 'absent'}, the runs have ${runs.map((r) => `${r.timesMs.length} (${r.file})`).join(', ')} requests`, file, 'metrics.http_reqs.count');
  }
  const dropped = s.metrics['dropped_iterations']?.values['count'] ?? 0;
  if (dropped > 0) warn(`${file}: k6 dropped ${dropped} iterations of ${run.file} (no free VU): the service was offered ${run.timesMs.length} requests, fewer than the schedule`);
  const crossed = Object.entries(s.metrics).filter(([, m]) => Object.values(m.thresholds ?? {}).some((c) => c)).map(([name]) => name);
  if (crossed.length > 0) warn(`${file}: thresholds crossed in ${run.file}: ${crossed.join(', ')}`);
}

/**
 * Read a recorded timeline. A timeline recorded in another namespace than `namespace` (when
 * given) is refused: its pods are not the service's.
 * @throws InputError naming the file for a wrong namespace, and what readTimeline throws.
 */
export async function loadTimeline(file: string, namespace: string | undefined, warn: (line: string) => void): Promise<{ file: string; timeline: Timeline }> {
  const timeline = await readTimeline(file, { namespace });
  if (namespace !== undefined && timeline.meta.namespace !== namespace)
    throw new InputError(`timeline was recorded in namespace "${timeline.meta.namespace}", expected "${namespace}" (--namespace): not this service's pods`, file, 'namespace', 1);
  for (const w of timeline.warnings) warn(w);
  return { file, timeline };
}
