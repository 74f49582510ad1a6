import { command, flag, list, option } from '../command.js';
import { labelMatch, promQuery, wholeNumber } from '../values.js';

export default command({
  name: 'validate',
  description: 'Replay a measured k6 run in the simulator with a fitted model; print measured vs predicted',
  example: 'capsim validate --model model.yaml --k6 held-out.ndjson.gz --scenario my-scenario.yaml --out out/validation',
  options: {
    model: option('file', 'Model YAML from `capsim calibrate`', { required: true }),
    k6: option('file', 'k6 --out json/csv file of the run to predict (held out from calibration)', { required: true }),
    scenario: option('file', "Scenario YAML describing the run's setup (replicas, pod)", { required: true }),
    timeline: option('file', 'Timeline of the run: replica counts over time (error reported), first ready count replayed', { defaultText: 'none' }),
    namespace: option('ns', 'Refuse a timeline recorded in another namespace', { defaultText: 'any' }),
    prometheus: option('dir', "Folder of Prometheus query_range JSON responses over the held-out run: the service's CPU, server residence (duration histogram), busy workers and queue length compared with the prediction", { defaultText: 'none (k6 only)' }),
    'prometheus-url': option('url', "A live Prometheus (base URL) to ask for the same series over the held-out run's window; the queries are listed in the README", { defaultText: 'none' }),
    'prometheus-query': list('role=expr', 'Replace one of the PromQL queries sent to --prometheus-url (roles: cpu, requests, durationSum, durationCount, durationBucket, busyWorkers, queueLength)', { parse: promQuery, defaultText: "the README's defaults" }),
    'prometheus-match': list('label=value', 'Only series with this label value (e.g. a namespace or deployment label)', { parse: labelMatch, defaultText: 'every pod' }),
    'model-pod': flag('Take the pod block (workers, queue, CPU limit) from the model instead of the scenario'),
    hpa: flag("Let the scenario's simulated HPA size the deployment instead of a fixed count"),
    seed: option('n', 'Simulation seed', { parse: wholeNumber, defaultText: "the scenario's" }),
    json: flag('Print the comparison as JSON'),
    out: option('dir', 'Also write a run folder with the report: the replay, and measured versus predicted (table and charts)', { defaultText: 'no folder' }),
  },
  async run(_args, o, io) {
    const { deferredWarnings } = await import('../warnings.js');
    // Held until the command succeeds: a failing one prints only its error.
    const warnings = deferredWarnings(io);
    const { join } = await import('node:path');
    const { validateFilesWithRun } = await import('../../calibration/fit/commands.js');
    const { measuredVsPredicted } = await import('../../calibration/reportSeries.js');
    const { readModelFile } = await import('../../calibration/model.js');
    const { formatValidation } = await import('../../calibration/validate.js');
    const { runFiles } = await import('../../app/runScenario.js');
    const { evaluateSlos } = await import('../../reports/slo.js');
    const { openRunFolder } = await import('../../reports/runFolder.js');
    const model = readModelFile(o.model);
    const { createProgress } = await import('../progress.js');
    const folder = o.out !== undefined ? openRunFolder(o.out, o.out, 'capsim validate') : undefined; // before the replay
    const progress = createProgress(io, 'capsim validate', { unit: 'simulated min', decimals: 1 });
    try {
      const validated = await validateFilesWithRun(
        { model, scenario: o.scenario, k6: o.k6, ...(o.timeline !== undefined ? { timeline: o.timeline } : {}), ...(o.namespace !== undefined ? { namespace: o.namespace } : {}), ...(o.seed !== undefined ? { seed: o.seed } : {}), hpa: o.hpa, pod: o['model-pod'] ? 'model' : 'scenario', ...(o.prometheus !== undefined ? { prometheus: o.prometheus } : {}), ...(o['prometheus-url'] !== undefined ? { prometheusUrl: o['prometheus-url'] } : {}), prometheusQueries: Object.fromEntries(o['prometheus-query']), prometheusMatch: o['prometheus-match'], onProgress: (done, total) => progress.update(done / 60_000, total / 60_000) },
        warnings.warn,
      ).finally(() => progress.stop());
      const report = validated.report;
      io.out(o.json ? JSON.stringify(report, null, 2) + '\n' : formatValidation(report));
      warnings.flush();
      if (folder !== undefined) {
        const { scenario, config, result, replay } = validated;
        const run = { scenario, config, result, verdicts: evaluateSlos(result.summary, scenario.spec.slo), manifests: [] };
        const calibration = { rows: report.rows, series: measuredVsPredicted(replay, result.series) };
        const out = folder.write(runFiles(run, { searchTarget: false, calibration }));
        io.err(`capsim: report: ${join(out, 'report.html')}\n`);
      }
    } finally {
      folder?.release();
    }
  },
});
