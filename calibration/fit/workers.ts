import { quantileSorted } from 'simple-statistics';
import type { SimConfig } from '../../sim/model.js';
import { simulate } from '../../sim/run.js';
import { replayConfig } from '../replay.js';
import type { Estimate } from './bootstrap.js';
import type { FitRun } from './cpuSearch.js';

/** A run counts as saturated when more than this share of its answers were 503. */
const SATURATED_REJECTED = 0.005;
const CANDIDATES = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 32, 48, 64];

/**
 * Requests in flight per pod (start..end of each k6 request, round-robin over `replicas`), the
 * 99th percentile over request starts. Below saturation the latency does not grow with this, so
 * the pod had at least about this many workers. O(n log n).
 */
export function inFlightP99(run: FitRun): number {
  const r = run.replay;
  const counts: number[] = [];
  let j = 0;
  const sortedEnds = Array.from(r.timesMs, (t, i) => t + (r.durationMs[i] as number)).sort((a, b) => a - b);
  for (let i = 0; i < r.timesMs.length; i++) {
    const t = r.timesMs[i] as number;
    while (j < sortedEnds.length && (sortedEnds[j] as number) <= t) j++;
    counts.push((i + 1 - j) / run.replicas);
  }
  counts.sort((a, b) => a - b);
  return counts.length > 0 ? quantileSorted(counts, 0.99) : 0;
}

/**
 * Workers per pod. Only a saturated run (503s) tells how many: then a search over W of the
 * 2xx throughput and 503 rate those runs reach with the fitted operations. Without one, W keeps
 * the scenario's value and only a lower bound is reported (the in-flight p99 without queueing).
 */
export function fitWorkers(base: SimConfig, runs: readonly FitRun[]): Estimate {
  const saturated = runs.filter((r) => r.measured.overall.rejectedRate > SATURATED_REJECTED);
  const lower = Math.max(1, Math.ceil(runs.map(inFlightP99).reduce((a, b) => Math.max(a, b), -Infinity)));
  if (saturated.length === 0)
    return {
      estimate: base.pod.workers,
      interval: [lower, null],
      method: `not identifiable: no calibration run saturates (503 rate ≤ ${SATURATED_REJECTED * 100} %); latency does not grow with concurrency up to the in-flight p99 of ${lower} per pod, so W ≥ ${lower}; the scenario's W = ${base.pod.workers} is kept`,
    };
  const score = (w: number): number => {
    let sum = 0;
    for (const run of saturated) {
      const s = simulate(replayConfig({ ...base, pod: { ...base.pod, workers: w } }, run.replay, { replicas: run.replicas })).summary;
      const thr = s.requests.completed / run.measured.windowS;
      sum += Math.log(Math.max(thr, 1e-6) / run.measured.overall.okThroughputRps) ** 2 + (s.errorRate - run.measured.overall.errorRate) ** 2;
    }
    return sum;
  };
  const scored = CANDIDATES.map((w) => [w, score(w)] as const);
  const best = scored.reduce((a, b) => (b[1] < a[1] ? b : a));
  // Within 2 % of the optimum's throughput error: the W the saturated runs cannot tell apart.
  const near = scored.filter(([, v]) => Math.sqrt(v) <= Math.sqrt(best[1]) + 0.02).map(([w]) => w);
  const low = near.reduce((a, b) => Math.min(a, b), Infinity);
  if (near.includes(CANDIDATES[CANDIDATES.length - 1] as number))
    return {
      estimate: Math.max(low, base.pod.workers),
      interval: [low, null],
      method: `the saturated run(s) are CPU-bound with the fitted CPU: any W ≥ ${low} gives the same throughput, so only that bound is identified; the larger of it and the scenario's W = ${base.pod.workers} is kept`,
    };
  return {
    estimate: best[0],
    interval: [low, near.reduce((a, b) => Math.max(a, b), -Infinity)],
    method: `search over W in {${CANDIDATES.join(', ')}}: 2xx throughput and 503 rate of the saturated run(s), replayed; interval = W whose throughput error is within 2 % of the best`,
  };
}
