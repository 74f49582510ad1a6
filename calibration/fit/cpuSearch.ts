import { quantile, sampleStandardDeviation } from 'simple-statistics';
import type { OperationModel, SimConfig } from '../../sim/model.js';
import { simulate } from '../../sim/run.js';
import { replayConfig, type RunReplay } from '../replay.js';
import type { MeasuredRun } from './measured.js';
import { crowdingGroups } from './crowding.js';
import { downstreamFor } from './serviceTime.js';

/** One calibration run: its replay, what k6 measured, its replica count. */
export interface FitRun {
  replay: RunReplay;
  measured: MeasuredRun;
  replicas: number;
}

export interface CpuSearchInput {
  /** The scenario's simulator config (pod, routing, client); operations are replaced. */
  base: SimConfig;
  runs: readonly FitRun[];
  /** Per operation (in `base.operations` order): 2xx durations of the lowest-load run, ms. */
  lowLoadMs: readonly (readonly number[])[];
}

export interface CpuSearchResult {
  cpuMs: number[];
  objective: number;
  /** Objective's standard deviation over simulation seeds at the optimum (its noise floor). */
  seedNoise: number;
  /** Per operation: the CPU values whose objective is within max(3.84, 2 seed-noise SDs) of the optimum. */
  intervals: [number, number][];
  /** Per operation: [cpuMs, objective] with the other operations at their optimum. */
  profiles: [number, number][][];
  evaluations: number;
}

const QUANTILES = ['p50', 'p95'] as const;
/** Operations with fewer 2xx answers than this in a run are left out of the percentile terms. */
const MIN_COUNT = 20;
/**
 * Relative tolerance of a percentile term: the model's error floor below saturation (late
 * timers and per-request overhead the model lacks move p50 by a few %), not the sampling error
 * (~1 %), so the percentiles bound the CPU from above without drowning the crowding terms.
 */
const PERCENTILE_TOLERANCE = 0.05;

/** The operations of a candidate: constant CPU, downstream = low-load latency − CPU (lognormal). */
export function operationsFor(ops: readonly OperationModel[], cpuMs: readonly number[], lowLoadMs: readonly (readonly number[])[]): OperationModel[] {
  return ops.map((op, k) => ({
    ...op,
    cpu: { distribution: 'constant', valueMs: cpuMs[k] as number },
    downstream: downstreamFor(lowLoadMs[k] as number[], cpuMs[k] as number),
  }));
}

/**
 * Misfit of a candidate, in squared standard scores: per run (replayed with its own starts and
 * operations; common random numbers: the same seed for every candidate)
 *  - per operation and p50/p95 of 2xx: (ln(predicted / measured) / 5 %)²;
 *  - per crowding group (crowding.ts): ((predicted − measured mean) / (√2 · SE))², the √2 for the
 *    simulation's own noise on the same requests.
 * O(runs · requests).
 */
export function objective(input: CpuSearchInput, cpuMs: readonly number[], seed: number): number {
  const names = input.base.operations.map((o) => o.name);
  const base = { ...input.base, operations: operationsFor(input.base.operations, cpuMs, input.lowLoadMs) };
  let sum = 0;
  for (const run of input.runs) {
    const cfg = replayConfig(base, run.replay, { replicas: run.replicas, seed });
    const res = simulate({ ...cfg, output: { ...cfg.output, trace: true } });
    const s = res.summary;
    for (const name of names) {
      const m = run.measured.perOperation[name];
      const p = s.perOperation[name];
      if (m === undefined || p === undefined || m.ok.p50 <= 0) continue;
      if (m.okThroughputRps * run.measured.windowS < MIN_COUNT) continue;
      for (const q of QUANTILES) sum += (Math.log(Math.max(p.latencyMs[q], 1e-3) / m.ok[q]) / PERCENTILE_TOLERANCE) ** 2;
    }
    const latency = new Float64Array(run.replay.timesMs.length).fill(Number.NaN);
    for (const t of res.trace ?? []) if (t.attempt === 0 && t.status === 'ok') latency[t.id] = t.endMs - t.arrivalMs;
    for (const g of crowdingGroups(run.replay, run.replicas)) {
      let total = 0;
      let n = 0;
      for (const i of g.indices) {
        const v = latency[i] as number;
        if (!Number.isNaN(v)) (total += v), n++;
      }
      if (n > 0 && g.standardError > 0) sum += ((total / n - g.meanMs) / (Math.SQRT2 * g.standardError)) ** 2;
    }
  }
  return sum;
}

