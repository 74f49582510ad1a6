import { describe, expect, it } from 'vitest';
import type { ClusterModel, SimConfig } from '../../../sim/model.js';
import { simulate } from '../../../sim/run.js';
import { baseConfig, replayAt } from '../../support/scenarios.js';

/** One node group of `cores`, always one node. */
function oneNode(cores: number): ClusterModel {
  return {
    nodeGroups: [{ name: 'n', cpuMillicores: cores * 1000, memoryBytes: 8 * 2 ** 30, min: 1, max: 1, initial: 1, pricePerHour: 0, provisioning: { distribution: 'constant', valueMs: 0 }, scaleDownUnneededMs: 600_000 }],
    cgroup: 'v2',
    cfsPeriodMs: 100,
  };
}

function poisson(ratePerS: number, durationS: number): SimConfig['traffic'] {
  return { arrivals: 'poisson', profile: { executor: 'ramping-arrival-rate', startRate: ratePerS, timeUnitNs: 1e9, stages: [{ durationNs: durationS * 1e9, target: ratePerS }] }, mix: { op: 1 }, mixSeed: 7 };
}

/**
 * Two replicas on a one-core node against queueing theory. Poisson arrivals at λ, exponential CPU
 * demand of mean S, no downstream, each pod one event loop (FIFO CPU, one at a time) or one
 * worker. Whatever the routing, the core works at full speed whenever either pod has work, and
 * both pods' demands are exponential with the same mean, so the total number in the system is the
 * birth-death chain of an M/M/1 queue at ρ = λS: mean response time S / (1 − ρ), as one core in
 * processor sharing. Two pods with a core each would give S / (1 − ρ/2).
 */
describe('two replicas time-sharing one core (CFS, equal requests) against processor sharing', () => {
  const S = 5;
  const rho = 0.7;
  const ratePerS = (rho / S) * 1000;
  const REPLICATIONS = 6;
  const durationS = 100_000 / ratePerS;

  const meanLatency = (over: Partial<SimConfig>, seed: number): number =>
    simulate(
      baseConfig({
        seed,
        traffic: poisson(ratePerS, durationS),
        operations: [{ name: 'op', cpu: { distribution: 'exponential', meanMs: S }, downstream: null, memoryPerRequest: 0 }],
        deployment: { replicas: 2 },
        output: { intervalMs: 60_000, drainMs: 60_000, sketchAccuracy: 0.01, trace: false },
        ...over,
        lifecycle: { ...baseConfig().lifecycle, initialReady: 2 },
      }),
    ).summary.latencyMs.mean;

  it.each([
    ['one event loop each (fifo), 8 workers, round-robin', { workers: 8, cpuDiscipline: 'fifo' as const }, 'global-round-robin' as const],
    ['one worker each, random routing', { workers: 1, cpuDiscipline: 'shared' as const }, 'random' as const],
  ])('%s: mean latency S/(1-ρ) = 16.7 ms, not the 7.7 ms of a core each', (_name, pod, routing) => {
    const est: number[] = [];
    for (let seed = 1; seed <= REPLICATIONS; seed++) {
      est.push(meanLatency({ cluster: oneNode(1), routing, pod: { ...baseConfig().pod, ...pod, queueLimit: 1e9, cpuRequest: 500, cpuLimit: null } }, seed));
    }
    expectWithin(est, S / (1 - rho));
  });

  it('control: without modelled nodes each pod has its own CPU, two M/M/1 queues at ρ/2 (random routing)', () => {
    const est: number[] = [];
    for (let seed = 1; seed <= REPLICATIONS; seed++) {
      est.push(meanLatency({ cluster: null, routing: 'random', pod: { ...baseConfig().pod, workers: 1, queueLimit: 1e9, cpuRequest: 500, cpuLimit: null } }, seed));
    }
    expectWithin(est, S / (1 - rho / 2));
  });
});

describe('node-shared CPU inside the whole simulator (hand-computed timelines)', () => {
  const pod = { ...baseConfig().pod, workers: 4, queueLimit: 100, cpuRequest: 500, cpuLimit: null, cpuDiscipline: 'fifo' as const };
  const run = (over: Partial<SimConfig>) =>
    simulate(baseConfig({ cluster: oneNode(1), deployment: { replicas: 2 }, pod, output: { intervalMs: 1000, drainMs: 1000, sketchAccuracy: 0.001, trace: true }, ...over, lifecycle: { ...baseConfig().lifecycle, initialReady: 2 } }));

  it('two requests at once, one per replica, 10 ms of CPU each: both end at 20 ms (half a core each)', () => {
    const r = run({ traffic: replayAt([0, 0], 100), operations: [{ name: 'op', cpu: { distribution: 'constant', valueMs: 10 }, downstream: null, memoryPerRequest: 0 }] });
    expect(r.trace?.map((t) => t.endMs - t.arrivalMs)).toEqual([20, 20]);
  });

  it('one request alone: the idle neighbour leaves it the whole core (10 ms)', () => {
    const r = run({ traffic: replayAt([0], 100), operations: [{ name: 'op', cpu: { distribution: 'constant', valueMs: 10 }, downstream: null, memoryPerRequest: 0 }] });
    expect(r.trace?.map((t) => t.endMs - t.arrivalMs)).toEqual([10]);
  });

  it('a limit of 500m on a 2-core node: an 80 ms request is throttled at 50 ms and ends at 130 ms', () => {
    const r = run({ cluster: oneNode(2), deployment: { replicas: 1 }, pod: { ...pod, cpuLimit: 500 }, traffic: replayAt([0], 1000), operations: [{ name: 'op', cpu: { distribution: 'constant', valueMs: 80 }, downstream: null, memoryPerRequest: 0 }] });
    expect(r.trace?.[0]?.endMs).toBeCloseTo(130, 9);
  });

  it('the CPU the pods used adds up to the work done (metrics read the shared CPU)', () => {
    const r = run({ traffic: replayAt([0, 0, 3, 5], 1000), operations: [{ name: 'op', cpu: { distribution: 'constant', valueMs: 10 }, downstream: { distribution: 'constant', valueMs: 5 }, memoryPerRequest: 0 }] });
    expect(r.summary.requests.completed).toBe(4);
    const cpuMs = r.series.columns.cpuMillicores.reduce((a, b) => a + (Number.isFinite(b) ? (b as number) : 0), 0);
    expect(cpuMs).toBeCloseTo(40, 6);
  });
});

function expectWithin(samples: number[], truth: number): void {
  const k = samples.length;
  const mean = samples.reduce((a, b) => a + b, 0) / k;
  const sd = Math.sqrt(samples.reduce((a, b) => a + (b - mean) ** 2, 0) / (k - 1));
  const tolerance = 4 * (sd / Math.sqrt(k)) + 0.01 * truth;
  expect(Math.abs(mean - truth), `estimate ${mean} vs theory ${truth} (tolerance ${tolerance})`).toBeLessThanOrEqual(tolerance);
}
