import { parseDurationNs } from '../sim/traffic/duration.js';
import type { ScenarioSpec } from './schema.js';

/**
 * A library scenario carries its shape at a default volume (its peak). Teams apply it to their
 * own volume by rescaling every rate so the peak becomes theirs: the shape, the durations and
 * the mix are unchanged. Pure, no runtime imports beyond sim/traffic, so the k6 bundle can use it.
 */

const DEFAULT_TIME_UNIT_NS = 1e9;

/**
 * Peak arrival rate of a scenario in requests per second: the largest of `startRate`, the stage
 * targets, or `rate` (constant executor), divided by `timeUnit` in seconds. O(stages).
 * @example peakRps({ ...spec, traffic: { ...spec.traffic, timeUnit: '1m', startRate: 0, stages: [{ duration: '1m', target: 600 }] } }) // 10
 */
export function peakRps(spec: ScenarioSpec): number {
  const t = spec.traffic;
  const unitS = (parseDurationNs(t.timeUnit ?? '1s') ?? DEFAULT_TIME_UNIT_NS) / 1e9;
  if (t.executor === 'constant-arrival-rate') return (t.rate ?? 0) / unitS;
  let peak = t.startRate ?? 0;
  for (const s of t.stages ?? []) peak = Math.max(peak, s.target);
  return peak / unitS;
}

/**
 * The scenario with every rate (`startRate`, stage targets, `rate`) multiplied so that its peak
 * equals `targetPeakRps` requests per second. Returns a new object; `spec` is not changed.
 * Rates may become fractional: the simulator takes them as they are, `toK6Options` turns them
 * into k6's integer rates (see there).
 * @throws Error when `targetPeakRps` is negative or not finite, or the scenario has no traffic.
 * @example scaleScenario(checkoutPeak, 120) // 30 -> 120 rps instead of 300 -> 1,200
 */
export function scaleScenario(spec: ScenarioSpec, targetPeakRps: number): ScenarioSpec {
  if (!(targetPeakRps >= 0) || !Number.isFinite(targetPeakRps)) throw new Error(`scaleScenario: expected a peak rate >= 0, got ${targetPeakRps}`);
  const current = peakRps(spec);
  if (!(current > 0)) throw new Error(`scaleScenario: scenario ${spec.name} has no traffic to scale (peak rate 0)`);
  return multiplyRates(spec, targetPeakRps / current);
}

/** The scenario with every rate multiplied by `factor` (k6's SCALE). */
export function multiplyRates(spec: ScenarioSpec, factor: number): ScenarioSpec {
  if (!(factor >= 0) || !Number.isFinite(factor)) throw new Error(`multiplyRates: expected a factor >= 0, got ${factor}`);
  const t = spec.traffic;
  const traffic: ScenarioSpec['traffic'] = { ...t };
  if (t.startRate !== undefined) traffic.startRate = t.startRate * factor;
  if (t.rate !== undefined) traffic.rate = t.rate * factor;
  if (t.stages !== undefined) traffic.stages = t.stages.map((s) => ({ duration: s.duration, target: s.target * factor }));
  return { ...spec, traffic };
}
