import { describe, expect, it } from 'vitest';
import { configFor, runCandidate, seedsOf, type RunFigures } from '../../tune/evaluate.js';
import { aggregate, compareEvaluations } from '../../tune/evaluation.js';
import { FLASH, fixtureSearch } from './support.js';

describe('configFor', () => {
  const { inputs } = fixtureSearch(FLASH, { budget: 1, seeds: 1 });
  const base = inputs.scenarios[0]?.config as NonNullable<(typeof inputs.scenarios)[0]>['config'];
  it.each([
    ['below minReplicas: raised to it', 4, 20, 4],
    ['inside the range: kept', 1, 20, 1],
  ])('starts the Deployment (replicas %s)', (_n, min, max, expected) => {
    const c = configFor(base, { ...inputs.hpa.spec, minReplicas: min, maxReplicas: max }, 9);
    expect(c.deployment.replicas).toBe(expected);
    expect(c.lifecycle.initialReady).toBe(expected);
    expect(c.seed).toBe(9);
    expect(c.hpa?.spec.minReplicas).toBe(min);
  });
});

describe('runCandidate', () => {
  const { inputs } = fixtureSearch(FLASH, { budget: 1, seeds: 1 });
  const runs = runCandidate(inputs.hpa.spec, inputs.scenarios, [0, 1]);

  it('simulates each scenario on its own seed and the next ones', () => {
    expect(seedsOf(1, 3)).toEqual([1, 2, 3]);
    expect(runs.map((r) => [r.scenario, r.seed])).toEqual([['tune-flash-sale', 1], ['tune-flash-sale', 2]]);
  });

  it('different seeds give different runs (other Poisson arrivals, so another error rate under overload)', () => {
    expect(runs[0]?.errorRate).not.toBe(runs[1]?.errorRate);
  });

  it('is deterministic', () => {
    expect(runCandidate(inputs.hpa.spec, inputs.scenarios, [0, 1])).toEqual(runs);
  });
});

describe('aggregate and the order of preference', () => {
  const run = (podHours: number, pass: boolean, margin: number): RunFigures => ({
    scenario: 's', seed: 1, podHours, cost: podHours / 10, p99Ms: 100, errorRate: 0, peakReplicas: 3, worstMargin: margin,
    verdicts: [{ scope: 'overall', objective: 'p99 latency', target: 200, predicted: 200 * (1 - margin), pass, margin }],
  });
  const cand = (id: string) => ({ index: 0, id, origin: 'sample' as const, params: null, spec: { minReplicas: 1, maxReplicas: 2, metrics: [] } });

  it('sums over scenarios the mean over seeds, and scores the missed margins', () => {
    const e = aggregate(cand('x'), [run(1, true, 0.5), { ...run(3, false, -0.25), seed: 2 }], 1, 'pod-hours');
    expect(e).toMatchObject({ seeds: 2, objective: 2, podHours: 2, feasible: false, worstMargin: -0.25, violation: 0.25 });
    expect(e.violated).toEqual(['s/2: overall p99 latency 250 > 200']);
  });

  it('prefers feasible, then cheaper; among infeasible the smaller violation', () => {
    const feasCheap = aggregate(cand('a'), [run(1, true, 0.1)], 1, 'pod-hours');
    const feasDear = aggregate(cand('b'), [run(2, true, 0.9)], 1, 'pod-hours');
    const nearMiss = aggregate(cand('c'), [run(0.5, false, -0.1)], 1, 'pod-hours');
    const farMiss = aggregate(cand('d'), [run(0.4, false, -2)], 1, 'pod-hours');
    expect([farMiss, nearMiss, feasDear, feasCheap].sort(compareEvaluations).map((e) => e.id)).toEqual(['a', 'b', 'c', 'd']);
  });
});
