import { isAbsolute, join, relative } from 'node:path';
import { DEFAULT_SCENARIO } from '../../scenarios/library/index.js';
import { argument, command, flag, option } from '../command.js';
import { positiveInteger, wholeNumber } from '../values.js';

/** A path as the user would type it: relative to the working folder when inside it. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

export default command({
  name: 'run',
  description: 'Simulate a scenario and write its capacity report (HTML, Markdown, CSV time series, JSON summary)',
  example: 'capsim run black-friday --manifests scenarios/manifests/reference --out out/black-friday',
  args: { scenario: argument('Scenario YAML file or library name') },
  options: {
    default: flag(`Run the embedded default scenario (${DEFAULT_SCENARIO})`),
    seed: option('n', 'Random seed', { parse: wholeNumber, defaultText: "the scenario's" }),
    seeds: option('n', 'Simulate n seeds (the seed, then seed+1, ...) in parallel worker threads; the report is the first seed\'s, seeds.csv and seeds.json give every seed\'s key figures and their spread', { parse: positiveInteger, default: '1' }),
    out: option('dir', 'Output folder (created; a capsim folder is updated, any other refused)', { defaultText: 'a new out/<scenario name>/NNN per run' }),
    json: flag('Print the JSON summary on stdout'),
    trace: option('file', 'Write one NDJSON line per request attempt to this file', { defaultText: 'no trace' }),
    model: option('file', 'Fitted workload model (capsim calibrate) replacing the scenario workload', { defaultText: "the scenario's workload" }),
    manifests: option('path', "Kubernetes manifests (file or folder: Deployment, HPA, VPA) replacing the scenario's own", { defaultText: "the scenario's manifests" }),
  },
  async run(a, o, io) {
    const { InputError } = await import('../../input/inputError.js');
    const { resolveScenario } = await import('../../input/resolveScenario.js');
    const { applyModel, readModelFile } = await import('../../calibration/model.js');
    const { completeRun, prepareRun, runFiles, traceNdjson } = await import('../../app/runScenario.js');
    const { simulateMany } = await import('../../app/simulateMany.js');
    const { openNextRunFolder, openOutputFile, openRunFolder } = await import('../../reports/runFolder.js');
    const { createProgress } = await import('../progress.js');
    const name = a.scenario ?? (o.default ? DEFAULT_SCENARIO : undefined);
    if (name === undefined) throw new InputError('expected a scenario file or library name, or --default');
    const given = resolveScenario(name);
    const scenario = o.model === undefined ? given : { ...given, spec: applyModel(given.spec, readModelFile(o.model)) };
    // Outputs are checked and locked before the simulation, so a mistake in --out costs a line, not a run.
    const folder = o.out !== undefined ? openRunFolder(o.out) : openNextRunFolder(join('out', scenario.spec.name));
    try {
      const trace = o.trace !== undefined ? openOutputFile(o.trace) : undefined;
      try {
        await simulateAndWrite(trace);
      } finally {
        trace?.release();
      }
    } finally {
      folder.release();
    }

    async function simulateAndWrite(trace: { write(content: string): void } | undefined): Promise<void> {
      const prepared = prepareRun(scenario, {
        ...(o.seed !== undefined ? { seed: o.seed } : {}),
        trace: o.trace !== undefined,
        ...(o.manifests !== undefined ? { manifests: [o.manifests] } : {}),
      });
      const first = prepared.config;
      // Further seeds need no trace: only the first seed's run is reported in full.
      const configs = Array.from({ length: o.seeds }, (_, i) => (i === 0 ? first : { ...first, seed: first.seed + i, output: { ...first.output, trace: false } }));
      const hours = (ms: number): number => ms / 3_600_000;
      const progress = createProgress(io, `capsim run ${scenario.spec.name}${o.seeds > 1 ? ` (${o.seeds} seeds)` : ''}`, { unit: 'simulated h', decimals: 1 });
      const results = await simulateMany(configs, { onProgress: (done, total) => progress.update(hours(done), hours(total)) });
      progress.stop();
      const runs = results.map((r, i) => completeRun(scenario, { ...prepared, config: configs[i] as typeof first }, r));
      const run = runs[0] as (typeof runs)[number];
      const files = runFiles(run);
      if (o.seeds > 1) {
        const { seedsCsv, seedsJson } = await import('../../reports/seeds.js');
        const rows = runs.map((r) => ({ seed: r.config.seed, summary: r.result.summary, verdicts: r.verdicts }));
        files['seeds.csv'] = seedsCsv(rows);
        files['seeds.json'] = seedsJson(rows);
      }
      const out = shown(folder.write(files));
      trace?.write(traceNdjson(run));
      if (o.json) io.out(JSON.stringify(run.result.summary, null, 2) + '\n');
      io.err(`capsim: ${scenario.spec.name}: results in ${out}\n`);
      io.err(`capsim: report: ${join(out, 'report.html')}\n`);
    }
  },
});
