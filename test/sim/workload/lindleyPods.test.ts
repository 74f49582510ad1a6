import { describe, expect, it } from 'vitest';
import type { ControlLoop } from '../../../sim/controlLoop.js';
import type { SimConfig } from '../../../sim/model.js';
import { SERIES_COLUMNS } from '../../../sim/metrics/timeSeries.js';
import { simulate } from '../../../sim/run.js';
import type { SimResult } from '../../../sim/results.js';
import { baseConfig } from '../../support/scenarios.js';

/** A control loop that does nothing: its presence alone sends a run through the event kernel. */
const idle: ControlLoop = { name: 'idle', periodMs: 1e15, firstTickMs: 1e15, tick: () => {} };
const byEvents = (cfg: SimConfig): SimResult => simulate(cfg, [idle]);
const byLindley = (cfg: SimConfig): SimResult => simulate(cfg);

const poisson = (ratePerS: number, seconds: number): SimConfig['traffic'] => ({
  arrivals: 'poisson',
  profile: { executor: 'ramping-arrival-rate', startRate: ratePerS, timeUnitNs: 1e9, stages: [{ durationNs: seconds * 1e9, target: ratePerS }] },
  mix: { a: 2, b: 1 },
  mixSeed: 7,
});

/** Two operations, an overloaded pod (95 % then over capacity), a short timeout, a short queue and a drain that ends mid-flight. */
function stressed(over: Partial<SimConfig> = {}): SimConfig {
  return baseConfig({
    traffic: poisson(420, 120),
    operations: [
      { name: 'a', cpu: { distribution: 'exponential', meanMs: 6 }, downstream: { distribution: 'lognormal', medianMs: 3, sigma: 0.5 }, memoryPerRequest: 0 },
      { name: 'b', cpu: { distribution: 'constant', valueMs: 2 }, downstream: { distribution: 'exponential', meanMs: 8 }, memoryPerRequest: 0 },
    ],
    pod: { ...baseConfig().pod, workers: 4, queueLimit: 30 },
    client: { timeoutMs: 120, gapMs: 0, abandonQueued: false, retry: null },
    output: { intervalMs: 7_000, drainMs: 50, sketchAccuracy: 0.01, trace: false },
    ...over,
  });
}

function expectSameRun(a: SimResult, b: SimResult): void {
  const sa = a.summary;
  const sb = b.summary;
  expect(sa.requests).toEqual(sb.requests);
  for (const k of ['latencyMs', 'latencyAllMs', 'queueWaitMs'] as const) {
    const x = sa[k];
    const y = sb[k];
    expect([x.count, x.p50, x.p90, x.p95, x.p99], k).toEqual([y.count, y.p50, y.p90, y.p95, y.p99]);
    // Sums and times computed in another order (processor sharing's virtual clock) agree to rounding.
    expect(x.mean, k).toBeCloseTo(y.mean, 9);
    expect(x.max, k).toBeCloseTo(y.max, 9);
  }
  expect(sa.waitProbability).toBe(sb.waitProbability);
  expect(sa.cpuUtilization.mean).toBeCloseTo(sb.cpuUtilization.mean, 9);
  expect(Object.keys(sa.perOperation)).toEqual(Object.keys(sb.perOperation));
  for (const op of Object.keys(sa.perOperation)) expect(sa.perOperation[op]?.latencyMs.p99, op).toBe(sb.perOperation[op]?.latencyMs.p99);
  for (const c of SERIES_COLUMNS) {
    const x = Array.from(a.series.columns[c]);
    const y = Array.from(b.series.columns[c]);
    x.forEach((v, i) => {
      if (Number.isNaN(y[i] as number)) expect(v, `${c}[${i}]`).toBeNaN();
      else expect(v, `${c}[${i}]`).toBeCloseTo(y[i] as number, 6);
    });
  }
}

describe('the Lindley kernel (FIFO pods with fixed routing)', () => {
  it('gives the event kernel\'s results on one pod: rejections, timeouts, queue waits, unfinished requests, every time-series cell', () => {
    const r = byLindley(stressed());
    expect(r.summary.requests.rejected).toBeGreaterThan(0);
    expect(r.summary.requests.timedOut).toBeGreaterThan(0);
    expect(r.summary.requests.unfinished).toBeGreaterThan(0);
    expectSameRun(r, byEvents(stressed()));
  });

  it('gives them with abandoned queued requests (the client is gone: the pod skips them)', () => {
    const cfg = stressed({ client: { timeoutMs: 60, gapMs: 0, abandonQueued: true, retry: null } });
    const r = byLindley(cfg);
    expectSameRun(r, byEvents(cfg));
  });

  it('gives them across pods when service times are constant (the order of the draws cannot matter)', () => {
    const cfg = stressed({
      deployment: { replicas: 3 },
      lifecycle: { ...baseConfig().lifecycle, initialReady: 3 },
      operations: [
        { name: 'a', cpu: { distribution: 'constant', valueMs: 9 }, downstream: { distribution: 'constant', valueMs: 20 }, memoryPerRequest: 0 },
        { name: 'b', cpu: { distribution: 'constant', valueMs: 3 }, downstream: null, memoryPerRequest: 0 },
      ],
      traffic: poisson(390, 60),
      routing: 'random',
    });
    expectSameRun(byLindley(cfg), byEvents(cfg));
  });

  it('keeps the latency of each operation over time, as the event kernel does', () => {
    const l = byLindley(stressed()).operationSeries;
    const e = byEvents(stressed()).operationSeries;
    expect(l?.completed.some((c) => c.some((n) => n > 0))).toBe(true);
    for (const k of ['completed', 'p50', 'p95', 'p99'] as const) expect(l?.[k].map((c) => Array.from(c)), k).toEqual(e?.[k].map((c) => Array.from(c)));
  });

  it('treats a CPU limit of at least a core per worker as no limit', () => {
    const cfg = stressed({ pod: { ...stressed().pod, cpuLimit: 4000 } });
    expectSameRun(byLindley(cfg), byEvents(cfg));
  });
});
