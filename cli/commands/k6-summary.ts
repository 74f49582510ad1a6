import { DEFAULT_TREND_STATS } from '../../calibration/k6/summary.js';
import { InputError } from '../../input/inputError.js';
import { argument, command, flag, option } from '../command.js';

/** `capsim k6 summary RUN [RUN2 ...] [--json] [--trend-stats ...] [--duration S]` */
export default command({
  name: 'summary',
  description: 'Recompute the k6 end-of-test summary from --out json / --out csv files (gzip or not); several runners of one distributed test are merged over all samples',
  example: 'capsim k6 summary runner-0.ndjson.gz runner-1.ndjson.gz --json',
  args: { runs: argument('k6 output file(s): NDJSON, CSV, or one summary JSON', { required: true, variadic: true }) },
  options: {
    json: flag('Print the summary in the --summary-export JSON shape'),
    'trend-stats': option('list', 'Trend columns, as k6 --summary-trend-stats (avg,min,med,max,count,p(N))', {
      parse: (text: string) => text.split(',').map((s) => s.trim()).filter((s) => s !== ''),
      default: DEFAULT_TREND_STATS.join(','),
    }),
    duration: option('seconds', 'Test run duration for counter rates', { parse: seconds, defaultText: 'estimated from the samples' }),
  },
  async run(a, o, io) {
    const { summarizeFiles } = await import('../../calibration/k6/summarizeFiles.js');
    const { formatSummaryText } = await import('../../calibration/k6/summaryText.js');
    const { toSummaryExport } = await import('../../calibration/k6/summaryModel.js');
    const { formatWarning } = await import('../../calibration/k6/warnings.js');
    const summary = await summarizeFiles(a.runs, {
      trendStats: o['trend-stats'],
      ...(o.duration !== undefined ? { durationMs: o.duration * 1000 } : {}),
      warn: (w) => io.err(`capsim: warning: ${formatWarning(w)}\n`),
    });
    io.out(o.json ? JSON.stringify(toSummaryExport(summary), null, 4) + '\n' : formatSummaryText(summary));
  },
});

function seconds(text: string, flag: string): number {
  const s = Number(text);
  if (!(s > 0) || !Number.isFinite(s)) throw new InputError(`expected a positive number of seconds, got "${text}"`, undefined, flag);
  return s;
}
