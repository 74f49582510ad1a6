import { describe, expect, it } from 'vitest';
import { InputError } from '../../input/inputError.js';
import { defaultSearchSpace, minReplicasLadder, parseSearchSpace, spaceSize } from '../../tune/searchSpace.js';
import type { HpaSpec } from '../../sim/autoscaling/hpa/types.js';

const current: HpaSpec = { minReplicas: 2, maxReplicas: 10, metrics: [] };
const base = defaultSearchSpace(current);

describe('the default search space', () => {
  it('is built around the current HPA: minReplicas on a ladder up to its maxReplicas (and its own minReplicas), its maxReplicas and twice it', () => {
    expect(base.minReplicas).toEqual([1, 2, 3, 4, 6, 8, 10]);
    expect(base.maxReplicas).toEqual([10, 20]);
    expect(defaultSearchSpace({ ...current, minReplicas: 5 }).minReplicas).toEqual([1, 2, 3, 4, 5, 6, 8, 10]);
  });

  it('lets minReplicas reach the replicas a peak needs: a load step faster than pods start is served by the pods already running', () => {
    expect(minReplicasLadder(60)).toEqual([1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 60]);
    expect(minReplicasLadder(1)).toEqual([1]);
    expect(minReplicasLadder(3)).toEqual([1, 2, 3]);
    // Logarithmic in maxReplicas, so the grid and the samples stay small.
    expect(minReplicasLadder(1000).length).toBeLessThanOrEqual(2 * Math.log2(1000) + 1);
  });

  it('includes the Kubernetes default behavior values (scale up 4 pods / 100% per 15 s, scale down window 300 s)', () => {
    expect(base.scaleUp.pods).toContain(4);
    expect(base.scaleUp.percent).toContain(100);
    expect(base.scaleUp.periodSeconds).toContain(15);
    expect(base.scaleDown.stabilizationWindowSeconds).toContain(300);
  });

  it('is far too large for a full grid, hence the smart search', () => {
    expect(spaceSize(base)).toBeGreaterThan(100_000);
  });
});

describe('a search-space file', () => {
  it('replaces only the lists it names, sorted and without duplicates', () => {
    const s = parseSearchSpace('targetUtilization: [70, 50, 70]\nscaleUp:\n  pods: [2]\n', 'space.yaml', base);
    expect(s.targetUtilization).toEqual([50, 70]);
    expect(s.scaleUp.pods).toEqual([2]);
    expect(s.scaleUp.percent).toEqual(base.scaleUp.percent);
    expect(s.minReplicas).toEqual(base.minReplicas);
  });

  it('may be empty (the defaults)', () => {
    expect(parseSearchSpace('', 'space.yaml', base)).toEqual(base);
  });

  const bad: Array<[string, string, RegExp]> = [
    ['a misspelt key, with its line', 'targetUtilization: [50]\nscaleUp:\n  podz: [2]\n', /^space\.yaml:3: scaleUp\.podz: unknown field "podz"/],
    ['a value out of range (window over 3600 s)', 'scaleDown:\n  stabilizationWindowSeconds: [300, 4000]\n', /^space\.yaml:2: scaleDown\.stabilizationWindowSeconds\[1\]: .*3600/],
    ['an empty list', 'minReplicas: []\n', /^space\.yaml:1: minReplicas: expected at least one value/],
    ['a fraction where whole numbers are expected', 'minReplicas: [1.5]\n', /^space\.yaml:1: minReplicas\[0\]: .*int/i],
    ['an unknown selectPolicy', 'scaleUp:\n  selectPolicy: [Fastest]\n', /^space\.yaml:2: scaleUp\.selectPolicy\[0\]: /],
    ['no minReplicas below any maxReplicas', 'minReplicas: [30]\nmaxReplicas: [10, 20]\n', /^space\.yaml:1: minReplicas: no minReplicas is <= the largest maxReplicas \(20\)/],
    ['a list instead of a mapping', '- 50\n- 60\n', /^space\.yaml:1: expected a mapping/],
    ['YAML that does not parse', 'targetUtilization: [50\n', /^space\.yaml:\d+:\d+: YAML does not parse/],
  ];
  it.each(bad)('rejects %s with file, line and field', (_name, text, message) => {
    expect(() => parseSearchSpace(text, 'space.yaml', base)).toThrow(InputError);
    expect(() => parseSearchSpace(text, 'space.yaml', base)).toThrow(message);
  });
});
