import { evaluateSlos, type SloVerdict } from '../reports/slo.js';
import type { ScenarioSpec } from '../scenarios/schema.js';
import { DEFAULT_HPA_CONTROLLER_CONFIG } from '../sim/autoscaling/hpa/config.js';
import type { HpaSpec } from '../sim/autoscaling/hpa/types.js';
import type { SimConfig } from '../sim/model.js';
import { simulate } from '../sim/run.js';
import type { Candidate, TuneParams } from './candidates.js';

/** One scenario to tune against: its compiled config (with the user's HPA) and its SLOs. */
export interface TuneScenario {
  readonly name: string;
  readonly config: SimConfig;
  readonly slo: ScenarioSpec['slo'];
}

/** An SLO verdict with a finite margin (null when the target is 0 and missed), so JSON keeps it. */
export interface TuneVerdict {
  readonly scope: string;
  readonly objective: string;
  readonly target: number;
  readonly predicted: number;
  readonly pass: boolean;
  readonly margin: number | null;
}

/** The figures of one simulation of one candidate: one scenario, one seed. */
export interface RunFigures {
  readonly scenario: string;
  readonly seed: number;
  readonly podHours: number;
  /** `cost.total` of the run (node-hours × price with nodes, else pod requests × resource prices). */
  readonly cost: number;
  readonly p99Ms: number;
  readonly errorRate: number;
  readonly peakReplicas: number;
  /** Smallest SLO margin of the run; null when the scenario has no SLO. */
  readonly worstMargin: number | null;
  readonly verdicts: readonly TuneVerdict[];
}

/** What is minimised: pod-hours, or cost when every scenario models nodes with prices. */
export type ObjectiveUnit = 'pod-hours' | 'cost';

/** A candidate's aggregate over the runs evaluated so far. */
export interface Evaluation {
  readonly index: number;
  readonly id: string;
  readonly origin: Candidate['origin'];
  readonly params: TuneParams | null;
  readonly spec: HpaSpec;
  /** Seeds evaluated per scenario (fewer than asked on a screening rung). */
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

/** Margin counted for an SLO with target 0 that is missed (the relative margin is infinite). */
const MISSED_ZERO_TARGET = 1;

/**
 * A scenario's config with another HPA spec and seed. The deployment starts from its replica
 * count clamped to [minReplicas, maxReplicas], as the first HPA sync would set it.
 */
export function configFor(base: SimConfig, spec: HpaSpec, seed: number): SimConfig {
  const replicas = Math.min(spec.maxReplicas, Math.max(spec.minReplicas, base.deployment.replicas));
  return {
    ...base,
    seed,
    deployment: { replicas },
    lifecycle: { ...base.lifecycle, initialReady: replicas },
    hpa: { name: base.hpa?.name ?? 'tuned', controller: base.hpa?.controller ?? DEFAULT_HPA_CONTROLLER_CONFIG, spec, ...(base.hpa?.phaseMs !== undefined ? { phaseMs: base.hpa.phaseMs } : {}) },
  };
}

/** Seeds of a scenario: its own seed, then the next ones. @example seedsOf(7, 3) // [7, 8, 9] */
export function seedsOf(scenarioSeed: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => scenarioSeed + i);
}

/**
 * Simulate one candidate on the given seed numbers (by position: `seedIdx` 0 is each scenario's own
 * seed) of every scenario. Pure and deterministic: the same inputs give the same figures in any
 * process. Cost: one simulation per scenario and seed.
 */
export function runCandidate(spec: HpaSpec, scenarios: readonly TuneScenario[], seedIdx: readonly number[]): RunFigures[] {
  const out: RunFigures[] = [];
  for (const s of scenarios) {
    for (const i of seedIdx) {
      const seed = s.config.seed + i;
      const summary = simulate(configFor(s.config, spec, seed)).summary;
      const verdicts = evaluateSlos(summary, s.slo).map(finiteVerdict);
      const margins = verdicts.map((v) => v.margin ?? -MISSED_ZERO_TARGET);
      out.push({
        scenario: s.name,
        seed,
        podHours: summary.podHours,
        cost: summary.cost.total,
        p99Ms: summary.latencyMs.p99,
        errorRate: summary.errorRate,
        peakReplicas: summary.replicas.max,
        worstMargin: margins.length === 0 ? null : Math.min(...margins),
        verdicts,
      });
    }
  }
  return out;
}

/**
 * Aggregate runs into an Evaluation. `runs` must come in a canonical order (scenario, then seed),
 * which `mergeRuns` keeps, so that sums are bit-identical however the runs were produced.
 */
export function aggregate(c: Candidate, runs: readonly RunFigures[], scenarioCount: number, unit: ObjectiveUnit): Evaluation {
  const seeds = scenarioCount > 0 ? runs.length / scenarioCount : 0;
  let podHours = 0;
  let cost = 0;
  let worst: number | null = null;
  let violation = 0;
  const violated: string[] = [];
  for (const r of runs) {
    podHours += r.podHours / seeds;
    cost += r.cost / seeds;
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

function finiteVerdict(v: SloVerdict): TuneVerdict {
  return { scope: v.scope, objective: v.objective, target: v.target, predicted: v.predicted, pass: v.pass, margin: Number.isFinite(v.margin) ? v.margin : null };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
