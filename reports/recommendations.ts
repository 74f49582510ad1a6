import type { CapacityRun } from './capacityRun.js';
import type { SimConfig } from '../sim/model.js';
import type { SimResult } from '../sim/results.js';
import { simulate } from '../sim/run.js';
import { evaluateSlos, worstMargin } from './slo.js';
import { hpaInactivity } from './hpaActivity.js';
import { cpuMetricIndex, type RunEvent } from './runRecord.js';

/** Outcome of the search for an HPA CPU target that meets every SLO (targets in percent). */
export interface TargetSearch {
  current: number;
  /** Highest target tried that met every SLO, or null when none did. */
  recommended: number | null;
  /** Each re-simulation, in the order run (highest target first). */
  tried: Array<{ target: number; pass: boolean; worstMargin: number }>;
}

export interface SearchLimits {
  /** Percentage points between candidates (10). */
  step?: number;
  /** Lowest target tried (20). */
  floor?: number;
  /** Most re-simulations (5): bounds the cost to a few runs of the scenario. */
  maxRuns?: number;
}

/**
 * Walk the target down from `current − step` in `step`s and stop at the first that passes: on
 * this grid that is the highest target meeting every SLO. Pure: `evaluate` runs the model.
 * Costs at most `maxRuns` calls of `evaluate`.
 * @example searchTarget(80, (t) => ({ pass: t <= 60, worstMargin: 0 })).recommended // 60
 */
export function searchTarget(current: number, evaluate: (target: number) => { pass: boolean; worstMargin: number }, limits: SearchLimits = {}): TargetSearch {
  const step = limits.step ?? 10;
  const floor = limits.floor ?? 20;
  const maxRuns = limits.maxRuns ?? 5;
  const tried: TargetSearch['tried'] = [];
  for (let t = current - step; t >= floor && tried.length < maxRuns; t -= step) {
    const r = evaluate(t);
    tried.push({ target: t, pass: r.pass, worstMargin: r.worstMargin });
    if (r.pass) return { current, recommended: t, tried };
  }
  return { current, recommended: null, tried };
}

/** Shape of the HPA part of SimConfig (added by the control-loop work; read defensively). */
type HpaConfig = { hpa?: { spec: { metrics: readonly unknown[] } } | null };

/**
 * Re-simulate `run` with lower HPA CPU targets until every SLO is met. Null when it does not
 * apply: no HPA with a CPU utilisation metric, no SLO, or every SLO already met.
 * Each candidate runs the whole scenario again (up to `maxRuns` times the cost of the run).
 */
export function targetSearchForRun(run: CapacityRun, limits: SearchLimits & { simulate?: (cfg: SimConfig) => SimResult } = {}): TargetSearch | null {
  const cfg = run.config as SimConfig & HpaConfig;
  const metrics = cfg.hpa?.spec.metrics;
  if (metrics === undefined) return null;
  const i = cpuMetricIndex(metrics);
  if (i < 0 || run.verdicts.length === 0 || run.verdicts.every((v) => v.pass)) return null;
  // An HPA that cannot act (no CPU requests, no metrics) ignores its target: re-simulating other targets would only repeat the run.
  const events = (run.result as { events?: readonly RunEvent[] }).events ?? [];
  if (hpaInactivity(events, run.result.summary.durationSeconds)?.whole) return null;
  const current = (metrics[i] as { target: { averageUtilization: number } }).target.averageUtilization;
  const sim = limits.simulate ?? ((c: SimConfig) => simulate(c));
  return searchTarget(current, (target) => {
    const verdicts = evaluateSlos(sim(withCpuTarget(cfg, i, target)).summary, run.scenario.spec.slo);
    return { pass: verdicts.every((v) => v.pass), worstMargin: worstMargin(verdicts) };
  }, limits);
}

/** A copy of `cfg` whose metric `i` targets `target`% CPU (no trace: the search reads summaries only). */
export function withCpuTarget(cfg: SimConfig & HpaConfig, i: number, target: number): SimConfig {
  const copy = structuredClone(cfg) as SimConfig & { hpa: { spec: { metrics: Array<{ target: { averageUtilization: number } }> } } };
  (copy.hpa.spec.metrics[i] as { target: { averageUtilization: number } }).target.averageUtilization = target;
  copy.output = { ...copy.output, trace: false };
  return copy;
}