/**
 * Bounded search of the CPU time per operation that best reproduces the runs' percentiles under
 * the pod's CPU model (processor sharing under the CPU limit): coordinate descent, each
 * coordinate on a 1 ms grid over [0, 0.9 × its 1 % low-load latency], refined on a 0.25 ms grid,
 * two sweeps; then a profile per operation for the interval. About 100 simulations of each run.
 * @example cpuSearch({ base, runs: [low, mid], lowLoadMs }).cpuMs // [3.9, 2.2, 2.8]
 */
export function cpuSearch(input: CpuSearchInput, seed = 1): CpuSearchResult {
  const n = input.base.operations.length;
  const upper = input.lowLoadMs.map((xs) => 0.9 * quantile([...xs], 0.01));
  const cache = new Map<string, number>();
  const f = (c: readonly number[]): number => {
    const key = c.map((x) => x.toFixed(3)).join(',');
    let v = cache.get(key);
    if (v === undefined) cache.set(key, (v = objective(input, c, seed)));
    return v;
  };
  const best = upper.map((u) => Math.min(1, u));
  for (let sweep = 0; sweep < 2; sweep++) {
    for (let k = 0; k < n; k++) {
      const u = upper[k] as number;
      best[k] = argmin(grid(0, u, 1), (x) => f(withAt(best, k, x)));
      const c = best[k] as number;
      best[k] = argmin(grid(Math.max(0, c - 1), Math.min(u, c + 1), 0.25), (x) => f(withAt(best, k, x)));
    }
  }
  const fBest = f(best);
  const noise = [2, 3, 4].map((s) => objective(input, best, seed + s));
  const seedNoise = sampleStandardDeviation([fBest, ...noise]);
  const profiles: [number, number][][] = [];
  const intervals: [number, number][] = [];
  for (let k = 0; k < n; k++) {
    const u = upper[k] as number;
    const xs = [...new Set([...grid(0, u, 1), ...grid(Math.max(0, (best[k] as number) - 1), Math.min(u, (best[k] as number) + 1), 0.25)])].sort((a, b) => a - b);
    const profile = xs.map((x): [number, number] => [x, f(withAt(best, k, x))]);
    profiles.push(profile);
    const inside = profile.filter(([, v]) => v <= fBest + Math.max(PROFILE_DELTA, 2 * seedNoise)).map(([x]) => x);
    intervals.push([Math.min(...inside), Math.max(...inside)]);
  }
  return { cpuMs: best, objective: fBest, seedNoise, intervals, profiles, evaluations: cache.size + noise.length };
}

/** Profile-likelihood 95 % threshold for one parameter (χ²₁), the objective being a sum of squared z-scores. */
const PROFILE_DELTA = 3.84;

function grid(lo: number, hi: number, step: number): number[] {
  const out: number[] = [];
  for (let x = lo; x <= hi + 1e-9; x += step) out.push(Math.round(x * 1000) / 1000);
  return out.length > 0 ? out : [lo];
}

function withAt(v: readonly number[], k: number, x: number): number[] {
  const out = [...v];
  out[k] = x;
  return out;
}

function argmin(xs: readonly number[], f: (x: number) => number): number {
  let best = xs[0] as number;
  let bestV = Infinity;
  for (const x of xs) {
    const v = f(x);
    if (v < bestV) {
      bestV = v;
      best = x;
    }
  }
  return best;
}
