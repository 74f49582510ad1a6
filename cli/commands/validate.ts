import { defineCommand } from 'citty';
import { join } from 'node:path';
import { validateFilesWithRun } from '../../calibration/fit/commands.js';
import { measuredVsPredicted } from '../../calibration/reportSeries.js';
import { runFiles } from '../../app/runScenario.js';
import { evaluateSlos } from '../../reports/slo.js';
import { writeRunFolder } from '../../reports/runFolder.js';
import { readModelFile } from '../../calibration/model.js';
import { formatValidation } from '../../calibration/validate.js';
import { ioOf } from '../io.js';
import { wholeNumber } from './calibrate.js';

export default defineCommand({
  meta: { name: 'validate', description: 'Replay a measured k6 run in the simulator with a fitted model; print measured vs predicted' },
  args: {
    model: { type: 'string', required: true, description: 'Model YAML from `capsim calibrate`' },
    k6: { type: 'string', required: true, description: 'k6 --out json/csv file of the run to predict (held out from calibration)' },
    scenario: { type: 'string', required: true, description: 'Scenario YAML describing the run\'s setup (replicas, pod)' },
    timeline: { type: 'string', description: 'Timeline of the run: replica counts over time (error reported), first ready count replayed' },
    namespace: { type: 'string', description: 'Refuse a timeline recorded in another namespace' },
    'model-pod': { type: 'boolean', description: 'Take the pod block (workers, queue, CPU limit) from the model instead of the scenario' },
    hpa: { type: 'boolean', description: 'Let the scenario\'s simulated HPA size the deployment instead of a fixed count' },
    seed: { type: 'string', description: 'Simulation seed (default: the scenario\'s)' },
    json: { type: 'boolean', description: 'Print the comparison as JSON' },
    out: { type: 'string', description: 'Also write a run folder with the report: the replay, and measured versus predicted (table and charts)' },
  },
  async run(ctx) {
    const io = ioOf(ctx);
    const model = readModelFile(ctx.args.model);
    const seed = ctx.args.seed === undefined ? undefined : wholeNumber(ctx.args.seed, '--seed');
    const validated = await validateFilesWithRun(
      { model, scenario: ctx.args.scenario, k6: ctx.args.k6, ...(ctx.args.timeline ? { timeline: ctx.args.timeline } : {}), ...(ctx.args.namespace ? { namespace: ctx.args.namespace } : {}), ...(seed !== undefined ? { seed } : {}), hpa: ctx.args.hpa === true, pod: ctx.args['model-pod'] ? 'model' : 'scenario' },
      (line) => io.err(`capsim: warning: ${line}\n`),
    );
    const report = validated.report;
    io.out(ctx.args.json ? JSON.stringify(report, null, 2) + '\n' : formatValidation(report));
    if (ctx.args.out !== undefined) {
      const { scenario, config, result, replay } = validated;
      const run = { scenario, config, result, verdicts: evaluateSlos(result.summary, scenario.spec.slo), manifests: [] };
      const calibration = { rows: report.rows, series: measuredVsPredicted(replay, result.series) };
      const out = writeRunFolder(ctx.args.out, runFiles(run, { searchTarget: false, calibration }));
      io.err(`capsim: report: ${join(out, 'report.html')}\n`);
    }
  },
});
