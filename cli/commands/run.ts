import { join } from 'node:path';
import { DEFAULT_SCENARIO } from '../../scenarios/library/index.js';
import { argument, command, flag, option } from '../command.js';
import { wholeNumber } from '../values.js';

export default command({
  name: 'run',
  description: 'Simulate a scenario and write its capacity report (HTML, Markdown, CSV time series, JSON summary)',
  example: 'capsim run black-friday --manifests scenarios/manifests/reference --out out/black-friday',
  args: { scenario: argument('Scenario YAML file or library name') },
  options: {
    default: flag(`Run the embedded default scenario (${DEFAULT_SCENARIO})`),
    seed: option('n', 'Random seed', { parse: wholeNumber, defaultText: "the scenario's" }),
    out: option('dir', 'Output folder', { defaultText: 'out/<scenario name>' }),
    json: flag('Print the JSON summary on stdout'),
    trace: option('file', 'Write one NDJSON line per request attempt to this file', { defaultText: 'no trace' }),
    model: option('file', 'Fitted workload model (capsim calibrate) replacing the scenario workload', { defaultText: "the scenario's workload" }),
    manifests: option('path', "Kubernetes manifests (file or folder: Deployment, HPA, VPA) replacing the scenario's own", { defaultText: "the scenario's manifests" }),
  },
  async run(a, o, io) {
    const { InputError } = await import('../../input/inputError.js');
    const { resolveScenario } = await import('../../input/resolveScenario.js');
    const { applyModel, readModelFile } = await import('../../calibration/model.js');
    const { runFiles, runScenario, traceNdjson } = await import('../../app/runScenario.js');
    const { writeFileAtomic, writeRunFolder } = await import('../../reports/runFolder.js');
    const name = a.scenario ?? (o.default ? DEFAULT_SCENARIO : undefined);
    if (name === undefined) throw new InputError('expected a scenario file or library name, or --default');
    const given = resolveScenario(name);
    const scenario = o.model === undefined ? given : { ...given, spec: applyModel(given.spec, readModelFile(o.model)) };
    const run = runScenario(scenario, {
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
      trace: o.trace !== undefined,
      ...(o.manifests !== undefined ? { manifests: [o.manifests] } : {}),
    });
    const out = writeRunFolder(o.out ?? `out/${scenario.spec.name}`, runFiles(run));
    if (o.trace !== undefined) writeFileAtomic(o.trace, traceNdjson(run));
    if (o.json) io.out(JSON.stringify(run.result.summary, null, 2) + '\n');
    io.err(`capsim: ${scenario.spec.name}: results in ${out}\n`);
    io.err(`capsim: report: ${join(out, 'report.html')}\n`);
  },
});
