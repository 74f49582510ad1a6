import { isAbsolute, join, relative } from 'node:path';
import { DEFAULT_SCENARIO } from '../../scenarios/library/index.js';
import { argument, command, flag, option } from '../command.js';
import { InputError } from '../../input/inputError.js';
import { memorySize, positiveInteger, positiveNumber, wholeNumber } from '../values.js';

/** A memory size as a Kubernetes quantity (2Gi, 512Mi, 1e9), in bytes. */
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
    'max-steps': option('n', 'Refuse a run estimated to simulate more request attempts (every retry counted) plus control-loop steps than this', { parse: positiveNumber, default: '2e9' }),
    'max-memory': option('size', 'Refuse a run estimated to need more memory than this (a quantity: 2Gi, 512Mi)', { parse: memorySize, default: '2Gi' }),
  },
  async run(a, o, io) {
    // Only what this run needs is loaded: the model fitter, the trace writer and the manifest
    // readers (kubernetes-models with its schema validators) each cost start-up time.
    const { resolveScenario } = await import('../../input/resolveScenario.js');
    const { compileRun, completeRun, manifestPaths, runFiles } = await import('../../app/preparedRun.js');
    const { runLengthMs, simulateMany } = await import('../../app/simulateMany.js');
    const { openNextRunFolder, openOutputFile, openRunFolder } = await import('../../reports/runFolder.js');
    const { createProgress } = await import('../progress.js');
    const name = a.scenario ?? (o.default ? DEFAULT_SCENARIO : undefined);
    if (name === undefined) throw new InputError('expected a scenario file or library name, or --default');
    const given = resolveScenario(name);
    let scenario = given;
    if (o.model !== undefined) {
      const { applyModel, readModelFile } = await import('../../calibration/model.js');
      scenario = { ...given, spec: applyModel(given.spec, readModelFile(o.model)) };
    }
    // Outputs are checked and locked before the simulation, so a mistake in --out costs a line, not a run.
    const folder = o.out !== undefined ? openRunFolder(o.out, o.out, 'capsim run') : openNextRunFolder(join('out', scenario.spec.name), 'capsim run');
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
      const paths = manifestPaths(scenario, o.manifests !== undefined ? [o.manifests] : undefined);
      const manifests = paths.length === 0 ? undefined : (await import('../../app/manifestInputs.js')).loadManifests(paths);
      const prepared = compileRun(scenario, { ...(o.seed !== undefined ? { seed: o.seed } : {}), limits: { maxSimulatedSteps: o['max-steps'], maxMemoryBytes: o['max-memory'] } }, manifests);
      const first = prepared.config;
      // Further seeds need no trace: only the first seed's run is reported in full.
      const configs = Array.from({ length: o.seeds }, (_, i) => (i === 0 ? first : { ...first, seed: first.seed + i, output: { ...first.output, trace: false } }));
      const hours = (ms: number): number => ms / 3_600_000;
      const progress = createProgress(io, `capsim run ${scenario.spec.name}${o.seeds > 1 ? ` (${o.seeds} seeds)` : ''}`, { unit: 'simulated h', decimals: 1 });
      const total = configs.reduce((s, c) => s + runLengthMs(c), 0);
      // The traced first seed runs in this thread, its records streamed to a temporary file as they
      // happen (renamed into place once complete, under the output's lock); the other seeds run on
      // worker threads. The trace is never one string: an hour at 2,000 rps is 1 GB of NDJSON.
      const traceFile = trace === undefined ? undefined : new (await import('../../reports/traceFile.js')).TraceFile(o.trace as string);
      let results;
      try {
        if (traceFile === undefined) results = await simulateMany(configs, { onProgress: (done, all) => progress.update(hours(done), hours(all)) });
        else {
          const { simulate } = await import('../../sim/run.js');
          const traced = simulate(first, [], { onTrace: (r) => traceFile.write(r), onProgress: (now) => progress.update(hours(now), hours(total)) });
          const len = runLengthMs(first);
          const rest = configs.length > 1 ? await simulateMany(configs.slice(1), { onProgress: (done) => progress.update(hours(len + done), hours(total)) }) : [];
          results = [traced, ...rest];
        }
        traceFile?.commit();
      } finally {
        traceFile?.abort();
      }
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
      if (o.json) io.out(JSON.stringify(run.result.summary, null, 2) + '\n');
      io.err(`capsim: ${scenario.spec.name}: results in ${out}\n`);
      io.err(`capsim: report: ${join(out, 'report.html')}\n`);
    }
  },
});
