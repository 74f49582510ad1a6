import type { SimConfig } from '../../sim/model.js';
import type { Timeline } from '../recorder/readTimeline.js';
import { round4, type Estimate } from './bootstrap.js';
import type { FitRun } from './cpuSearch.js';
import { cpuPerRequestMs } from './timeline.js';

/** Measurements that pin the mean CPU per request more firmly than the latency search can. */

/**
 * A saturated run (503s) served `thr` 2xx/s with `replicas` pods of `cpuLimit` cores, so the mean
 * CPU per request is at most cores · 1000 / thr ms (the CPU-bound capacity is at least what was
 * served). The tightest bound over the saturated runs; null without one or without a CPU limit.
 */
export function saturatedCpuBound(base: SimConfig, runs: readonly FitRun[]): Estimate | null {
  if (base.pod.cpuLimit === null) return null;
  let best: Estimate | null = null;
  for (const run of runs) {
    const thr = run.measured.overall.okThroughputRps;
    if (run.measured.overall.rejectedRate <= 0.005 || thr <= 0) continue;
    const cores = (base.pod.cpuLimit / 1000) * run.replicas;
    const b = (cores * 1000) / thr;
    if (best === null || b < best.estimate) best = { estimate: round4(b), interval: [0, round4(b)], method: `${round4(thr)} 2xx/s on ${cores} core(s) in ${run.replay.file}` };
  }
  return best;
}

/**
 * CPU per request from the first run a timeline's podMetrics cover, and the share of that run's
 * requests that found the CPU idle (≈ 1 − utilisation of the pods' CPU limit; 1 core per pod
 * without a limit), which is the share that paid the wake-up cost.
 */
export function metricsCpu(base: SimConfig, tl: { timeline: Timeline }, runs: readonly FitRun[]): { cpu: Estimate; idleShare: number } | null {
  for (const run of runs) {
    const from = run.replay.startEpochMs;
    const thr = run.measured.overall.throughputRps;
    const est = cpuPerRequestMs(tl.timeline, from, from + run.replay.lastEndMs, thr);
    if (!est) continue;
    const cores = ((base.pod.cpuLimit ?? 1000) / 1000) * run.replicas;
    return { cpu: est, idleShare: Math.min(1, Math.max(0, 1 - (est.estimate * thr) / (1000 * cores))) };
  }
  return null;
}
