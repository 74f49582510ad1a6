import { describe, expect, it } from 'vitest';
import { bootstrap } from '../../../calibration/fit/bootstrap.js';
import { downstreamFor, downstreamUncertainty, fitLognormal } from '../../../calibration/fit/serviceTime.js';

/** Lognormal samples at exact normal quantiles: their MLE is known to ~1e-3 without randomness. */
function lognormalQuantiles(median: number, sigma: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(median * Math.exp(sigma * probit((i + 0.5) / n)));
  return out;
}
// Acklam's rational approximation, good to 1e-9 in the centre (enough for a test sample).
function probit(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const q = Math.min(p, 1 - p);
  let x: number;
  if (q < 0.02425) {
    const r = Math.sqrt(-2 * Math.log(q));
    x = (((((c[0]! * r + c[1]!) * r + c[2]!) * r + c[3]!) * r + c[4]!) * r + c[5]!) / ((((d[0]! * r + d[1]!) * r + d[2]!) * r + d[3]!) * r + 1);
    return p < 0.5 ? x : -x;
  }
  const r = (p - 0.5) ** 2;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * (p - 0.5)) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

describe('fitLognormal: maximum likelihood = mean and SD of the logs', () => {
  it.each([
    ['the fixture service downstream (authorize)', 15, 0.3],
    ['capture/refund', 8, 0.3],
    ['a wide one', 100, 1.2],
  ])('%s: median %d, sigma %d recovered', (_name, median, sigma) => {
    const fit = fitLognormal(lognormalQuantiles(median, sigma, 2000));
    expect(fit.medianMs).toBeCloseTo(median, 6);
    // Quantile samples under-spread slightly (the tails are cut at 1/(2n)): 1 % is that effect.
    expect(fit.sigma / sigma).toBeGreaterThan(0.98);
    expect(fit.sigma / sigma).toBeLessThan(1.0);
  });

  it('needs two samples', () => {
    expect(() => fitLognormal([3])).toThrow(/at least two samples/);
  });
});

describe('downstreamFor: low-load latency minus the CPU time', () => {
  it('removes the CPU from every latency before fitting', () => {
    const lat = lognormalQuantiles(15, 0.3, 1000).map((d) => d + 4);
    const ds = downstreamFor(lat, 4);
    expect(ds.distribution).toBe('lognormal');
    expect(ds.medianMs).toBeCloseTo(15, 2);
  });

  it('clips residuals at 0.05 ms when a CPU guess exceeds some latencies (no log of a negative)', () => {
    const ds = downstreamFor([1, 2, 3], 2.5);
    expect(Number.isFinite(ds.medianMs) && Number.isFinite(ds.sigma)).toBe(true);
  });

  it('bootstrap standard error of the median is about sigma·median/√n (delta method)', () => {
    const lat = lognormalQuantiles(15, 0.3, 900).map((d) => d + 4);
    const u = downstreamUncertainty(lat, 4, 1);
    const expected = (0.3 * 15) / Math.sqrt(900);
    expect(u.medianMs.standardError! / expected).toBeGreaterThan(0.75);
    expect(u.medianMs.standardError! / expected).toBeLessThan(1.25);
    expect(u.medianMs.interval![0]).toBeLessThan(15);
    expect(u.medianMs.interval![1]!).toBeGreaterThan(15);
  });
});

describe('bootstrap', () => {
  it('is deterministic in its seed and the SE of a mean is about sd/√n', () => {
    const xs = Array.from({ length: 400 }, (_, i) => i % 20);
    const mean = (x: number[]): number => x.reduce((a, b) => a + b, 0) / x.length;
    const a = bootstrap(xs, mean, 300, 7);
    expect(bootstrap(xs, mean, 300, 7)).toEqual(a);
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - 9.5) ** 2, 0) / xs.length);
    expect(a.standardError / (sd / 20)).toBeGreaterThan(0.8);
    expect(a.standardError / (sd / 20)).toBeLessThan(1.2);
  });
  it('refuses an empty sample', () => {
    expect(() => bootstrap([], () => 0, 10, 1)).toThrow(/at least one sample/);
  });
});
