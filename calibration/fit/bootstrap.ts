import { quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { Rng } from '../../sim/engine/rng.js';

/** A fitted value with its uncertainty, as written into the model file. */
export interface Estimate {
  estimate: number;
  /** Standard error, when the method gives one. */
  standardError?: number;
  /** A 95 % interval (or the identifiable range); `high` may be Infinity written as null. */
  interval?: [number, number | null];
  /** How it was obtained, in words. */
  method: string;
  /** Which data identified it: `k6` (client latencies), `prometheus` (the service's CPU counter), `timeline` (podMetrics), `scenario` (kept, not fitted). */
  identifiedBy?: string;
}

/**
 * Nonparametric bootstrap over the samples: `b` resamples (with replacement, seeded) of `stat`,
 * giving the standard error and the 2.5-97.5 % percentile interval. O(b·n).
 * @throws Error for an empty sample.
 * @example bootstrap([1, 2, 3, 4], (x) => x.reduce((a, b) => a + b) / x.length, 200, 1).standardError // ≈ 0.56
 */
export function bootstrap(samples: readonly number[], stat: (x: number[]) => number, b: number, seed: number): { standardError: number; interval: [number, number] } {
  if (samples.length === 0) throw new Error('bootstrap requires at least one sample');
  const rng = new Rng(seed, 'bootstrap');
  const n = samples.length;
  const values: number[] = [];
  const resample = new Array<number>(n);
  for (let k = 0; k < b; k++) {
    for (let i = 0; i < n; i++) resample[i] = samples[rng.int(n)] as number;
    values.push(stat(resample));
  }
  values.sort((x, y) => x - y);
  return { standardError: values.length > 1 ? sampleStandardDeviation(values) : 0, interval: [quantileSorted(values, 0.025), quantileSorted(values, 0.975)] };
}

/** Round for the model file: 4 significant digits are far below any uncertainty here. */
export function round4(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(4)) : x;
}
