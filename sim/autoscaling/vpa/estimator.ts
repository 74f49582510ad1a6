import { cpuAmountFromCores, memoryAmountFromBytes, scaleResource } from './resourceAmount.js';
import type { AggregateContainerState } from './aggregateState.js';
import type { Ms } from '../../units.js';

/**
 * The estimator chain of upstream `recommender/logic/estimator.go` (55c37cd5): small functions
 * from an aggregate to an integer amount (CPU millicores or memory bytes), built by wrapping.
 */
export type Estimator = (s: AggregateContainerState) => number;

/** The CPU `p` percentile of the usage histogram, in millicores (truncated). */
export function percentileCpuEstimator(p: number): Estimator {
  return (s) => cpuAmountFromCores(s.cpu.percentile(p));
}

/** The memory `p` percentile of the peaks histogram, in bytes (truncated). */
export function percentileMemoryEstimator(p: number): Estimator {
  return (s) => memoryAmountFromBytes(s.memoryPeaks.percentile(p));
}

/** Always `value` (upstream `NewConstCPUEstimator` / `NewConstMemoryEstimator`, for tests). */
export function constEstimator(value: number): Estimator {
  return () => value;
}

/** `base + trunc(base × fraction)`. @example withMargin(0.15, constEstimator(511))(s) // 587 */
export function withMargin(fraction: number, base: Estimator): Estimator {
  return (s) => {
    const b = base(s);
    return b + scaleResource(b, fraction);
  };
}

/**
 * `trunc(base × (1 + multiplier/confidence)^exponent)`, clamped to [0, 1e14]. With no history
 * (confidence 0) a positive exponent gives 1e14 and a negative one 0.
 */
export function withConfidenceMultiplier(
  multiplier: number,
  exponent: number,
  base: Estimator,
  confidenceIntervalMs: Ms,
): Estimator {
  return (s) => scaleResource(base(s), Math.pow(1 + multiplier / getConfidence(s, confidenceIntervalMs), exponent));
}

/** `max(base, min)`. */
export function withMinResource(min: number, base: Estimator): Estimator {
  return (s) => Math.max(base(s), min);
}

/**
 * How much history the aggregate holds, in "days" of `confidenceIntervalMs` (24 h by default):
 * `min(lifespan in days, samples / minutes per day)`, so one sample a minute for N days gives N.
 * @example 9 samples 2 min apart, 24 h interval → min(16/1440, 9/1440) = 0.00625
 */
export function getConfidence(s: AggregateContainerState, confidenceIntervalMs: Ms): number {
  const lifespanDays = (s.lastSampleStartMs - s.firstSampleStartMs) / confidenceIntervalMs;
  const samplesDays = s.totalSamplesCount / (confidenceIntervalMs / 60_000);
  return Math.min(lifespanDays, samplesDays);
}
