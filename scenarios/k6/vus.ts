import type { DistributionInput, ScenarioSpec } from '../schema.js';
import { parseDurationMs } from '../../sim/traffic/duration.ts';
import { expectedOperationWeights, meanThinkTimeMs, requestsPerIteration } from '../http/flows.ts';

/**
 * VU pool for an arrival-rate k6 scenario, from Little's law: the VUs busy at once are
 * L = λ·W (iterations started per second × time an iteration takes). An iteration is one
 * request, or one flow (its steps' latencies plus its declared waits, weighted by how often each
 * step runs).
 * - preAllocatedVUs = ⌈2·λ_peak·W_mean⌉: twice the mean need at the peak, for latency variance
 *   and short queues (initialising VUs mid-run is slow, k6.md §1);
 * - maxVUs = max(2·preAllocatedVUs, ⌈λ_peak·W_slo⌉, ⌈2·λ_peak·W_fullQueue⌉): W_slo with each request
 *   as slow as the largest latency SLO target (1 s without one); W_fullQueue with each request
 *   waiting behind a full queue (queueLimit/workers service times, then its own), doubled for CPU
 *   throttling. An overloaded service holds at most its workers and queue per pod and answers the
 *   rest 503 at once, so with this many VUs it shows 503s and queueing, not k6's
 *   dropped_iterations.
 * The scenario's own `preAllocatedVUs`/`maxVUs` win when set.
 */
export interface VuPool {
  preAllocatedVUs: number;
  maxVUs: number;
}

/**
 * @param peakPerS peak arrival rate in iterations per second.
 * @example vuPool(spec, 1000) // mean latency 20 ms, workers 8, queue 64 -> { preAllocatedVUs: 40, maxVUs: 360 }
 */
export function vuPool(spec: ScenarioSpec, peakPerS: number): VuPool {
  const requests = requestsPerIteration(spec);
  const think = meanThinkTimeMs(spec);
  const meanMs = meanLatencyMs(spec);
  const pre = Math.max(1, Math.ceil(2 * peakPerS * ((requests * meanMs + think) / 1000)));
  const sloMs = Object.values(spec.slo?.latency ?? {})
    .flatMap((t) => Object.values(t).map((d) => (d === undefined ? 0 : (parseDurationMs(d) ?? 0))))
    .reduce((a, b) => Math.max(a, b), 0);
  const slowMs = requests * (sloMs > 0 ? sloMs : 1000) + think;
  const pod = spec.workload.pod;
  const fullQueueMs = requests * meanMs * (1 + pod.queueLimit / pod.workers) + think;
  const max = Math.max(2 * pre, Math.ceil((peakPerS * slowMs) / 1000), Math.ceil((2 * peakPerS * fullQueueMs) / 1000));
  const preAllocatedVUs = spec.traffic.preAllocatedVUs ?? pre;
  return { preAllocatedVUs, maxVUs: Math.max(spec.traffic.maxVUs ?? max, preAllocatedVUs) };
}

/** Mean service time per request in ms (CPU plus downstream wait, or the total service time), weighted by the requests the mix sends. */
export function meanLatencyMs(spec: ScenarioSpec): number {
  let sum = 0;
  let weight = 0;
  for (const [name, w] of Object.entries(expectedOperationWeights(spec))) {
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
