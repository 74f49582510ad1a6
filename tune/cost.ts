import { BASELINE_BYTES, bytes, count, estimateRunCost, suggest, type RunLimits } from '../app/runCost.js';
import { InputError } from '../input/inputError.js';
import { maxPods } from '../scenarios/clusterCapacity.js';
import type { TuneScenario } from './evaluate.js';
import { refineBudget } from './search.js';

/**
 * What a tuning search will cost before it starts. The full simulations dominate: each is a
 * whole run of a scenario (for a 24-hour day, about as long as `capsim run` of it), and the
 * search makes many; the screening model's cost is per second of traffic, not per request, and
 * is left out. Counts are per the search's own rules (tune/search.ts): the typical count and the
 * most it can make.
 */
export interface TuneCost {
  /** Full simulations: the current HPA's, then the search's (typical, and at most). */
  readonly simulations: { readonly typical: number; readonly atMost: number };
  /** Simulated request attempts (every retry counted) and control-loop steps of those simulations. */
  readonly steps: { readonly typical: number; readonly atMost: number };
  /** Peak memory with `workers` simulations at once, bytes. */
  readonly memoryBytes: number;
}

export interface TunePlan {
  readonly mode: 'multi-fidelity' | 'adaptive' | 'exhaustive';
  readonly budget: number;
  readonly seeds: number;
  readonly confirm: number;
  /** Shards the exhaustive list is split into (1: the whole search). */
  readonly shards: number;
  readonly workers: number;
  /** The largest maxReplicas the search tries (bounds the pods a simulation holds). */
  readonly maxReplicas: number;
}

/** Finalists examined at most, in multiples of --confirm (MAX_CONFIRM_ROUNDS of the multi-fidelity search). */
const CONFIRM_ROUNDS = 3;

/** Full simulations per scenario, typical and at most, for a plan. */
export function fullSimulationsPerScenario(p: TunePlan): { typical: number; atMost: number } {
  const K = p.seeds;
  const current = K;
  if (p.mode === 'exhaustive') {
    const n = Math.ceil(p.budget / p.shards) * K;
    return { typical: current + n, atMost: current + n };
  }
  // Finalists come from the screened candidates, at most `budget` of them.
  // Typically one finalist on every seed (the confirmation stops a candidate at its first missed
  // SLO, and skips those that cannot beat one confirmed); at most 3 × confirm of them.
  if (p.mode === 'multi-fidelity') return { typical: current + Math.min(1, p.budget) * K, atMost: current + Math.min(CONFIRM_ROUNDS * p.confirm, p.budget) * K };
  const refine = refineBudget(p.budget);
  const list = p.budget - refine;
  const planned = K > 1 ? list + Math.ceil(list / 3) * (K - 1) + refine * K : list + refine;
  return { typical: current + planned, atMost: current + planned };
}

/** The cost of the plan over the scenarios. Pure: reads nothing but the configurations. */
export function estimateTuneCost(scenarios: readonly TuneScenario[], p: TunePlan): TuneCost {
  const n = fullSimulationsPerScenario(p);
  let typical = 0;
  let atMost = 0;
  let memory = 0;
  for (const s of scenarios) {
    const run = estimateRunCost(s.config, Math.max(maxPods(s.config), p.maxReplicas));
    const steps = run.attemptsWorstCase + run.loopSteps;
    typical += steps * n.typical;
    atMost += steps * n.atMost;
    memory = Math.max(memory, run.memoryBytes);
  }
  // Worker threads share the process (Node, the modules): each adds one simulation's own memory.
  const perSimulation = Math.max(0, memory - BASELINE_BYTES);
  return {
    simulations: { typical: n.typical * scenarios.length, atMost: n.atMost * scenarios.length },
    steps: { typical, atMost },
    memoryBytes: memory + (p.workers - 1) * perSimulation,
  };
}

/**
 * Refuse a search over a limit before it starts, with the estimate and the flags that change it.
 * @throws InputError (exit 2) naming the flag.
 */
export function checkTuneCost(c: TuneCost, limits: RunLimits): void {
  if (!(c.steps.typical <= limits.maxSimulatedSteps))
    throw new InputError(
      `this search would simulate about ${count(c.steps.typical)} steps in full (${count(c.simulations.typical)} full simulations, up to ${count(c.steps.atMost)} steps in ${count(c.simulations.atMost)}), more than the limit of ${count(limits.maxSimulatedSteps)}: lower --seeds, --confirm or --budget, or raise the limit with --max-steps ${suggest(c.steps.atMost)}`,
      undefined,
      '--max-steps',
    );
  if (!(c.memoryBytes <= limits.maxMemoryBytes))
    throw new InputError(`this search would need about ${bytes(c.memoryBytes)} of memory with its simulations running at once, more than the limit of ${bytes(limits.maxMemoryBytes)}: use fewer --workers or a longer output.interval, or raise the limit with --max-memory ${Math.ceil((c.memoryBytes * 1.25) / 2 ** 30)}Gi`, undefined, '--max-memory');
}

/** One line for the user before the search starts. */
export function describeTuneCost(c: TuneCost): string {
  const sims = c.simulations.typical === c.simulations.atMost ? `${c.simulations.typical}` : `${c.simulations.typical} to ${c.simulations.atMost}`;
  return `${sims} full simulations, about ${count(c.steps.typical)} simulated requests and control-loop steps, about ${bytes(c.memoryBytes)} of memory at peak`;
}
