import { quantile } from 'simple-statistics';
import type { SimConfig } from '../../sim/model.js';
import { round4 } from './bootstrap.js';
import type { FitRun } from './objective.js';

/**
 * What k6 latencies alone say about the CPU demand for sure: only upper bounds. A request's CPU
 * cannot exceed its fastest answers at low load (its 1 % latency quantile), and a run served
 * without saturation (no 503s) at λ requests/s on `cores` means λ × mean CPU < 1000 × cores
 * (ms per second). No lower bound: at low load CPU and downstream waits are indistinguishable,
 * and how latency grows with load also depends on what the model lacks (late timers, host
 * noise, per-request work outside the handler), so a search that reads the CPU from it can be
 * far off with a narrow interval (calibration-prom low + mid: 7.0 ms [7.0, 7.0] against a
 * measured 3.4-4.4). The capacity is therefore not identified: at least λ_max per core.
 */
export function k6CpuBounds(base: SimConfig, runs: readonly FitRun[], lowLoadMs: readonly (readonly number[])[], mix: readonly number[]): { meanUpperMs: number; opUpperMs: number[]; servedRps: number; cores: number } {
  const cores = (base.pod.cpuLimit ?? 1000) / 1000;
  const fastest = lowLoadMs.map((xs) => quantile([...xs], 0.01));
  const fromLatency = fastest.reduce((a, x, k) => a + x * (mix[k] as number), 0);
  let servedRps = 0;
  let fromLoad = Infinity;
  for (const r of runs) {
    const perCore = r.measured.overall.throughputRps / (cores * r.replicas);
    if (r.measured.overall.rejectedRate <= 0.005) {
      servedRps = Math.max(servedRps, perCore);
      fromLoad = Math.min(fromLoad, 1000 / perCore);
    } else fromLoad = Math.min(fromLoad, 1000 / (r.measured.overall.okThroughputRps / (cores * r.replicas)));
  }
  const meanUpperMs = round4(Math.min(fromLatency, fromLoad));
  return { meanUpperMs, opUpperMs: fastest.map((f, k) => round4(Math.min(f, (mix[k] as number) > 0 ? meanUpperMs / (mix[k] as number) : f))), servedRps: round4(servedRps), cores };
}
