import { describe, expect, it } from 'vitest';
import type { SimConfig } from '../../../sim/model.js';
import { simulate } from '../../../sim/run.js';
import { baseConfig } from '../../support/scenarios.js';

/** k6 constant-arrival-rate at `rate`/s for `durationMs`, with a VU pool. */
function k6(rate: number, durationMs: number, preAllocated: number, max: number): SimConfig['traffic'] {
  return {
    arrivals: 'k6',
    profile: { executor: 'constant-arrival-rate', rate, timeUnitNs: 1e9, durationNs: durationMs * 1e6 },
    mix: { op: 1 },
    mixSeed: 7,
    vus: { preAllocated, max, initMs: 0 },
  };
}

/** Every request takes exactly `ms` (a downstream wait, no CPU), never queued. */
function taking(ms: number): Partial<SimConfig> {
  return {
    operations: [{ name: 'op', cpu: { distribution: 'constant', valueMs: 0 }, downstream: { distribution: 'constant', valueMs: ms }, memoryPerRequest: 0 }],
    pod: { ...baseConfig().pod, workers: 1000, queueLimit: 0 },
    output: { intervalMs: 1000, drainMs: 60_000, sketchAccuracy: 0.01, trace: true },
  };
}

describe("k6's VU pool in the arrival-rate executors: an iteration that finds every VU busy is dropped", () => {
  it('upstream TestConstantArrivalRateDroppedIterations: 10/s for 950 ms, 5 VUs whose iterations never end: 5 started, 5 dropped', () => {
    const r = simulate(baseConfig({ ...taking(1e9), traffic: k6(10, 950, 5, 5) }));
    expect(r.summary.requests.firstAttempts).toBe(5);
    expect(r.summary.requests.droppedIterations).toBe(5);
  });

  it('one VU more up to maxVUs, initialised after the drop that asked for it (which stays dropped), one at a time', () => {
    // 10/s, 250 ms iterations, 1 preallocated, maxVUs 2. t=0: VU0 (busy to 250). t=100: none idle,
    // dropped; VU1 initialised. t=200: VU1 (to 450). t=300: VU0 (to 550). t=400: dropped, budget
    // spent. t=500: VU1 (to 750). t=600: VU0 (to 850). t=700: dropped. t=800: VU1. t=900: VU0.
    const r = simulate(baseConfig({ ...taking(250), traffic: k6(10, 1000, 1, 2) }));
    expect(r.trace?.map((t) => t.arrivalMs)).toEqual([0, 200, 300, 500, 600, 800, 900]);
    expect(r.summary.requests.droppedIterations).toBe(3);
  });

  it('enough VUs: nothing dropped, and the drops are not counted as arrivals', () => {
    const r = simulate(baseConfig({ ...taking(250), traffic: k6(10, 1000, 3, 3) }));
    expect(r.summary.requests.droppedIterations).toBe(0);
    expect(r.summary.requests.firstAttempts).toBe(10);
  });

  it('without a VU budget (no preAllocatedVUs in the scenario) VUs never run out', () => {
    const r = simulate(baseConfig({ ...taking(1e9), traffic: { ...k6(10, 950, 1, 1), vus: null } }));
    expect(r.summary.requests.firstAttempts).toBe(10);
    expect(r.summary.requests.droppedIterations).toBe(0);
  });
});
