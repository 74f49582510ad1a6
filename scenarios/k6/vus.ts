import type { DistributionInput, ScenarioSpec } from '../schema.js';
import { parseDurationMs } from '../../sim/traffic/duration.ts';

/**
 * VU pool for an arrival-rate k6 scenario, from Little's law: the VUs busy at once are
 * L = λ·W (arrival rate × time an iteration takes). An iteration is one request, so W is the
 * request latency.
 * - preAllocatedVUs = ⌈2·λ_peak·W_mean⌉: twice the mean need at the peak, for latency variance
 *   and short queues (initialising VUs mid-run is slow, k6.md §1);
 * - maxVUs = max(2·preAllocatedVUs, ⌈λ_peak·W_slo⌉), W_slo the largest latency SLO target (1 s
 *   without one): enough VUs to keep the arrival rate while requests run as slow as the SLOs
 *   allow, so a slow service shows as latency, not as dropped iterations.
 * The scenario's own `preAllocatedVUs`/`maxVUs` win when set.
 */
export interface VuPool {
  preAllocatedVUs: number;
  maxVUs: number;
}

/**
 * @param peakPerS peak arrival rate in iterations per second.
 * @example vuPool(spec, 1000) // mean latency 20 ms -> { preAllocatedVUs: 40, maxVUs: 300 } for a 300 ms SLO
 */
export function vuPool(spec: ScenarioSpec, peakPerS: number): VuPool {
  const pre = Math.max(1, Math.ceil(2 * peakPerS * (meanLatencyMs(spec) / 1000)));
  const slowMs = Object.values(spec.slo?.latency ?? {}).flatMap((t) => Object.values(t).map((d) => (d === undefined ? 0 : (parseDurationMs(d) ?? 0)))).reduce((a, b) => Math.max(a, b), 0);
  const max = Math.max(2 * pre, Math.ceil(peakPerS * ((slowMs > 0 ? slowMs : 1000) / 1000)));
  const preAllocatedVUs = spec.traffic.preAllocatedVUs ?? pre;
  return { preAllocatedVUs, maxVUs: Math.max(spec.traffic.maxVUs ?? max, preAllocatedVUs) };
}

/** Mix-weighted mean service time in ms (CPU plus downstream wait, or the total service time). */
export function meanLatencyMs(spec: ScenarioSpec): number {
  let sum = 0;
  let weight = 0;
  for (const [name, w] of Object.entries(spec.traffic.mix)) {
    const op = spec.workload.operations[name];
    if (op === undefined) continue;
    const ms = op.serviceTime !== undefined ? mean(op.serviceTime) : mean(op.cpu as DistributionInput) + (op.downstream ? mean(op.downstream) : 0);
    sum += w * ms;
    weight += w;
  }
  return weight > 0 ? sum / weight : 0;
}

function mean(d: DistributionInput): number {
  switch (d.distribution) {
    case 'constant':
      return d.valueMs;
    case 'exponential':
      return d.meanMs;
    case 'lognormal':
      return d.medianMs * Math.exp((d.sigma * d.sigma) / 2);
    case 'empirical':
      return d.samplesMs.reduce((a, b) => a + b, 0) / d.samplesMs.length;
  }
}
