import { describe, expect, it } from 'vitest';
import type { Evaluation } from '../../tune/evaluation.js';
import { currentIsBetter, paretoFront } from '../../tune/results.js';

function ev(id: string, objective: number, worstMargin: number | null, feasible = true): Evaluation {
  return { index: 0, id, origin: 'sample', params: null, spec: { minReplicas: 1, maxReplicas: 2, metrics: [] }, seeds: 1, feasible, objective, podHours: objective, cost: 0, worstMargin, violation: 0, violated: [], runs: [] };
}

describe('the Pareto front of cost vs worst-case SLO margin', () => {
  const cases: Array<[string, Evaluation[], string[]]> = [
    ['keeps the points no other beats on both cost and margin, by cost', [ev('a', 1, -0.5, false), ev('b', 2, 0.2), ev('c', 3, 0.1), ev('d', 4, 0.6)], ['a', 'b', 'd']],
    ['drops a point with the same cost and a smaller margin', [ev('a', 1, 0.1), ev('b', 1, 0.3)], ['b']],
    ['drops a point with the same margin and a higher cost', [ev('a', 1, 0.3), ev('b', 2, 0.3)], ['a']],
    ['leaves out evaluations without an SLO', [ev('a', 1, null), ev('b', 2, 0.1)], ['b']],
    ['is empty for no evaluations', [], []],
  ];
  it.each(cases)('%s', (_n, evals, ids) => {
    expect(paretoFront(evals).map((e) => e.id)).toEqual(ids);
  });
});

describe('currentIsBetter (the report then says: keep the current HPA)', () => {
  const cases: Array<[string, Evaluation, Evaluation | null, boolean]> = [
    ['the current HPA meets the SLOs for less', ev('current', 1, 0.2), ev('b', 2, 0.3), true],
    ['the best found meets them for less', ev('current', 2, 0.2), ev('b', 1, 0.3), false],
    ['the current HPA misses SLOs, however cheap', ev('current', 0.5, -1, false), ev('b', 2, 0.3), false],
    ['nothing was evaluated in full', ev('current', 2, 0.2), null, true],
  ];
  it.each(cases)('%s', (_n, current, best, expected) => {
    expect(currentIsBetter({ current, best })).toBe(expected);
  });
});
