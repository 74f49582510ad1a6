import { probit } from 'simple-statistics';
import type { DistributionSpec } from '../workload/distributions.js';
import type { Ms } from '../units.js';

/** The shape of service-time distributions as the screening model needs it: moments and quantiles. */

/** First two moments of a service-time distribution (ms, ms²). */
export function moments(d: DistributionSpec | null): { mean: Ms; second: number } {
  if (d === null) return { mean: 0, second: 0 };
  switch (d.distribution) {
    case 'constant':
      return { mean: d.valueMs, second: d.valueMs * d.valueMs };
    case 'exponential':
      return { mean: d.meanMs, second: 2 * d.meanMs * d.meanMs };
    case 'lognormal': {
      const s2 = d.sigma * d.sigma;
      return { mean: d.medianMs * Math.exp(s2 / 2), second: d.medianMs * d.medianMs * Math.exp(2 * s2) };
    }
    case 'empirical': {
      let m = 0;
      let m2 = 0;
      for (const v of d.samplesMs) {
        m += v;
        m2 += v * v;
      }
      const n = d.samplesMs.length || 1;
      return { mean: m / n, second: m2 / n };
    }
  }
}

/** The distribution's quantile function (inverse CDF), for the screening model's latency mixture. */
export function quantileFunction(d: DistributionSpec | null): (u: number) => Ms {
  if (d === null) return () => 0;
  switch (d.distribution) {
    case 'constant':
      return () => d.valueMs;
    case 'exponential':
      return (u) => -d.meanMs * Math.log(1 - u);
    case 'lognormal':
      return (u) => d.medianMs * Math.exp(d.sigma * probit(u));
    case 'empirical': {
      const sorted = Float64Array.from(d.samplesMs).sort();
      return (u) => sorted[Math.min(sorted.length - 1, Math.floor(u * sorted.length))] as number;
    }
  }
}

