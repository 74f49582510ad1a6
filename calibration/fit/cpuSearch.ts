import { quantile, sampleStandardDeviation } from 'simple-statistics';
import { objective, type Candidate, type ObjectiveInput } from './objective.js';

export type { FitRun } from './objective.js';
export { objective, operationsFor, candidateConfig, type Candidate } from './objective.js';

export interface CpuSearchInput extends ObjectiveInput {
  /** Wake-up costs (ms) to search; default WAKEUP_GRID. `[0]` fits the CPU alone (no wake-up). */
  wakeupGridMs?: readonly number[];
  /** Told after each simulation: how many so far, and the most the search will make. */
  onProgress?: (simulations: number, planned: number) => void;
}

export interface CpuSearchResult {
  cpuMs: number[];
  wakeupMs: number;
  objective: number;
  /** Objective's standard deviation over simulation seeds at the optimum (its noise floor). */
  seedNoise: number;
  /** Per operation: the CPU values whose objective is within max(3.84, 2 seed-noise SDs) of the optimum. */
  intervals: [number, number][];
  /** The same for the wake-up cost. */
  wakeupInterval: [number, number];
  /** Per operation: [cpuMs, objective] with the other coordinates at their optimum. */
  profiles: [number, number][][];
  /** [wakeupMs, objective] with the CPU at its optimum. */
  wakeupProfile: [number, number][];
  evaluations: number;
}

/** Wake-up costs searched by default, ms: 0 to 2 in 0.25 steps (the non-burn CPU at low load is ~1.2 ms). */
export const WAKEUP_GRID: readonly number[] = [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];

/** Seed offsets of the replays that measure the objective's noise at the optimum. */
const NOISE_SEEDS = [2, 3, 4];

/** Profile-likelihood 95 % threshold for one parameter (χ²₁), the objective being a sum of squared z-scores. */
const PROFILE_DELTA = 3.84;

/**
 * Bounded search of the CPU time per operation and of the pod's wake-up cost that best reproduce
 * the runs (objective.ts) under the scenario's CPU model (discipline, limit): coordinate descent,
 * each CPU coordinate on a 1 ms grid over [0, 0.9 × its 1 % low-load latency] refined on a 0.25 ms
 * grid, the wake-up on `wakeupGridMs`, two sweeps; then a profile per coordinate for the interval.
 * The wake-up is searched but, from k6 latency below saturation, not identified: a request that
 * finds the CPU idle pays it and its downstream (low-load latency − CPU − wake-up) gives it back,
 * and a request queued behind it waits for it but pays none itself, so latencies stay put (its
 * profile is flat to within the seed noise over ~0-1.5 ms; test/calibration/fit/cpuSearch.test.ts).
 * Only a saturated run's capacity or podMetrics at two loads measure it. ~120 simulations per run.
 * @example cpuSearch({ base, runs: [low, mid], lowLoadMs }) // { cpuMs: [4, 2, 3], wakeupMs: 1, ... }
 */
export function cpuSearch(input: CpuSearchInput, seed = 1): CpuSearchResult {
  const n = input.base.operations.length;
  const wakeups = [...(input.wakeupGridMs ?? WAKEUP_GRID)];
  const upper = input.lowLoadMs.map((xs) => 0.9 * quantile([...xs], 0.01));
  const cache = new Map<string, number>();
  const at = (x: readonly number[]): Candidate => ({ cpuMs: x.slice(0, n), wakeupMs: x[n] as number });
  const coarse = (k: number): number[] => (k < n ? grid(0, upper[k] as number, 1) : wakeups);
  const fine = (k: number, c: number): number[] => (k < n ? grid(Math.max(0, c - 1), Math.min(upper[k] as number, c + 1), 0.25) : []);
  // At most: each coordinate's coarse grid and a fine one of 9 points, in two sweeps, the seed
  // noise; the profiles reuse what the sweeps simulated (a fine grid may add its points).
  let planned = NOISE_SEEDS.length;
  for (let k = 0; k <= n; k++) planned += 2 * (coarse(k).length + (k < n ? 9 : 0)) + (k < n ? 9 : 0);
  let done = 0;
  const tick = (): void => input.onProgress?.(++done, Math.max(planned, done));
  const f = (x: readonly number[]): number => {
    const key = x.map((v) => v.toFixed(3)).join(',');
    let v = cache.get(key);
    if (v === undefined) {
      cache.set(key, (v = objective(input, at(x), seed)));
      tick();
    }
    return v;
  };
  const best = [...upper.map((u) => Math.min(1, u)), wakeups[0] as number];
  for (let sweep = 0; sweep < 2; sweep++) {
    for (let k = 0; k <= n; k++) {
      best[k] = argmin(coarse(k), (x) => f(withAt(best, k, x)));
      const xs = fine(k, best[k] as number);
      if (xs.length > 0) best[k] = argmin(xs, (x) => f(withAt(best, k, x)));
    }
  }
  const fBest = f(best);
  const noise = NOISE_SEEDS.map((s) => {
    const v = objective(input, at(best), seed + s);
    tick();
    return v;
  });
  const seedNoise = sampleStandardDeviation([fBest, ...noise]);
  const threshold = fBest + Math.max(PROFILE_DELTA, 2 * seedNoise);
  const profiles: [number, number][][] = [];
  const intervals: [number, number][] = [];
  for (let k = 0; k <= n; k++) {
    const xs = [...new Set([...coarse(k), ...fine(k, best[k] as number)])].sort((a, b) => a - b);
    const profile = xs.map((x): [number, number] => [x, f(withAt(best, k, x))]);
    profiles.push(profile);
    const inside = profile.filter(([, v]) => v <= threshold).map(([x]) => x);
    intervals.push([inside.reduce((a, b) => Math.min(a, b), Infinity), inside.reduce((a, b) => Math.max(a, b), -Infinity)]);
  }
  const result: CpuSearchResult = {
    cpuMs: best.slice(0, n),
    wakeupMs: best[n] as number,
    objective: fBest,
    seedNoise,
    intervals: intervals.slice(0, n),
    wakeupInterval: intervals[n] as [number, number],
    profiles: profiles.slice(0, n),
    wakeupProfile: profiles[n] as [number, number][],
    evaluations: cache.size + noise.length,
  };
  input.onProgress?.(done, done);
  return result;
}

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
