import type { HpaModel } from '../k8s/hpa.js';
import { num } from '../reports/format.js';
import { scenarioDefaults } from '../scenarios/defaults.js';
import type { Candidate } from './candidates.js';
import type { TuneScenario } from './evaluate.js';
import { aggregate, objectiveUnit, type Evaluation } from './evaluation.js';
import { loadTuneInputs } from './inputs.js';
import { checkTuneCost, describeTuneCost, estimateTuneCost } from './cost.js';
import type { RunLimits } from '../app/runCost.js';
import { hpaManifestYaml, hpaPatchYaml } from './manifest.js';
import { createPool, workerFile, type EvalPool } from './pool.js';
import type { Progress } from './progress.js';
import { describe, tuneFiles } from './report.js';
import { currentIsBetter, tuneResults, type TuneMeta, type TuneResults } from './results.js';
import { readPrior } from './resume.js';
import { adaptiveSearch, exhaustiveSearch, multiFidelitySearch, type SearchOutcome } from './search.js';

/** Finalists confirmed in full simulation per round of a multi-fidelity search. */
export const DEFAULT_CONFIRM = 5;
import { defaultSearchSpace, readSearchSpace } from './searchSpace.js';
import { shardJson, type Shard } from './shard.js';

export interface TuneOptions {
  readonly scenarios: readonly string[];
  /** Manifest folder or file with the Deployment and the HPA to tune. */
  readonly manifests: string;
  readonly budget: number;
  readonly seeds: number;
  readonly seed: number;
  /** Search-space YAML file overriding the default ranges. */
  readonly space?: string;
  /** Evaluate every candidate of the list (implied by `shard`). */
  readonly exhaustive?: boolean;
  /** `multi` (default): screen with the queueing approximation, confirm finalists in full; `full`: full simulation only. */
  readonly fidelity?: 'multi' | 'full';
  /** Finalists confirmed in full simulation per round of a multi-fidelity search. */
  readonly confirm?: number;
  /** Continue the interrupted search whose results are in this folder (its full simulations are reused). */
  readonly resumeFrom?: string;
  readonly shard?: Shard;
  readonly workers: number;
  readonly signal?: AbortSignal;
  readonly progress?: Progress;
  /** Notes for the user (e.g. falling back to one worker, the search's estimated cost). */
  readonly warn?: (text: string) => void;
  /** A search estimated over these is refused before it starts (default: DEFAULT_TUNE_LIMITS). */
  readonly limits?: RunLimits;
}

/**
 * Defaults: 1e11 full-simulation steps is a day of the simulator on two cores, a guard against a
 * search of days rather than a budget; 4 GiB for the simulations running at once in worker threads.
 */
export const DEFAULT_TUNE_LIMITS: RunLimits = { maxSimulatedSteps: 1e11, maxMemoryBytes: 4 * 2 ** 30 };

/** The outcome of `capsim tune`: the files of the output folder and a one-line summary. */
export interface TuneRun {
  readonly files: Record<string, string>;
  /** Null for a shard (its results are only complete once merged). */
  readonly results: TuneResults | null;
  readonly partial: boolean;
  readonly summary: string;
}

/**
 * Tune the HPA of `manifests` over the scenarios: evaluate the user's HPA, search, and build the
 * output files (or a shard's shard.json). Interrupted by `signal`: keeps what was evaluated,
 * marked partial.
 * @throws InputError for bad scenarios, manifests or search-space file.
 */
