import { evaluateSlos, type SloVerdict } from '../reports/slo.js';
import type { ScenarioSpec } from '../scenarios/schema.js';
import { DEFAULT_HPA_CONTROLLER_CONFIG } from '../sim/autoscaling/hpa/config.js';
import type { HpaSpec } from '../sim/autoscaling/hpa/types.js';
import type { SimConfig } from '../sim/model.js';
import { screenRun } from '../sim/approx/screening.js';
import { simulate } from '../sim/run.js';

/** The full simulation, or the screening model (a queueing approximation, for ranking only). */
export type Fidelity = 'full' | 'screen';

/** One scenario to tune against: its compiled config (with the user's HPA) and its SLOs. */
export interface TuneScenario {
  readonly name: string;
  readonly config: SimConfig;
  readonly slo: ScenarioSpec['slo'];
  /** ISO 4217 code of the scenario's prices (`pricing.currency`). */
  readonly currency: string;
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

/** Margin counted for an SLO with target 0 that is missed (the relative margin is infinite). */
export const MISSED_ZERO_TARGET = 1;

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
 * seed) of every scenario (or of those at `scenarioIdx`). Pure and deterministic: the same inputs give the same figures in any
 * process. Cost: one simulation per scenario and seed.
 */
export function runCandidate(spec: HpaSpec, scenarios: readonly TuneScenario[], seedIdx: readonly number[], fidelity: Fidelity = 'full', scenarioIdx?: readonly number[]): RunFigures[] {
  const out: RunFigures[] = [];
  for (const s of scenarioIdx === undefined ? scenarios : scenarioIdx.map((k) => scenarios[k] as TuneScenario)) {
    for (const i of seedIdx) {
      const seed = s.config.seed + i;
      const cfg = configFor(s.config, spec, seed);
      const summary = fidelity === 'screen' ? screenRun(cfg) : simulate(cfg).summary;
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
        worstMargin: margins.length === 0 ? null : margins.reduce((a, b) => Math.min(a, b), Infinity),
        verdicts,
      });
    }
  }
  return out;
}

function finiteVerdict(v: SloVerdict): TuneVerdict {
  return { scope: v.scope, objective: v.objective, target: v.target, predicted: v.predicted, pass: v.pass, margin: Number.isFinite(v.margin) ? v.margin : null };
}

