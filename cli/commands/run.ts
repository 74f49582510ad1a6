import { join } from 'node:path';
import { defineCommand } from 'citty';
import { runFiles, runScenario, traceNdjson } from '../../app/runScenario.js';
import { InputError } from '../../input/inputError.js';
import { resolveScenario } from '../../input/resolveScenario.js';
import { DEFAULT_SCENARIO } from '../../scenarios/library/index.js';
import { writeFileAtomic, writeRunFolder } from '../../reports/runFolder.js';
import { ioOf } from '../io.js';
import { applyModel, readModelFile } from '../../calibration/model.js';

export default defineCommand({
  meta: { name: 'run', description: 'Simulate a scenario and write its capacity report (HTML, Markdown, CSV time series, JSON summary)' },
  args: {
    scenario: { type: 'positional', required: false, description: 'Scenario YAML file or library name' },
    default: { type: 'boolean', description: `Run the embedded default scenario (${DEFAULT_SCENARIO})` },
    seed: { type: 'string', description: 'Random seed (overrides the scenario)' },
    out: { type: 'string', description: 'Output folder (default out/<scenario name>)' },
    json: { type: 'boolean', description: 'Print the JSON summary on stdout' },
    trace: { type: 'string', description: 'Write one NDJSON line per request attempt to this file' },
    model: { type: 'string', description: 'Fitted workload model (capsim calibrate) replacing the scenario workload' },
    manifests: { type: 'string', description: 'Kubernetes manifests (file or folder: Deployment, HPA, VPA) replacing the scenario\'s own' },
  },
  run(ctx) {
    const io = ioOf(ctx);
    const name = ctx.args.scenario ?? (ctx.args.default ? DEFAULT_SCENARIO : undefined);
    if (name === undefined) throw new InputError('expected a scenario file or library name, or --default');
    const seed = ctx.args.seed === undefined ? undefined : parseSeed(ctx.args.seed);
    const given = resolveScenario(name);
    const scenario = ctx.args.model === undefined ? given : { ...given, spec: applyModel(given.spec, readModelFile(ctx.args.model)) };
    const run = runScenario(scenario, {
      ...(seed !== undefined ? { seed } : {}),
      trace: ctx.args.trace !== undefined,
      ...(ctx.args.manifests !== undefined ? { manifests: [ctx.args.manifests] } : {}),
    });
    const out = writeRunFolder(ctx.args.out ?? `out/${scenario.spec.name}`, runFiles(run));
    if (ctx.args.trace !== undefined) writeFileAtomic(ctx.args.trace, traceNdjson(run));
    if (ctx.args.json) io.out(JSON.stringify(run.result.summary, null, 2) + '\n');
    io.err(`capsim: ${scenario.spec.name}: results in ${out}\n`);
    io.err(`capsim: report: ${join(out, 'report.html')}\n`);
  },
});

function parseSeed(text: string): number {
  if (!/^-?\d+$/.test(text)) throw new InputError(`expected a whole number, got "${text}"`, undefined, '--seed');
  return Number(text);
}
