import { describe, expect, it } from 'vitest';
import type { HpaSpec } from '../../sim/autoscaling/hpa/types.js';
import { candidateList, specOf } from '../../tune/candidates.js';
import { nearestPoint, neighbours, paramsAt, pointOf } from '../../tune/points.js';
import { defaultSearchSpace, parseSearchSpace } from '../../tune/searchSpace.js';

const current: HpaSpec = { minReplicas: 2, maxReplicas: 10, metrics: [] };
const space = defaultSearchSpace(current);

describe('the candidate list', () => {
  const list = candidateList(space, 100, 7, current);

  it('is the same for the same space, count and seed, and another for another seed', () => {
    expect(candidateList(space, 100, 7, current)).toEqual(list);
    expect(candidateList(space, 100, 8, current).map((c) => c.id)).not.toEqual(list.map((c) => c.id));
  });

  it('starts from the point nearest the current HPA, then the coarse grid (target × minReplicas, other settings at the Kubernetes defaults), then seeded samples', () => {
    expect(list[0]?.origin).toBe('nearest');
    const grid = list.filter((c) => c.origin === 'grid');
    expect(grid.length).toBeGreaterThanOrEqual(space.targetUtilization.length * space.minReplicas.length - 1);
    expect(list.slice(1, 1 + grid.length)).toEqual(grid);
    expect(grid[0]?.params).toMatchObject({ scaleUp: { pods: 4, percent: 100, periodSeconds: 15, selectPolicy: 'Max', stabilizationWindowSeconds: 0 }, scaleDown: { stabilizationWindowSeconds: 300 } });
    expect(list.slice(1 + grid.length).every((c) => c.origin === 'sample')).toBe(true);
  });

  it('has no duplicates, stable ids, indices in order, and only valid min <= max', () => {
    expect(new Set(list.map((c) => c.id)).size).toBe(list.length);
    expect(list.map((c) => c.index)).toEqual(list.map((_, i) => i));
    expect(list.every((c) => c.params !== null && c.params.minReplicas <= c.params.maxReplicas)).toBe(true);
    // a longer list extends the shorter one: ids do not depend on the count
    expect(candidateList(space, 150, 7, current).slice(0, 100)).toEqual(list);
  });

  it('stops at the size of a small space', () => {
    const tiny = parseSearchSpace('targetUtilization: [50, 60]\nminReplicas: [1]\nmaxReplicas: [5]\nscaleUp: { stabilizationWindowSeconds: [0], pods: [4], percent: [100], periodSeconds: [15], selectPolicy: [Max] }\nscaleDown: { stabilizationWindowSeconds: [0, 300], pods: [1], percent: [100], periodSeconds: [15], selectPolicy: [Max] }\n', 's.yaml', space);
    expect(candidateList(tiny, 50, 1, current)).toHaveLength(4);
  });
});

describe('a candidate HPA spec', () => {
  it('has one CPU Utilization metric and both behaviors with a Pods and a Percent policy of one period', () => {
    const p = paramsAt(space, [2, 1, 0, 0, 2, 1, 0, 1, 2, 1, 1, 0, 0]);
    expect(specOf(p, current)).toEqual({
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } }],
      behavior: {
        scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Min', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
        scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 2, periodSeconds: 15 }, { type: 'Percent', value: 50, periodSeconds: 15 }] },
      },
    });
  });

  it('keeps a per-HPA tolerance of the current HPA', () => {
    const withTol: HpaSpec = { ...current, behavior: { scaleUp: { selectPolicy: 'Max', policies: [], tolerance: 0.05 }, scaleDown: { selectPolicy: 'Max', policies: [] } } };
    expect(specOf(paramsAt(space, new Array(13).fill(0)), withTol).behavior?.scaleUp.tolerance).toBe(0.05);
  });
});

describe('nearestPoint', () => {
  it('picks the closest value of each dimension to the HPA, Kubernetes defaults for what it leaves out', () => {
    const h: HpaSpec = { minReplicas: 5, maxReplicas: 30, metrics: [{ type: 'Resource', resource: 'cpu', target: { type: 'Utilization', averageUtilization: 72 } }], behavior: { scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] }, scaleDown: { selectPolicy: 'Min', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] } } };
    expect(paramsAt(space, nearestPoint(space, h))).toEqual({
      targetUtilization: 70, minReplicas: 4, maxReplicas: 20,
      scaleUp: { stabilizationWindowSeconds: 0, pods: 1, percent: 100, periodSeconds: 60, selectPolicy: 'Max' },
      scaleDown: { stabilizationWindowSeconds: 300, pods: 4, percent: 100, periodSeconds: 15, selectPolicy: 'Min' },
    });
  });
});

describe('neighbours (local refinement)', () => {
  it('are one step away in exactly one dimension, inside the space', () => {
    const p = [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const n = neighbours(space, p);
    for (const q of n) expect(q.filter((x, i) => x !== p[i])).toHaveLength(1);
    expect(n).toContainEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(n).toContainEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(n.every((q) => q.every((x) => x >= 0))).toBe(true);
  });
});

describe('pointOf', () => {
  it('inverts paramsAt', () => {
    const p = [3, 2, 1, 2, 3, 1, 2, 0, 3, 2, 1, 1, 1];
    expect(pointOf(space, paramsAt(space, p))).toEqual(p);
  });
});
