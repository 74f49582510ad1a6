import { defineCommand } from 'citty';
import { InputError } from '../../input/inputError.js';
import { writeRunFolder } from '../../reports/runFolder.js';
import { defaultWorkers } from '../../tune/pool.js';
import { createProgress } from '../../tune/progress.js';
import { resultFiles, runTune, summaryLine } from '../../tune/runTune.js';
import { mergeShards, parseShard } from '../../tune/shard.js';
import { ioOf } from '../io.js';
import { ExitCode } from '../main.js';

/** Exit code after Ctrl-C (128 + SIGINT), as shells report it. */
const EXIT_INTERRUPTED = 130;

/** `capsim tune merge SHARD_DIR... --out DIR`: combine the folders of `--shard i/n` runs. */
export const mergeCommand = defineCommand({
  meta: { name: 'merge', description: 'Combine the output folders of `capsim tune --shard i/n` runs into one tuning report' },
  args: {
    dirs: { type: 'positional', required: true, description: 'Shard output folders (all n of them)' },
    out: { type: 'string', description: 'Output folder (default out/tune)' },
  },
  run(ctx) {
    const io = ioOf(ctx);
    const results = mergeShards(ctx.args._.map(String));
    const out = writeRunFolder(ctx.args.out ?? 'out/tune', resultFiles(results));
    io.err(`capsim tune merge: ${summaryLine(results)}; results in ${out}\n`);
  },
});

export default defineCommand({
  meta: { name: 'tune', description: 'Search the cheapest HPA settings that meet every SLO of the scenarios (writes hpa.yaml and tune.html)' },
  args: {
    scenario: { type: 'string', description: 'Scenario YAML file or library name (repeat for several)' },
    manifests: { type: 'string', description: 'Folder or file with the Deployment and the HPA to tune' },
    budget: { type: 'string', description: 'Configurations to evaluate (default 100)' },
    seeds: { type: 'string', description: 'Seeds per scenario in a full evaluation (default 2)' },
    seed: { type: 'string', description: 'Seed of the candidate sampling (default 1)' },
    space: { type: 'string', description: 'Search-space YAML file overriding the default ranges' },
    exhaustive: { type: 'boolean', description: 'Evaluate every candidate on every seed (no successive halving or refinement)' },
    shard: { type: 'string', description: 'i/n: evaluate slice i of n of the exhaustive search (merge with `capsim tune merge`)' },
    workers: { type: 'string', description: 'Worker threads (default: every core; 1 evaluates in this thread)' },
    out: { type: 'string', description: 'Output folder (default out/tune, or out/tune-shard-i for a shard)' },
  },
  subCommands: { merge: mergeCommand },
  async run(ctx) {
    // citty runs this after a subcommand too: `tune merge ...` was handled by mergeCommand.
    const positional = ctx.args._.map(String);
    if (positional[0] === 'merge') return;
    if (positional.length > 0) throw new InputError(`unexpected argument "${positional[0]}": use --scenario NAME (repeatable)`);
    const io = ioOf(ctx);
    const a = ctx.args as typeof ctx.args & { scenario?: string | string[] };
    const scenarios = Array.isArray(a.scenario) ? a.scenario : repeatedFlag(ctx.rawArgs, 'scenario');
    if (a.manifests === undefined) throw new InputError('expected --manifests DIR (the Deployment and the HPA to tune)', undefined, '--manifests');
    const shard = a.shard !== undefined ? parseShard(a.shard) : undefined;
    const ac = new AbortController();
    const onSigint = () => {
      io.err('\ncapsim tune: stopping; keeping what is evaluated (Ctrl-C again to quit at once)\n');
      ac.abort();
    };
    process.once('SIGINT', onSigint);
    let run;
    try {
      run = await runTune({
        scenarios, manifests: a.manifests,
        budget: positiveInt(a.budget, 100, '--budget'), seeds: positiveInt(a.seeds, 2, '--seeds'), seed: wholeNumber(a.seed, 1, '--seed'),
        ...(a.space !== undefined ? { space: a.space } : {}),
        exhaustive: a.exhaustive === true,
        ...(shard !== undefined ? { shard } : {}),
        workers: positiveInt(a.workers, defaultWorkers(), '--workers'),
        signal: ac.signal,
        progress: createProgress(io, 'capsim tune'),
        warn: (t) => io.err(`capsim tune: ${t}`),
      });
    } finally {
      process.off('SIGINT', onSigint);
    }
    const outDir = a.out ?? (shard ? `out/tune-shard-${shard.index}` : 'out/tune');
    if (Object.keys(run.files).length > 0) {
      const out = writeRunFolder(outDir, run.files);
      io.err(`capsim tune: ${run.partial ? 'PARTIAL (interrupted): ' : ''}${run.summary}; results in ${out}\n`);
    } else io.err(`capsim tune: ${run.summary}\n`);
    if (run.partial) throw new ExitCode(EXIT_INTERRUPTED);
  },
});

/**
 * Every value of a repeatable flag (`--scenario a --scenario b`, `--scenario=b`). citty 0.2 keeps
 * only the last value of a repeated string flag, so the raw arguments are read (up to `--`).
 */
export function repeatedFlag(rawArgs: readonly string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i] as string;
    if (arg === '--') break;
    if (arg === `--${name}` && i + 1 < rawArgs.length) out.push(rawArgs[++i] as string);
    else if (arg.startsWith(`--${name}=`)) out.push(arg.slice(name.length + 3));
  }
  return out;
}

function positiveInt(text: string | undefined, dflt: number, flag: string): number {
  if (text === undefined) return dflt;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new InputError(`expected a whole number >= 1, got "${text}"`, undefined, flag);
  return Number(text);
}

function wholeNumber(text: string | undefined, dflt: number, flag: string): number {
  if (text === undefined) return dflt;
  if (!/^-?\d+$/.test(text)) throw new InputError(`expected a whole number, got "${text}"`, undefined, flag);
  return Number(text);
}
