import { mean, sampleStandardDeviation } from 'simple-statistics';
import type { DistributionSpec } from '../../sim/workload/distributions.js';
import { bootstrap, round4, type Estimate } from './bootstrap.js';

/** Residuals below this are clipped: a downstream wait is never negative, and logs need > 0. */
const FLOOR_MS = 0.05;

/** A lognormal fitted by maximum likelihood: median = exp(mean of logs), sigma = sd of logs. */
export interface LognormalFit {
  medianMs: number;
  sigma: number;
}

/**
 * Maximum-likelihood lognormal of positive samples (ms). O(n).
 * @throws Error for fewer than two samples.
 * @example fitLognormal([10, 20, 40]) // { medianMs: 20, sigma: 0.693 }
 */
export function fitLognormal(samplesMs: readonly number[]): LognormalFit {
  if (samplesMs.length < 2) throw new Error('fitLognormal requires at least two samples');
  const logs = samplesMs.map((x) => Math.log(Math.max(x, FLOOR_MS)));
  return { medianMs: Math.exp(mean(logs)), sigma: sampleStandardDeviation(logs) };
}

/**
 * The downstream part of one operation given its CPU time: the low-load latencies minus the CPU
 * time, fitted as a lognormal. The caller passes the latencies less the client gap when it was
 * measured (the simulator adds the gap back); otherwise what is left after the CPU includes the
 * gap (k6 duration − server residence, ~1 ms; see the model's notes).
 * @example downstreamFor([20, 21, 19.5], 4) // { distribution: 'lognormal', medianMs: ≈16.2, sigma: ≈0.04 }
 */
export function downstreamFor(lowLoadMs: readonly number[], cpuMs: number): DistributionSpec & { distribution: 'lognormal' } {
  const fit = fitLognormal(lowLoadMs.map((t) => t - cpuMs));
  return { distribution: 'lognormal', medianMs: round4(fit.medianMs), sigma: round4(fit.sigma) };
}

/** Bootstrap uncertainty (over requests) of the downstream lognormal's median and sigma. */
export function downstreamUncertainty(lowLoadMs: readonly number[], cpuMs: number, seed: number): { medianMs: Estimate; sigma: Estimate } {
  const residual = lowLoadMs.map((t) => t - cpuMs);
  const fit = fitLognormal(residual);
  const b = 200;
  const med = bootstrap(residual, (x) => fitLognormal(x).medianMs, b, seed);
  const sig = bootstrap(residual, (x) => fitLognormal(x).sigma, b, seed + 1);
  const method = `lognormal MLE of (k6 duration − fitted CPU) of the 2xx answers in the lowest-load run (n = ${residual.length}); bootstrap over requests, ${b} resamples`;
  return {
    medianMs: { estimate: round4(fit.medianMs), standardError: round4(med.standardError), interval: [round4(med.interval[0]), round4(med.interval[1])], method },
    sigma: { estimate: round4(fit.sigma), standardError: round4(sig.standardError), interval: [round4(sig.interval[0]), round4(sig.interval[1])], method },
  };
}
