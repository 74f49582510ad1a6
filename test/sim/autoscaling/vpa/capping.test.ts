import { describe, expect, it } from 'vitest';
import {
  applyPodLimitRange,
  applyRecommendation,
  applyVpaPolicy,
  boundaryRequest,
  capPodRecommendation,
  capRecommendationForContainer,
  containerPolicyFor,
  proportionalLimit,
} from '../../../../sim/autoscaling/vpa/index.js';
import {
  APPLY_POLICY_CASES,
  APPLY_POLICY_RECOMMENDATION,
  LIMIT_RANGE_CASES,
  POD_LIMIT_RANGE_CASES,
  PROCESSOR_CASES,
  policy,
} from '../../../fixtures/upstream/vpa/cappingCases.js';

describe('capping processor (upstream utils/vpa/capping_test.go)', () => {
  it.each(PROCESSOR_CASES)('$name', (c) => {
    const { recommendation, annotations } = capRecommendationForContainer(
      c.recommendation,
      containerPolicyFor({ containerPolicies: c.policies }, c.recommendation.containerName),
      { requests: {}, limits: c.limits },
    );
    expect(recommendation.target).toEqual(c.expected.target);
    expect(recommendation.upperBound).toEqual(c.expected.upperBound);
    if (c.expected.lowerBound) expect(recommendation.lowerBound).toEqual(c.expected.lowerBound);
    if (c.annotations.length === 0) expect(annotations).toEqual([]);
    for (const a of c.annotations) expect(annotations).toContain(a);
  });
});

describe('ApplyVPAPolicy (upstream TestApplyVPAPolicy)', () => {
  it.each(APPLY_POLICY_CASES)('$name', (c) => {
    const policies = structuredClone(c.policies);
    const out = applyVpaPolicy(APPLY_POLICY_RECOMMENDATION, containerPolicyFor({ containerPolicies: c.policies }, 'foo'), c.globalMaxAllowed);
    expect({ target: out.target, lowerBound: out.lowerBound, upperBound: out.upperBound, uncappedTarget: out.uncappedTarget }).toEqual(c.expected);
    // As upstream: the policy passed in is not modified.
    expect(c.policies).toEqual(policies);
  });
});

describe('container policy lookup', () => {
  it('an exact container name wins over the "*" default, whatever their order', () => {
    const spec = { containerPolicies: [policy({ containerName: '*', mode: 'Off' }), policy({ containerName: 'app', mode: 'Auto' })] };
    expect(containerPolicyFor(spec, 'app')?.mode).toBe('Auto');
    expect(containerPolicyFor(spec, 'sidecar')?.mode).toBe('Off');
    expect(containerPolicyFor({ containerPolicies: [] }, 'app')).toBeUndefined();
  });
});

describe('requests and limits from a recommendation (upstream limit_and_request_scaling.go, vpa.md §8)', () => {
  const auto = policy({ containerName: 'app' });
  it.each([
    ['limit keeps its ratio to the request (cpu, floor)', { requests: { cpu: 100 }, limits: { cpu: 200 } }, { cpu: 155 }, { requests: { cpu: 155 }, limits: { cpu: 310 } }],
    ['limit keeps its ratio (memory, exact beyond 2^53)', { requests: { memory: 8 * 2 ** 30 }, limits: { memory: 12 * 2 ** 30 } }, { memory: 10 * 2 ** 30 + 1 }, { requests: { memory: 10 * 2 ** 30 + 1 }, limits: { memory: 15 * 2 ** 30 + 1 } }],
    ['request equal to limit: limit := new request', { requests: { cpu: 500 }, limits: { cpu: 500 } }, { cpu: 300 }, { requests: { cpu: 300 }, limits: { cpu: 300 } }],
    ['no request but a limit: limit := new request', { requests: {}, limits: { cpu: 500 } }, { cpu: 300 }, { requests: { cpu: 300 }, limits: { cpu: 300 } }],
    ['no limit: none is set', { requests: { cpu: 500 }, limits: {} }, { cpu: 300 }, { requests: { cpu: 300 }, limits: {} }],
  ] as const)('%s', (_name, current, target, expected) => {
    expect(applyRecommendation(structuredClone(current), target, auto)).toEqual(expected);
  });

  it('RequestsOnly leaves limits alone; uncontrolled resources and mode Off are untouched', () => {
    const current = { requests: { cpu: 100, memory: 1000 }, limits: { cpu: 200, memory: 2000 } };
    expect(applyRecommendation(current, { cpu: 150, memory: 1500 }, policy({ containerName: 'a', controlledValues: 'RequestsOnly' }))).toEqual({
      requests: { cpu: 150, memory: 1500 },
      limits: { cpu: 200, memory: 2000 },
    });
    expect(applyRecommendation(current, { cpu: 150, memory: 1500 }, policy({ containerName: 'a', controlledResources: ['memory'] }))).toEqual({
      requests: { cpu: 100, memory: 1500 },
      limits: { cpu: 200, memory: 3000 },
    });
    expect(applyRecommendation(current, { cpu: 150 }, policy({ containerName: 'a', mode: 'Off' }))).toEqual(current);
  });

  it('proportionalLimit returns no limit for a zero recommendation', () => {
    expect(proportionalLimit('cpu', 200, 100, 0)).toBeUndefined();
  });
});

describe('LimitRange capping (upstream capping_test.go)', () => {
  it.each(LIMIT_RANGE_CASES)('$name', (c) => {
    const out = capPodRecommendation(c.recommendations, c.containers, { containerPolicies: c.policies ?? [] }, {
      ...(c.containerLimitRange ? { container: c.containerLimitRange } : {}),
      ...(c.podLimitRange ? { pod: c.podLimitRange } : {}),
    });
    expect(out.recommendations.map((r) => [r.containerName, r.target])).toEqual(c.expected);
    expect(Object.keys(out.annotations).sort()).toEqual(Object.keys(c.annotations).sort());
    for (const [name, notes] of Object.entries(c.annotations)) expect([...(out.annotations[name] ?? [])].sort()).toEqual([...notes].sort());
  });

  it.each(POD_LIMIT_RANGE_CASES)('TestApplyPodLimitRange: $name', (c) => {
    const recs = structuredClone(c.recommendations);
    applyPodLimitRange(recs, c.containers, c.limitRange, c.resource, 'target');
    expect(recs.map((r) => [r.containerName, r.target])).toEqual(c.expected);
  });

  it('boundaryRequest keeps the limit/request ratio, uses the default limit, and has no bound without a limit', () => {
    expect(boundaryRequest(50e6, 600e6, 500e6, 0)).toBe(41_666_666);
    expect(boundaryRequest(100, 0, 1000, 200)).toBe(500);
    expect(boundaryRequest(100, 0, 1000, 0)).toBe(0);
    expect(boundaryRequest(0, 200, 1000, 0)).toBe(1000);
  });
});
