import { argument, command, ExitCode, flag, list, option } from '../command.js';
import { memorySize, oneOf, positiveInteger, positiveNumber, wholeNumber } from '../values.js';

/** Exit code after Ctrl-C (128 + SIGINT), as shells report it. */
const EXIT_INTERRUPTED = 130;

/** `capsim tune merge SHARD_DIR... --out DIR`: combine the folders of `--shard i/n` runs. */
export const merge = command({
  name: 'merge',
  description: 'Combine the output folders of `capsim tune --shard i/n` runs into one tuning report',
  example: 'capsim tune merge out/shard-0 out/shard-1 out/shard-2 out/shard-3 --out out/tune',
  args: { dirs: argument('Shard output folders (all n of them)', { required: true, variadic: true }) },
  options: { out: option('dir', 'Output folder', { default: 'out/tune' }) },
  async run(a, o, io) {
    const { openRunFolder } = await import('../../reports/runFolder.js');
    const { resultFiles, summaryLine } = await import('../../tune/runTune.js');
    const { mergeShards } = await import('../../tune/shard.js');
    const folder = openRunFolder(o.out, o.out, 'capsim tune');
    try {
      const results = mergeShards(a.dirs);
      const out = folder.write(resultFiles(results));
      io.err(`capsim tune merge: ${summaryLine(results)}; results in ${out}\n`);
    } finally {
      folder.release();
    }
  },
});

export default command({
  name: 'tune',
  description: 'Search the cheapest HPA settings that meet every SLO of the scenarios (writes hpa.yaml and tune.html)',
  example: 'capsim tune --scenario black-friday --scenario payday --manifests scenarios/manifests/reference --budget 200 --seeds 3 --out out/tune',
  options: {
    scenario: list('file', 'Scenario YAML file or library name'),
    manifests: option('path', 'Folder or file with the Deployment and the HPA to tune', { required: true }),
    budget: option('n', 'Configurations to evaluate', { parse: positiveInteger, default: '100' }),
    seeds: option('n', 'Seeds per scenario in a full evaluation', { parse: positiveInteger, default: '2' }),
    seed: option('n', 'Seed of the candidate sampling', { parse: wholeNumber, default: '1' }),
    space: option('file', 'Search-space YAML file overriding the default ranges', { defaultText: 'the built-in ranges' }),
    fidelity: option('multi|full', 'multi: rank every candidate on the screening model (a queueing approximation) and confirm the best in full simulation; full: full simulation only (successive halving)', { parse: oneOf(['multi', 'full'] as const), default: 'multi' }),
    confirm: option('n', 'Multi-fidelity: the first n finalists are simulated in full whatever the screening says, later ones only if it calls them feasible, 3n at most, cheapest first, until none left can beat one confirmed', { parse: positiveInteger, default: '5' }),
    exhaustive: flag('Evaluate every candidate on every seed (no successive halving or refinement)'),
    resume: flag('Continue the interrupted search in --out (same flags): its simulations are reused, the results are those of an uninterrupted run'),
    shard: option('i/n', 'Evaluate slice i of n of the exhaustive search (merge with `capsim tune merge`)', { defaultText: 'the whole search' }),
    workers: option('n', 'Worker threads (1 evaluates in this thread)', { parse: positiveInteger, defaultText: 'every core' }),
    out: option('dir', 'Output folder', { defaultText: 'out/tune, or out/tune-shard-i for a shard' }),
    'max-steps': option('n', 'Refuse a search estimated to simulate more request attempts plus control-loop steps than this in its full simulations', { parse: positiveNumber, default: '1e11' }),
    'max-memory': option('size', 'Refuse a search estimated to need more memory than this with its simulations running at once (2Gi, 512Mi)', { parse: memorySize, default: '4Gi' }),
  },
  subcommands: [merge],
  async run(_args, o, io) {
    const { openRunFolder } = await import('../../reports/runFolder.js');
    const { defaultWorkers } = await import('../../tune/pool.js');
    const { createProgress } = await import('../progress.js');
    const { runTune } = await import('../../tune/runTune.js');
    const { screeningTable } = await import('../../tune/report.js');
    const { parseShard } = await import('../../tune/shard.js');
    const shard = o.shard !== undefined ? parseShard(o.shard) : undefined;
    // Checked and locked before the search: a bad --out costs a line, not an hour of evaluations.
    const folder = openRunFolder(o.out ?? (shard ? `out/tune-shard-${shard.index}` : 'out/tune'), undefined, 'capsim tune');
    const ac = new AbortController();
    const onSigint = () => {
      io.err('\ncapsim tune: stopping; keeping what is evaluated (Ctrl-C again to quit at once)\n');
      ac.abort();
    };
    process.once('SIGINT', onSigint);
    let run;
    try {
      run = await runTune({
        scenarios: o.scenario, manifests: o.manifests,
        budget: o.budget, seeds: o.seeds, seed: o.seed,
        ...(o.space !== undefined ? { space: o.space } : {}),
        exhaustive: o.exhaustive,
        fidelity: o.fidelity, confirm: o.confirm,
        ...(o.resume ? { resumeFrom: o.out ?? (shard ? `out/tune-shard-${shard.index}` : 'out/tune') } : {}),
        ...(shard !== undefined ? { shard } : {}),
        workers: o.workers ?? defaultWorkers(),
        limits: { maxSimulatedSteps: o['max-steps'], maxMemoryBytes: o['max-memory'] },
        signal: ac.signal,
        progress: createProgress(io, 'capsim tune', { unit: 'simulations', decimals: 1 }),
        warn: (t) => io.err(`capsim tune: ${t}`),
      });
    } catch (e) {
      folder.release();
      throw e;
    } finally {
      process.off('SIGINT', onSigint);
    }
    try {
      if (Object.keys(run.files).length > 0) {
        const out = folder.write(run.files);
        io.err(`capsim tune: ${run.partial ? 'PARTIAL (interrupted): ' : ''}${run.summary}; results in ${out}\n`);
        if (run.results?.screening) io.out(screeningTable(run.results));
      } else io.err(`capsim tune: ${run.summary}\n`);
    } finally {
      folder.release();
    }
    if (run.partial) throw new ExitCode(EXIT_INTERRUPTED);
  },
});
