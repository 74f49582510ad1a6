import { InputError } from '../../input/inputError.js';
import { argument, command, ExitCode, flag, option } from '../command.js';

/** k6's exit code when a threshold was crossed (errext/exitcodes ThresholdsHaveFailed). */
export const THRESHOLDS_CROSSED_EXIT = 99;
/** Warnings shown before the rest are only counted. */
const MAX_WARNINGS = 20;

/** `capsim k6 summary RUN [RUN2 ...] [--options FILE] [--json] [--trend-stats ...] [--duration S]` */
export default command({
  name: 'summary',
  description: 'Recompute the k6 end-of-test summary from --out json / --out csv files (gzip or not); several runners of one distributed test are merged over all samples; thresholds decided as k6 does (exit 99 when one is crossed)',
  example: 'capsim k6 summary runner-0.ndjson.gz runner-1.ndjson.gz --options options.json',
  args: { runs: argument('k6 output file(s): NDJSON, CSV, or one summary JSON', { required: true, variadic: true }) },
  options: {
    options: option('file', 'The test\'s thresholds: k6 options JSON (capsim k6 options, k6 inspect) or a handleSummary / --summary-export JSON of the same run', { defaultText: 'the thresholds the files declare (NDJSON: parent metrics only)' }),
    json: flag('Print the summary in the --summary-export JSON shape'),
    'trend-stats': option('list', 'Trend columns, as k6 --summary-trend-stats (avg,min,med,max,count,p(N)); percentiles thresholds use are added', {
      parse: (text: string) => text.split(',').map((s) => s.trim()).filter((s) => s !== ''),
      defaultText: "the --options file's summaryTrendStats, else avg,min,med,max,p(90),p(95)",
    }),
    duration: option('seconds', 'Test run duration for counter rates', { parse: seconds, defaultText: 'the --options summary\'s, else estimated from the samples' }),
    sketch: option('accuracy', 'Hold trends in DDSketches of this relative accuracy (e.g. 0.01) instead of every sample, for files beyond memory: each percentile within ±accuracy of k6\'s, avg/min/max/count exact', { parse: accuracy, defaultText: 'exact: every sample kept' }),
  },
  async run(a, o, io) {
    const { summarizeFiles } = await import('../../calibration/k6/summarizeFiles.js');
    const { crossedMetrics } = await import('../../calibration/k6/summary.js');
    const { readThresholds } = await import('../../calibration/k6/thresholdConfig.js');
    const { formatSummaryText } = await import('../../calibration/k6/summaryText.js');
    const { toSummaryExport } = await import('../../calibration/k6/summaryModel.js');
    const { formatWarning } = await import('../../calibration/k6/warnings.js');
    // Warnings are held until the summary is complete: a failing command prints only its error.
    const { createProgress } = await import('../progress.js');
    const warnings: string[] = [];
    const thresholds = o.options !== undefined ? await readThresholds(o.options) : undefined;
    // Files of gigabytes take minutes: progress in MB of the files read (compressed bytes for gzip).
    const progress = createProgress(io, 'capsim k6 summary', { unit: 'MB read' });
    const summary = await summarizeFiles(a.runs, {
      onProgress: (done, total) => progress.update(done / 1e6, total / 1e6),
      ...(o['trend-stats'] !== undefined ? { trendStats: o['trend-stats'] } : {}),
      ...(thresholds !== undefined ? { thresholds } : {}),
      ...(o.duration !== undefined ? { durationMs: o.duration * 1000 } : {}),
      ...(o.sketch !== undefined ? { sketchAccuracy: o.sketch } : {}),
      warn: (w) => void warnings.push(formatWarning(w)),
    }).finally(() => progress.stop());
    for (const w of warnings.slice(0, MAX_WARNINGS)) io.err(`capsim: warning: ${w}\n`);
    if (warnings.length > MAX_WARNINGS) io.err(`capsim: warning: ${warnings.length - MAX_WARNINGS} more warnings not shown\n`);
    io.out(o.json ? JSON.stringify(toSummaryExport(summary), null, 4) + '\n' : formatSummaryText(summary));
    const crossed = crossedMetrics(summary);
    if (crossed.length > 0) {
      io.err(`capsim: thresholds on metrics '${crossed.join(', ')}' have been crossed\n`);
      throw new ExitCode(THRESHOLDS_CROSSED_EXIT);
    }
  },
});

function accuracy(text: string, flag: string): number {
  const a = Number(text);
  if (text.trim() === '' || !(a >= 0.0001 && a <= 0.1)) throw new InputError(`expected a relative accuracy from 0.0001 to 0.1, got "${text}"`, undefined, flag);
  return a;
}

function seconds(text: string, flag: string): number {
  const s = Number(text);
  if (!(s > 0) || !Number.isFinite(s)) throw new InputError(`expected a positive number of seconds, got "${text}"`, undefined, flag);
  return s;
}
