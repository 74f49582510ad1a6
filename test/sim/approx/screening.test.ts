import { describe, expect, it } from 'vitest';
import { screenRun } from '../../../sim/approx/screening.js';
import type { SimConfig } from '../../../sim/model.js';
import { simulate } from '../../../sim/run.js';
import { baseConfig } from '../../support/scenarios.js';
import { loadTuneInputs } from '../../../tune/inputs.js';
import { FLASH, STEADY } from '../../tune/support.js';

/** One pod of `c` workers at a steady load: an M/G/c queue. */
function steady(c: number, rho: number, cpu: SimConfig['operations'][number]['cpu'], meanMs: number): SimConfig {
  const ratePerS = ((rho * c) / meanMs) * 1000;
  const durationNs = 600e9;
  return baseConfig({
    seed: 3,
    traffic: { arrivals: 'poisson', profile: { executor: 'ramping-arrival-rate', startRate: ratePerS, timeUnitNs: 1e9, stages: [{ durationNs, target: ratePerS }] }, mix: { op: 1 }, mixSeed: 7 },
    operations: [{ name: 'op', cpu, downstream: null, memoryPerRequest: 0 }],
    pod: { workers: c, queueLimit: 1e9, cpuRequest: 1000, cpuLimit: null, memoryRequest: 1, memoryLimit: null, idleCpu: 0, cpuDiscipline: 'shared', cpuWakeupMs: 0 },
    output: { intervalMs: 60_000, drainMs: 60_000, sketchAccuracy: 0.01, trace: false },
  });
}

const rel = (a: number, b: number) => Math.abs(a - b) / b;

describe('the screening model (a queueing approximation of a run)', () => {
  it.each([
    ['M/M/4 at 80 %', steady(4, 0.8, { distribution: 'exponential', meanMs: 20 }, 20)],
    ['M/M/10 at 90 %', steady(10, 0.9, { distribution: 'exponential', meanMs: 10 }, 10)],
    ['M/lognormal/8 at 75 %', steady(8, 0.75, { distribution: 'lognormal', medianMs: 10, sigma: 0.8 }, 10 * Math.exp(0.32))],
  ])('agrees with the full simulation on latency percentiles of a steady queue: %s', (_name, cfg) => {
    const full = simulate(cfg).summary.latencyMs;
    const approx = screenRun(cfg).latencyMs;
    expect(rel(approx.p50, full.p50)).toBeLessThan(0.1);
    expect(rel(approx.p95, full.p95)).toBeLessThan(0.15);
    expect(rel(approx.p99, full.p99)).toBeLessThan(0.15);
  });

  it.each([['steady', STEADY], ['flash sale', FLASH]])('follows the HPA through a run (%s): pod-hours within 15 %, p99 within 25 %, peak replicas within 20 %', (_name, f) => {
    const [s] = loadTuneInputs([f.scenario], f.manifests).scenarios;
    // The default Service routing with its callers' keep-alive pools: the screening model splits
    // traffic evenly over the ready pods, which the pools come close to (one pool would not: see
    // test/sim/workload/service.test.ts).
    const cfg = (s as { config: SimConfig }).config;
    const full = simulate(cfg).summary;
    const approx = screenRun(cfg);
    expect(rel(approx.podHours, full.podHours)).toBeLessThan(0.15);
    expect(rel(approx.latencyMs.p99, full.latencyMs.p99)).toBeLessThan(0.25);
    expect(rel(approx.replicas.max, full.replicas.max)).toBeLessThanOrEqual(0.2);
    expect(Math.abs(approx.errorRate - full.errorRate)).toBeLessThan(0.02);
  });

  it('rejects what exceeds the queues when demand passes capacity, and is deterministic', () => {
    const cfg = steady(2, 1.5, { distribution: 'constant', valueMs: 10 }, 10);
    const over = { ...cfg, pod: { ...cfg.pod, queueLimit: 10 } };
    const a = screenRun(over);
    expect(a.errorRate).toBeGreaterThan(0.3);
    expect(a.errorRate).toBeLessThan(0.4); // a third of the arrivals find no room: 1 − 1/1.5
    expect(screenRun(over)).toEqual(a);
  });
});
