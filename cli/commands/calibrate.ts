import { argument, command, list, option } from '../command.js';
import { labelMatch, promQuery, wholeNumber } from '../values.js';

export default command({
  name: 'calibrate',
  description: "Fit the workload model (service times, CPU, workers, start-up) to real k6 runs and the service's CPU telemetry; write it as YAML",
  example: 'capsim calibrate --k6 run-1.ndjson.gz --k6 run-2.ndjson.gz --timeline timeline.ndjson --scenario my-scenario.yaml --out model.yaml',
  args: { runs: argument('More k6 runs (as --k6)', { variadic: true }) },
  options: {
    k6: list('file', 'k6 --out json/csv file of one run'),
    timeline: option('file', 'Cluster timeline from `capsim record` (pod start-ups, podMetrics CPU, metrics lag)', { defaultText: 'none' }),
    namespace: option('ns', 'Refuse a timeline recorded in another namespace', { defaultText: 'any' }),
    prometheus: list('dir', "Folder of Prometheus query_range JSON responses over one k6 run (the service's CPU counter, requests by operation and status): CPU per operation by the utilization law", { defaultText: 'none (CPU from k6 latencies alone: not identified)' }),
    'prometheus-url': option('url', "A live Prometheus (base URL) to ask for the service's counters over each k6 run's window; the queries are listed in the README", { defaultText: 'none' }),
    'prometheus-query': list('role=expr', 'Replace one of the PromQL queries sent to --prometheus-url (roles: cpu, requests, durationSum, durationCount; durationBucket, busyWorkers, queueLength are read by validate only)', { parse: promQuery, defaultText: 'the README\'s defaults' }),
    'prometheus-match': list('label=value', 'Only series with this label value (e.g. a namespace or deployment label)', { parse: labelMatch, defaultText: 'every pod' }),
    scenario: option('file', 'Scenario YAML (or library name) describing the measured setup', { required: true }),
    out: option('file', 'Where to write the fitted model (YAML)', { required: true }),
    seed: option('n', 'Seed of the simulation search and bootstrap', { parse: wholeNumber, default: '1' }),
  },
  async run(a, o, io) {
    const { deferredWarnings } = await import('../warnings.js');
    // Held until the command succeeds: a failing one prints only its error.
    const warnings = deferredWarnings(io);
    const { calibrateFiles } = await import('../../calibration/fit/commands.js');
    const { formatModel, formatUncertainty } = await import('../../calibration/model.js');
    const { openOutputFile } = await import('../../reports/runFolder.js');
    const { createProgress } = await import('../progress.js');
    const out = openOutputFile(o.out); // checked (and its folder created) before the fit
    // Each simulation of the search replays every run below saturation: long runs take minutes.
    const progress = createProgress(io, 'capsim calibrate', { unit: 'simulations' });
    try {
      const cal = await calibrateFiles(
        { scenario: o.scenario, k6: [...o.k6, ...a.runs], ...(o.timeline !== undefined ? { timeline: o.timeline } : {}), ...(o.namespace !== undefined ? { namespace: o.namespace } : {}), prometheus: o.prometheus, ...(o['prometheus-url'] !== undefined ? { prometheusUrl: o['prometheus-url'] } : {}), prometheusQueries: Object.fromEntries(o['prometheus-query']), prometheusMatch: o['prometheus-match'], seed: o.seed, onProgress: (done, planned) => progress.update(done, planned) },
        warnings.warn,
      ).finally(() => progress.stop());
      out.write(formatModel(cal.model));
      io.out(formatUncertainty(cal.model));
      warnings.flush();
      io.err(`capsim: model written to ${o.out} (${cal.search.evaluations} simulation candidates)\n`);
    } finally {
      out.release();
    }
  },
});
