import { defineCommand } from 'citty';
import { ioOf } from '../io.js';
import { summarizeFiles } from '../../calibration/k6/summarizeFiles.js';
import { formatSummaryText } from '../../calibration/k6/summaryText.js';
import { toSummaryExport } from '../../calibration/k6/summaryModel.js';
import { formatWarning } from '../../calibration/k6/warnings.js';
import { DEFAULT_TREND_STATS } from '../../calibration/k6/summary.js';
import { InputError } from '../../input/inputError.js';

/** `capsim k6 summary RUN [RUN2 ...] [--json] [--trend-stats ...] [--duration S]` */
export default defineCommand({
  meta: {
    name: 'summary',
    description: 'Recompute the k6 end-of-test summary from --out json / --out csv files (gzip or not); several runners of one distributed test are merged over all samples',
  },
  args: {
    run: { type: 'positional', required: true, description: 'k6 output file(s): NDJSON, CSV, or one summary JSON' },
    json: { type: 'boolean', default: false, description: 'print the summary in the --summary-export JSON shape' },
    'trend-stats': { type: 'string', default: DEFAULT_TREND_STATS.join(','), description: 'trend columns, as k6 --summary-trend-stats (avg,min,med,max,count,p(N))' },
    duration: { type: 'string', description: 'test run duration in seconds for counter rates (default: estimated from the samples)' },
  },
  async run(ctx) {
    const io = ioOf(ctx);
    // citty puts every positional (the first included) in `_`.
    const files = ctx.args._.length > 0 ? ctx.args._.map(String) : [ctx.args.run];
    const summary = await summarizeFiles(files, {
      trendStats: ctx.args['trend-stats'].split(',').map((s) => s.trim()).filter((s) => s !== ''),
      ...(ctx.args.duration !== undefined ? { durationMs: seconds(ctx.args.duration) * 1000 } : {}),
      warn: (w) => io.err(`capsim: warning: ${formatWarning(w)}\n`),
    });
    io.out(ctx.args.json ? JSON.stringify(toSummaryExport(summary), null, 4) + '\n' : formatSummaryText(summary));
  },
});

function seconds(text: string): number {
  const s = Number(text);
  if (!(s > 0)) throw new InputError(`expected a positive number of seconds, got "${text}"`, undefined, '--duration');
  return s;
}
