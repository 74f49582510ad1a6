import { argument, command, option } from '../command.js';

export const openmetrics = command({
  name: 'openmetrics',
  description: 'A run\'s time series as OpenMetrics (source="capsim", scenario and seed labels) to load into Prometheus next to the measured series',
  example: 'capsim export openmetrics out/checkout-peak --start 2026-11-27T00:00:00Z --out out/openmetrics/checkout-peak',
  args: { run: argument('Run folder written by capsim run', { required: true }) },
  options: {
    start: option('time', 'When the run\'s first interval starts: RFC 3339 or Unix seconds', { defaultText: 'so that the run ends when its folder was written' }),
    out: option('dir', 'Output folder (metrics.om, the OpenMetrics text)', { defaultText: 'out/openmetrics/<scenario name>' }),
  },
  async run(a, o, io) {
    const { parseStartTime, readRunForExport } = await import('../../monitoring/runExport.js');
    const { openMetricsText } = await import('../../monitoring/openMetrics.js');
    const { writeRunFolder } = await import('../../reports/runFolder.js');
    const start = o.start !== undefined ? parseStartTime(o.start, '--start') : undefined;
    const { run, defaultStartSeconds } = readRunForExport(a.run);
    const startSeconds = start ?? defaultStartSeconds;
    const out = writeRunFolder(o.out ?? `out/openmetrics/${run.scenario}`, { 'metrics.om': openMetricsText(run, startSeconds) }, { kind: 'capsim export openmetrics' });
    io.err(`capsim export openmetrics: ${run.scenario} seed ${run.seed} from ${new Date(startSeconds * 1000).toISOString()}; ${out}/metrics.om (load it: promtool tsdb create-blocks-from openmetrics ${out}/metrics.om <prometheus data dir>)\n`);
  },
});

/** `capsim export ...`: a run in the formats other tools read. */
export default command({
  name: 'export',
  description: 'A run in the formats other tools read (OpenMetrics for Prometheus)',
  example: 'capsim export openmetrics out/checkout-peak',
  subcommands: [openmetrics],
});
