import { describe, expect, it } from 'vitest';
import { erlangC, waitQuantile } from '../../sim/queueing/erlangC.js';
import { simulate } from '../../sim/run.js';
import { baseConfig } from '../support/scenarios.js';

/**
 * The simulator against queueing theory. A pod with c workers, no CPU limit, Poisson arrivals
 * and exponential service times is an M/M/c queue, so Erlang C gives the exact steady-state
 * wait probability, mean wait and wait quantiles.
 *
 * Tolerances come from the data: K independent replications (different seeds) give K
 * independent estimates; their sample standard deviation s gives a standard error s/√K that
 * accounts for the strong autocorrelation of queue waits. We accept |mean of estimates − theory|
 * below 4 standard errors (a false alarm about once in 16,000 runs), plus, for quantiles, the
 * sketch's 1% relative error. A warm-up is not needed for the means at these run lengths: the
 * empty-start bias is far below the tolerance (checked by the replications agreeing).
 */
const cases = [
  { c: 1, rho: 0.7, meanMs: 10 },
  { c: 4, rho: 0.8, meanMs: 20 },
  { c: 10, rho: 0.9, meanMs: 10 },
  { c: 32, rho: 0.85, meanMs: 50 },
];
const REPLICATIONS = 8;
const REQUESTS_PER_REPLICATION = 150_000;

describe('M/M/c against Erlang C', () => {
  it.each(cases)('c = $c, ρ = $rho: wait probability, mean wait and p99 wait', ({ c, rho, meanMs }) => {
    const mu = 1 / meanMs;
    const lambda = rho * c * mu; // per ms
    const ratePerS = lambda * 1000;
    const durationNs = Math.round((REQUESTS_PER_REPLICATION / ratePerS) * 1e9);
    const theory = erlangC(c, lambda, mu);
    const p99 = waitQuantile(c, lambda, mu, 0.99);
    const est = { pw: [] as number[], wq: [] as number[], p99: [] as number[] };
    for (let seed = 1; seed <= REPLICATIONS; seed++) {
      const r = simulate(
        baseConfig({
          seed,
          traffic: { arrivals: 'poisson', profile: { executor: 'ramping-arrival-rate', startRate: ratePerS, timeUnitNs: 1e9, stages: [{ durationNs, target: ratePerS }] }, mix: { op: 1 }, mixSeed: 7 },
          operations: [{ name: 'op', cpu: { distribution: 'exponential', meanMs }, downstream: null, memoryPerRequest: 0 }],
          pod: { workers: c, queueLimit: 1e9, cpuRequest: 1000, cpuLimit: null, memoryRequest: 1, memoryLimit: null, idleCpu: 0, cpuDiscipline: 'shared', cpuWakeupMs: 0 },
          output: { intervalMs: 60_000, drainMs: 60_000, sketchAccuracy: 0.01, trace: false },
        }),
      ).summary;
      est.pw.push(r.waitProbability);
      est.wq.push(r.queueWaitMs.mean);
      est.p99.push(r.queueWaitMs.p99);
    }
    expectWithin(est.pw, theory.waitProbability, 0);
    expectWithin(est.wq, theory.meanWait, 0);
    expectWithin(est.p99, p99, 0.01 * p99);
  });
});

function expectWithin(samples: number[], truth: number, extra: number): void {
  const k = samples.length;
  const mean = samples.reduce((a, b) => a + b, 0) / k;
  const sd = Math.sqrt(samples.reduce((a, b) => a + (b - mean) ** 2, 0) / (k - 1));
  const tolerance = 4 * (sd / Math.sqrt(k)) + extra;
  expect(Math.abs(mean - truth), `estimate ${mean} vs theory ${truth} (tolerance ${tolerance})`).toBeLessThanOrEqual(tolerance);
}