export async function runTune(o: TuneOptions): Promise<TuneRun> {
  const inputs = loadTuneInputs(o.scenarios, o.manifests);
  const base = defaultSearchSpace(inputs.hpa.spec);
  const space = o.space !== undefined ? readSearchSpace(o.space, base) : base;
  const exhaustive = o.exhaustive === true || o.shard !== undefined;
  const meta: TuneMeta = {
    mode: exhaustive ? 'exhaustive' : o.fidelity === 'full' ? 'adaptive' : 'multi-fidelity',
    scenarios: inputs.scenarios.map((s) => s.name),
    seeds: o.seeds, budget: o.budget, seed: o.seed,
    objective: objectiveUnit(inputs.scenarios),
    currency: inputs.scenarios[0]?.currency ?? scenarioDefaults.currency,
    space,
    hpa: { name: inputs.hpa.name, namespace: inputs.hpa.namespace, scaleTargetRef: inputs.hpa.scaleTargetRef, spec: inputs.hpa.spec },
  };
  if (!cpuUtilizationOnly(inputs.hpa.spec))
    o.warn?.(`the HPA ${inputs.hpa.name} has metrics other than one CPU Utilization target: the tuned HPA scales on CPU utilisation only\n`);
  let workers = o.workers;
  if (workers > 1 && workerFile() === null) {
    o.warn?.('dist/tune/worker.js is missing (run `npm run build`): evaluating in this thread\n');
    workers = 1;
  }
  // The cost of the full simulations, checked (and said) before the first one starts.
  const cost = estimateTuneCost(inputs.scenarios, {
    mode: meta.mode, budget: o.budget, seeds: o.seeds, confirm: o.confirm ?? DEFAULT_CONFIRM,
    shards: o.shard?.count ?? 1, workers, maxReplicas: space.maxReplicas.reduce((a, b) => Math.max(a, b), 0),
  });
  checkTuneCost(cost, o.limits ?? DEFAULT_TUNE_LIMITS);
  o.warn?.(`${describeTuneCost(cost)}\n`);
  const pool = createPool(inputs.scenarios, workers);
  try {
    const prior = o.resumeFrom === undefined ? [] : readPrior(o.resumeFrom, meta).evaluations;
    const reuse = new Map(prior.map((e) => [e.id, e.runs]));
    const priorCurrent = prior.find((e) => e.id === 'current' && e.seeds === o.seeds);
    const input = { space, current: inputs.hpa.spec, scenarios: inputs.scenarios, seeds: o.seeds, budget: o.budget, seed: o.seed };
    const currentCandidate: Candidate = { index: -1, id: 'current', origin: 'current', params: null, spec: inputs.hpa.spec };
    let outcome: SearchOutcome;
    let current: Evaluation | null;
    if (meta.mode === 'multi-fidelity') {
      // The current HPA's simulations run alongside the search, on workers it leaves idle.
      const hooks = { ...(o.signal ? { signal: o.signal } : {}), ...(o.progress ? { onProgress: (d: number, t: number) => o.progress?.update(d, t) } : {}), reuse };
      const r = await multiFidelitySearch(input, o.confirm ?? DEFAULT_CONFIRM, pool, hooks, priorCurrent === undefined ? currentCandidate : undefined);
      outcome = r;
      current = priorCurrent ?? r.current ?? null;
    } else {
      // Progress counts the current HPA's simulations first, then the search's; until the search
      // says its own plan, the estimate above stands in.
      const currentSims = priorCurrent ? 0 : o.seeds * inputs.scenarios.length;
      const searchGuess = cost.simulations.typical - o.seeds * inputs.scenarios.length;
      let currentDone = 0;
      current =
        priorCurrent ??
        (await evaluateCurrent(inputs.hpa, inputs.scenarios, o.seeds, pool, o.signal, (n) => o.progress?.update((currentDone += n), currentSims + searchGuess)));
      if (current === null) return { files: {}, results: null, partial: true, summary: 'interrupted before the current HPA was evaluated' };
      const hooks = { ...(o.signal ? { signal: o.signal } : {}), ...(o.progress ? { onProgress: (d: number, t: number) => o.progress?.update(currentSims + d, currentSims + t) } : {}), reuse };
      outcome = exhaustive ? await exhaustiveSearch(input, pool, hooks, o.shard) : await adaptiveSearch(input, pool, hooks);
    }
    if (current === null) return { files: {}, results: null, partial: true, summary: 'interrupted before the current HPA was evaluated' };
    o.progress?.stop();
    if (o.shard !== undefined) {
      const files = { 'shard.json': shardJson({ meta, shard: o.shard, partial: outcome.partial, current, evaluations: outcome.evaluations }) };
      return { files, results: null, partial: outcome.partial, summary: `shard ${o.shard.index}/${o.shard.count}: ${outcome.evaluations.length} configuration${outcome.evaluations.length === 1 ? '' : 's'} evaluated` };
    }
    const results = tuneResults(meta, current, outcome.evaluations, outcome.partial, outcome.screened);
    return { files: resultFiles(results), results, partial: outcome.partial, summary: summaryLine(results) };
  } finally {
    o.progress?.stop();
    await pool.close();
  }
}

/** The output files of complete (or merged) results, with the best HPA's manifest. */
export function resultFiles(r: TuneResults): Record<string, string> {
  if (r.best === null) return tuneFiles(r, null);
  const header = manifestHeader(r, r.best);
  return { ...tuneFiles(r, hpaManifestYaml(r.meta.hpa, r.best.spec, header)), 'hpa-patch.yaml': hpaPatchYaml(r.meta.hpa, r.best.spec, header) };
}

/** One line for the terminal. */
export function summaryLine(r: TuneResults): string {
  const b = r.best;
  if (b === null) return 'no configuration fully evaluated';
  const verdict = b.feasible ? 'meets every SLO' : 'misses SLOs (no configuration met them all)';
  const keep = currentIsBetter(r) ? 'keep the current HPA, nothing evaluated beats it; ' : '';
  return `${keep}best ${b.id} ${verdict}: ${num(b.objective)} ${r.meta.objective} (current HPA: ${num(r.current.objective)}${r.current.feasible ? '' : ', misses SLOs'}${r.current.seeds < r.meta.seeds ? ` on seed ${r.current.seeds} of ${r.meta.seeds}, later seeds not simulated` : ''})`;
}

function cpuUtilizationOnly(spec: HpaModel['spec']): boolean {
  const [m, ...rest] = spec.metrics;
  return rest.length === 0 && m?.type === 'Resource' && m.resource === 'cpu' && m.target?.type === 'Utilization';
}

function manifestHeader(r: TuneResults, b: Evaluation): string[] {
  return [
    `Tuned by capsim tune (${r.meta.mode} search, seed ${r.meta.seed}) over ${r.meta.scenarios.join(', ')}, ${r.meta.seeds} seed(s) each.`,
    `Candidate ${b.id}: ${describe(b)}.`,
    `${r.meta.objective}: ${num(b.objective)} (current HPA ${num(r.current.objective)}); every SLO met: ${b.feasible ? 'yes' : 'no'}.`,
    ...(currentIsBetter(r) ? ['The current HPA beats this configuration: keep it (see tune.html).'] : []),
  ];
}

async function evaluateCurrent(hpa: HpaModel, scenarios: readonly TuneScenario[], seeds: number, pool: EvalPool, signal: AbortSignal | undefined, onRuns: (n: number) => void): Promise<Evaluation | null> {
  const c: Candidate = { index: -1, id: 'current', origin: 'current', params: null, spec: hpa.spec };
  const seedIdx = Array.from({ length: seeds }, (_, i) => i);
  const [runs] = await pool.run([{ spec: hpa.spec, seedIdx }], { ...(signal ? { signal } : {}), onDone: (_t, r) => onRuns(r.length) });
  return runs === undefined ? null : aggregate(c, runs, scenarios.length, objectiveUnit(scenarios));
}
