import type { HpaSpec } from '../sim/autoscaling/hpa/types.js';
import type { Candidate } from './candidates.js';
import { MISSED_ZERO_TARGET, type RunFigures, type TuneScenario } from './evaluate.js';
import type { TuneParams } from './points.js';

/** What is minimised: pod-hours, or cost when every scenario models nodes with prices. */
export type ObjectiveUnit = 'pod-hours' | 'cost';

/** A candidate's aggregate over the runs evaluated so far. */
export interface Evaluation {
  readonly index: number;
  readonly id: string;
  readonly origin: Candidate['origin'];
  readonly params: TuneParams | null;
  readonly spec: HpaSpec;
  /**
   * Seeds evaluated in every scenario (fewer than asked on a screening rung, or for a candidate
   * whose confirmation stopped early: the smallest count over the scenarios, 0 if one has none).
   */
  readonly seeds: number;
  /** Every SLO met in every scenario on every evaluated seed. */
  readonly feasible: boolean;
  /** Sum over scenarios of the mean over seeds of pod-hours (or cost). */
  readonly objective: number;
  readonly podHours: number;
  readonly cost: number;
  /** Smallest SLO margin over all runs; null when no scenario has an SLO. */
  readonly worstMargin: number | null;
  /** Sum over runs of the missed margins (0 when feasible): how far from feasible. */
  readonly violation: number;
  /** SLOs missed, as `scenario/seed: scope objective predicted > target`. */
  readonly violated: readonly string[];
  readonly runs: readonly RunFigures[];
}

/**
 * Aggregate runs into an Evaluation. `runs` must come in a canonical order (scenario, then seed),
 * which `mergeRuns` keeps, so that sums are bit-identical however the runs were produced. The
 * objective is the sum over scenarios of the mean of that scenario's runs (a confirmation stopped
 * early may have fewer runs of one scenario than of another).
 */
export function aggregate(c: Candidate, runs: readonly RunFigures[], scenarioCount: number, unit: ObjectiveUnit): Evaluation {
  const perScenario = new Map<string, number>();
  for (const r of runs) perScenario.set(r.scenario, (perScenario.get(r.scenario) ?? 0) + 1);
  const counts = [...perScenario.values()];
  const seeds = scenarioCount > 0 && counts.length >= scenarioCount ? counts.reduce((a, b) => Math.min(a, b), Infinity) : 0;
  let podHours = 0;
  let cost = 0;
  let worst: number | null = null;
  let violation = 0;
  const violated: string[] = [];
  for (const r of runs) {
    const n = perScenario.get(r.scenario) as number;
    podHours += r.podHours / n;
    cost += r.cost / n;
    if (r.worstMargin !== null) worst = worst === null ? r.worstMargin : Math.min(worst, r.worstMargin);
    for (const v of r.verdicts) {
      if (v.pass) continue;
      violation += v.margin === null ? MISSED_ZERO_TARGET : -v.margin;
      violated.push(`${r.scenario}/${r.seed}: ${v.scope} ${v.objective} ${round(v.predicted)} > ${v.target}`);
    }
  }
  return {
    index: c.index, id: c.id, origin: c.origin, params: c.params, spec: c.spec,
    seeds, feasible: violated.length === 0, objective: unit === 'cost' ? cost : podHours, podHours, cost,
    worstMargin: worst, violation, violated, runs,
  };
}

/** Runs of two batches in canonical order: scenario order as in `scenarios`, then seed. */
export function mergeRuns(scenarios: readonly TuneScenario[], a: readonly RunFigures[], b: readonly RunFigures[]): RunFigures[] {
  const order = new Map(scenarios.map((s, i) => [s.name, i]));
  return [...a, ...b].sort((x, y) => (order.get(x.scenario) as number) - (order.get(y.scenario) as number) || x.seed - y.seed);
}

/** Pod-hours unless every scenario models nodes (then the node price makes cost the objective). */
export function objectiveUnit(scenarios: readonly TuneScenario[]): ObjectiveUnit {
  return scenarios.length > 0 && scenarios.every((s) => s.config.cluster !== null) ? 'cost' : 'pod-hours';
}

/**
 * Order of preference: feasible before infeasible; feasible by objective, infeasible by violation;
 * ties by objective, then id. A total order, so the best is the same however results arrive.
 */
export function compareEvaluations(a: Evaluation, b: Evaluation): number {
  if (a.feasible !== b.feasible) return a.feasible ? -1 : 1;
  if (!a.feasible && a.violation !== b.violation) return a.violation - b.violation;
  if (a.objective !== b.objective) return a.objective - b.objective;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
